package org.drover.launcher.jobs.hcl;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.drover.launcher.jobs.hcl.Body.Attribute;
import org.drover.launcher.jobs.hcl.Body.Block;
import org.drover.launcher.jobs.hcl.Expr.Part;

/**
 * HCL's native syntax read into {@link Body} and {@link Expr}: bodies, the
 * expression grammar with HCL's operator precedence, templates with their
 * interpolations, directives and strip markers, and heredocs.
 */
final class Parser {

    private static final String[][] BINARY = {{"||"}, {"&&"}, {"==", "!="}, {"<=", ">=", "<", ">"}, {"+", "-"},
        {"*", "/", "%"}};

    private final String text;
    private final int firstLine;
    private final int[] lineStarts;
    private int pos;
    /** Whether line breaks are mere space where the parse is: inside brackets yes, in bodies and objects no. */
    private final Deque<Boolean> newlinesAreSpace = new ArrayDeque<>();

    private Parser(String text, int firstLine) {
        this.text = text;
        this.firstLine = firstLine;
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
        newlinesAreSpace.push(false);
    }

    static Body file(String text) throws HclError {
        Parser p = new Parser(text, 1);
        return p.body(false);
    }

    /** One expression and nothing else, as a {@code -var} value is written. */
    static Expr expression(String text) throws HclError {
        Parser p = new Parser(text, 1);
        p.newlinesAreSpace.push(true);
        p.space();
        Expr e = p.expr();
        p.space();
        if (!p.eof()) {
            throw p.error("Extra characters after expression; only one value is expected, found " + p.shown());
        }
        return e;
    }

    // --- bodies ---------------------------------------------------------------------------

    private Body body(boolean nested) throws HclError {
        List<Body.Item> items = new ArrayList<>();
        while (true) {
            skipNewlinesToo();
            if (eof()) {
                if (nested) {
                    throw error("Unclosed configuration block; a block has no closing \"}\"");
                }
                return new Body(items);
            }
            if (nested && peek('}')) {
                pos++;
                return new Body(items);
            }
            int line = line(pos);
            String name = identifier();
            if (name == null) {
                throw error("Argument or block definition required; found " + shown());
            }
            space();
            if (peek('=') && !peek("==")) {
                pos++;
                space();
                items.add(new Attribute(name, expr(), line));
            } else {
                List<String> labels = new ArrayList<>();
                while (!peek('{')) {
                    if (peek('"')) {
                        labels.add(label());
                    } else {
                        String l = identifier();
                        if (l == null) {
                            throw error("Invalid block definition; expected a label or \"{\" after " + name
                                    + ", found " + shown());
                        }
                        labels.add(l);
                    }
                    space();
                }
                pos++;
                newlinesAreSpace.push(false);
                items.add(new Block(name, List.copyOf(labels), body(true), line));
                newlinesAreSpace.pop();
            }
        }
    }

    private String label() throws HclError {
        int line = line(pos);
        Expr e = quoted();
        if (e instanceof Expr.Literal l && l.value() instanceof String s) {
            return s;
        }
        throw HclError.syntax(line, 0, "Invalid block label; a label is a plain string, without ${…}");
    }

    // --- expressions ----------------------------------------------------------------------

    private Expr expr() throws HclError {
        Expr cond = binary(0);
        space();
        if (peek('?')) {
            int line = line(pos);
            pos++;
            space();
            Expr then = expr();
            space();
            expect(':', "the \":\" of a conditional (cond ? a : b)");
            space();
            return new Expr.Conditional(cond, then, expr(), line);
        }
        return cond;
    }

    private Expr binary(int level) throws HclError {
        if (level == BINARY.length) {
            return unary();
        }
        Expr left = binary(level + 1);
        while (true) {
            space();
            String op = operator(BINARY[level]);
            if (op == null) {
                return left;
            }
            int line = line(pos);
            pos += op.length();
            space();
            left = new Expr.Binary(op, left, binary(level + 1), line);
        }
    }

    private String operator(String[] ops) {
        for (String op : ops) {
            if (peek(op) && !(op.equals("<") && peek("<<")) && !(op.equals("%") && peek("%{"))) {
                return op;
            }
        }
        return null;
    }

    private Expr unary() throws HclError {
        space();
        int line = line(pos);
        if (peek('-') && !peek("->")) {
            pos++;
            return new Expr.Unary("-", unary(), line);
        }
        if (peek('!') && !peek("!=")) {
            pos++;
            return new Expr.Unary("!", unary(), line);
        }
        int start = pos;
        return traversals(primary(), start);
    }

    private Expr primary() throws HclError {
        int line = line(pos);
        if (eof()) {
            throw error("Invalid expression; expected a value, found the end of the file");
        }
        char c = text.charAt(pos);
        if (Character.isDigit(c)) {
            return number();
        }
        if (c == '"') {
            return quoted();
        }
        if (peek("<<")) {
            return heredoc();
        }
        if (c == '(') {
            pos++;
            newlinesAreSpace.push(true);
            space();
            Expr e = expr();
            space();
            expect(')', "the \")\" of a parenthesized expression");
            newlinesAreSpace.pop();
            return e;
        }
        if (c == '[') {
            return tuple();
        }
        if (c == '{') {
            return object();
        }
        int start = pos;
        String name = identifier();
        if (name == null) {
            throw error("Invalid expression; expected a value, found " + shown());
        }
        switch (name) {
            case "true":
                return new Expr.Literal(Boolean.TRUE, line);
            case "false":
                return new Expr.Literal(Boolean.FALSE, line);
            case "null":
                return new Expr.Literal(null, line);
            default:
                break;
        }
        int afterName = pos;
        space();
        if (peek('(')) {
            return call(name, line);
        }
        pos = afterName;
        return new Expr.Variable(name, text.substring(start, pos), line);
    }

    private Expr number() {
        int line = line(pos);
        int start = pos;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        if (peek('.') && pos + 1 < text.length() && Character.isDigit(text.charAt(pos + 1))) {
            pos++;
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            int save = pos;
            pos++;
            if (peek('+') || peek('-')) {
                pos++;
            }
            if (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                    pos++;
                }
            } else {
                pos = save;
            }
        }
        return new Expr.Literal(new BigDecimal(text.substring(start, pos)), line);
    }

    /** {@code .name}, {@code .0}, {@code [key]}, {@code [*]} and {@code .*} after a value, on its line. */
    private Expr traversals(Expr on, int start) throws HclError {
        while (true) {
            int save = pos;
            spaceOnLine();
            int line = line(pos);
            if (peek('.') && !peek("...")) {
                pos++;
                if (peek('*')) {
                    pos++;
                    return new Expr.Splat(on, traversals(new Expr.SplatItem(line), pos), line);
                }
                if (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                    Expr key = number();
                    on = new Expr.Index(on, key, text.substring(start, pos), line);
                    continue;
                }
                String name = identifier();
                if (name == null) {
                    throw error("Invalid attribute name; expected a name after \".\", found " + shown());
                }
                on = new Expr.GetAttr(on, name, text.substring(start, pos), line);
            } else if (peek('[')) {
                pos++;
                newlinesAreSpace.push(true);
                space();
                if (peek('*')) {
                    pos++;
                    space();
                    expect(']', "the \"]\" of a splat [*]");
                    newlinesAreSpace.pop();
                    return new Expr.Splat(on, traversals(new Expr.SplatItem(line), pos), line);
                }
                Expr key = expr();
                space();
                expect(']', "the \"]\" of an index");
                newlinesAreSpace.pop();
                on = new Expr.Index(on, key, text.substring(start, pos), line);
            } else {
                pos = save;
                return on;
            }
        }
    }

    private Expr call(String name, int line) throws HclError {
        pos++;
        newlinesAreSpace.push(true);
        List<Expr> args = new ArrayList<>();
        boolean expand = false;
        space();
        while (!peek(')')) {
            if (eof()) {
                throw HclError.syntax(line, 0, "Unterminated function call; the call of " + name
                        + " has no closing \")\"");
            }
            args.add(expr());
            space();
            if (peek("...")) {
                pos += 3;
                expand = true;
                space();
            }
            if (peek(',')) {
                pos++;
                space();
            } else if (!peek(')')) {
                throw error("Missing argument separator; expected a comma between the arguments of " + name);
            }
        }
        pos++;
        newlinesAreSpace.pop();
        return new Expr.Call(name, List.copyOf(args), expand, line);
    }

    private Expr tuple() throws HclError {
        int line = line(pos);
        pos++;
        newlinesAreSpace.push(true);
        space();
        if (keyword("for")) {
            Expr e = forExpr(line, false);
            expect(']', "the \"]\" of a for expression");
            newlinesAreSpace.pop();
            return e;
        }
        List<Expr> items = new ArrayList<>();
        while (!peek(']')) {
            items.add(expr());
            space();
            if (peek(',')) {
                pos++;
                space();
            } else if (!peek(']')) {
                throw error("Missing item separator; expected a comma between the list's items, found " + shown());
            }
        }
        pos++;
        newlinesAreSpace.pop();
        return new Expr.Tuple(List.copyOf(items), line);
    }

    private Expr object() throws HclError {
        int line = line(pos);
        pos++;
        newlinesAreSpace.push(true);
        space();
        if (keyword("for")) {
            Expr e = forExpr(line, true);
            expect('}', "the \"}\" of a for expression");
            newlinesAreSpace.pop();
            return e;
        }
        newlinesAreSpace.pop();
        newlinesAreSpace.push(false);
        List<Expr> keys = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        while (true) {
            skipNewlinesToo();
            if (peek('}')) {
                pos++;
                break;
            }
            if (eof()) {
                throw HclError.syntax(line, 0, "Unterminated object constructor expression");
            }
            keys.add(objectKey());
            space();
            if (!peek('=') && !peek(':')) {
                throw error("Missing key/value separator; expected \"=\" after a key, found " + shown());
            }
            pos++;
            space();
            values.add(expr());
            space();
            if (peek(',') || peek('\n')) {
                pos++;
            } else if (!peek('}')) {
                throw error("Missing attribute separator; expected a comma or a line break, found " + shown());
            }
        }
        newlinesAreSpace.pop();
        return new Expr.ObjectCons(List.copyOf(keys), List.copyOf(values), line);
    }

    /** A key written as a bare name is that name, not a variable (HCL); in parentheses it is an expression. */
    private Expr objectKey() throws HclError {
        int line = line(pos);
        int save = pos;
        String name = identifier();
        if (name != null) {
            space();
            if ((peek('=') && !peek("==")) || peek(':')) {
                return new Expr.Literal(name, line);
            }
            pos = save;
        }
        return expr();
    }

    private Expr forExpr(int line, boolean object) throws HclError {
        space();
        String first = identifier();
        if (first == null) {
            throw error("Invalid for expression; expected a name after \"for\", found " + shown());
        }
        space();
        String second = null;
        if (peek(',')) {
            pos++;
            space();
            second = identifier();
            space();
        }
        if (!keyword("in")) {
            throw error("Invalid for expression; expected \"in\", found " + shown());
        }
        space();
        Expr collection = expr();
        space();
        expect(':', "the \":\" of a for expression");
        space();
        Expr key = null;
        Expr value = expr();
        boolean group = false;
        space();
        if (object) {
            if (!peek("=>")) {
                throw error("Invalid for expression; an object's for needs key => value, found " + shown());
            }
            pos += 2;
            space();
            key = value;
            value = expr();
            space();
            if (peek("...")) {
                pos += 3;
                group = true;
                space();
            }
        }
        Expr cond = null;
        if (keyword("if")) {
            space();
            cond = expr();
            space();
        }
        String keyVar = second == null ? null : first;
        String valueVar = second == null ? first : second;
        return new Expr.For(keyVar, valueVar, collection, key, value, group, cond, line);
    }

    // --- templates ------------------------------------------------------------------------

    private Expr quoted() throws HclError {
        int line = line(pos);
        pos++;
        List<Object> flat = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        while (true) {
            if (eof() || peek('\n')) {
                throw HclError.syntax(line, 0, "Unterminated template string");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                break;
            }
            if (c == '\\') {
                lit.append(escape());
            } else if (!templateSequence(flat, lit)) {
                lit.append(c);
                pos++;
            }
        }
        flush(flat, lit);
        return template(flat, line);
    }

    private String escape() throws HclError {
        int at = pos;
        char e = pos + 1 < text.length() ? text.charAt(pos + 1) : ' ';
        pos += 2;
        switch (e) {
            case 'n':
                return "\n";
            case 'r':
                return "\r";
            case 't':
                return "\t";
            case '"':
                return "\"";
            case '\\':
                return "\\";
            case 'u':
            case 'U':
                int digits = e == 'u' ? 4 : 8;
                if (pos + digits <= text.length() && text.substring(pos, pos + digits).matches("[0-9a-fA-F]+")) {
                    int cp = Integer.parseInt(text.substring(pos, pos + digits), 16);
                    pos += digits;
                    return new String(Character.toChars(cp));
                }
                break;
            default:
                break;
        }
        throw HclError.syntax(line(at), column(at), "unexpected \"\\\"");
    }

    /** {@code $${}, {@code %%{}, {@code ${…}} or {@code %{…}} at the position; false if none is. */
    private boolean templateSequence(List<Object> flat, StringBuilder lit) throws HclError {
        if (peek("$${") || peek("%%{")) {
            lit.append(text.charAt(pos)).append('{');
            pos += 3;
            return true;
        }
        if (peek("${")) {
            flush(flat, lit);
            pos += 2;
            boolean stripBefore = strip();
            newlinesAreSpace.push(true);
            space();
            Expr e = expr();
            space();
            boolean stripAfter = peek('~');
            if (stripAfter) {
                pos++;
            }
            expect('}', "the \"}\" that closes \"${\"");
            newlinesAreSpace.pop();
            flat.add(new Marker(stripBefore, stripAfter, new Expr.Interpolation(e), null, 0));
            return true;
        }
        if (peek("%{")) {
            flush(flat, lit);
            int line = line(pos);
            pos += 2;
            boolean stripBefore = strip();
            newlinesAreSpace.push(true);
            space();
            String word = identifier();
            Object directive;
            if ("if".equals(word)) {
                space();
                directive = expr();
            } else if ("for".equals(word)) {
                directive = forDirective(line);
            } else if ("else".equals(word) || "endif".equals(word) || "endfor".equals(word)) {
                directive = word;
            } else {
                throw HclError.syntax(line, 0, "Invalid template directive; expected if, else, endif, for or endfor");
            }
            space();
            boolean stripAfter = peek('~');
            if (stripAfter) {
                pos++;
            }
            expect('}', "the \"}\" that closes \"%{\"");
            newlinesAreSpace.pop();
            flat.add(new Marker(stripBefore, stripAfter, null, directive, line));
            return true;
        }
        return false;
    }

    private Object forDirective(int line) throws HclError {
        space();
        String first = identifier();
        space();
        String second = null;
        if (peek(',')) {
            pos++;
            space();
            second = identifier();
            space();
        }
        if (first == null || !keyword("in")) {
            throw HclError.syntax(line, 0, "Invalid template for directive; expected %{ for x in collection }");
        }
        space();
        Expr coll = expr();
        return new Expr.ForEach(second == null ? null : first, second == null ? first : second, coll, List.of());
    }

    private boolean strip() {
        if (peek('~')) {
            pos++;
            return true;
        }
        return false;
    }

    /** A {@code ${…}} or {@code %{…}} in a template before it is nested, with its strip markers. */
    private record Marker(boolean stripBefore, boolean stripAfter, Part part, Object directive, int line) {
    }

    private static void flush(List<Object> flat, StringBuilder lit) {
        if (lit.length() > 0) {
            flat.add(lit.toString());
            lit.setLength(0);
        }
    }

    /** Applies strip markers to the text beside them, then nests the directives. */
    private Expr template(List<Object> flat, int line) throws HclError {
        for (int i = 0; i < flat.size(); i++) {
            if (flat.get(i) instanceof Marker m) {
                if (m.stripBefore() && i > 0 && flat.get(i - 1) instanceof String s) {
                    flat.set(i - 1, s.stripTrailing());
                }
                if (m.stripAfter() && i + 1 < flat.size() && flat.get(i + 1) instanceof String s) {
                    flat.set(i + 1, s.stripLeading());
                }
            }
        }
        int[] at = {0};
        List<Part> parts = nest(flat, at, line, null);
        if (parts.isEmpty()) {
            return new Expr.Literal("", line);
        }
        if (parts.size() == 1 && parts.get(0) instanceof Expr.Text t) {
            return new Expr.Literal(t.text(), line);
        }
        return new Expr.Template(List.copyOf(parts), line);
    }

    private List<Part> nest(List<Object> flat, int[] at, int line, String until) throws HclError {
        List<Part> parts = new ArrayList<>();
        while (at[0] < flat.size()) {
            Object o = flat.get(at[0]++);
            if (o instanceof String s) {
                parts.add(new Expr.Text(s));
                continue;
            }
            Marker m = (Marker) o;
            if (m.part() != null) {
                parts.add(m.part());
            } else if (m.directive() instanceof Expr cond) {
                List<Part> then = nest(flat, at, m.line(), "if");
                List<Part> otherwise = List.of();
                if (lastDirective(flat, at).equals("else")) {
                    otherwise = nest(flat, at, m.line(), "else");
                }
                parts.add(new Expr.If(cond, then, otherwise));
            } else if (m.directive() instanceof Expr.ForEach f) {
                parts.add(new Expr.ForEach(f.keyVar(), f.valueVar(), f.collection(), nest(flat, at, m.line(), "for")));
            } else {
                String word = (String) m.directive();
                boolean closes = ("if".equals(until) && (word.equals("else") || word.equals("endif")))
                        || ("else".equals(until) && word.equals("endif")) || ("for".equals(until) && word.equals("endfor"));
                if (!closes) {
                    throw HclError.syntax(m.line(), 0, "Unexpected %{ " + word + " } in a template");
                }
                return parts;
            }
        }
        if (until != null) {
            throw HclError.syntax(line, 0, "Unterminated template directive; %{ " + until + " } has no %{ end"
                    + ("for".equals(until) ? "for" : "if") + " }");
        }
        return parts;
    }

    private static String lastDirective(List<Object> flat, int[] at) {
        return flat.get(at[0] - 1) instanceof Marker m && m.directive() instanceof String s ? s : "";
    }

    /** {@code <<EOF} or {@code <<-EOF} (its lines' common indentation removed) to the line holding the marker. */
    private Expr heredoc() throws HclError {
        int line = line(pos);
        pos += 2;
        boolean indented = peek('-');
        if (indented) {
            pos++;
        }
        String marker = identifier();
        int eol = text.indexOf('\n', pos);
        if (marker == null || eol < 0) {
            throw HclError.syntax(line, 0, "Invalid heredoc; expected <<MARKER and a line break");
        }
        int from = eol + 1;
        List<String> lines = new ArrayList<>();
        int p = from;
        while (true) {
            if (p >= text.length()) {
                throw HclError.syntax(line, 0, "Unterminated template string; the heredoc has no line \"" + marker
                        + "\"");
            }
            int end = text.indexOf('\n', p);
            String l = text.substring(p, end < 0 ? text.length() : end);
            if (l.strip().equals(marker)) {
                pos = p + l.length();
                break;
            }
            lines.add(l);
            p = end < 0 ? text.length() : end + 1;
        }
        if (indented) {
            int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(Parser::indentOf).min().orElse(0);
            lines.replaceAll(l -> l.length() >= indent ? l.substring(indent) : l.stripLeading());
        }
        StringBuilder content = new StringBuilder();
        lines.forEach(l -> content.append(l).append('\n'));
        Parser inner = new Parser(content.toString(), line(from));
        inner.newlinesAreSpace.push(true);
        List<Object> flat = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        while (!inner.eof()) {
            if (!inner.templateSequence(flat, lit)) {
                lit.append(inner.text.charAt(inner.pos++));
            }
        }
        flush(flat, lit);
        return inner.template(flat, line);
    }

    private static int indentOf(String l) {
        int i = 0;
        while (i < l.length() && (l.charAt(i) == ' ' || l.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    // --- characters -----------------------------------------------------------------------

    private String identifier() {
        if (eof() || !(Character.isLetter(text.charAt(pos)) || text.charAt(pos) == '_')) {
            return null;
        }
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_'
                || text.charAt(pos) == '-')) {
            pos++;
        }
        return text.substring(start, pos);
    }

    /** A keyword such as {@code for}: taken only when a whole word. */
    private boolean keyword(String word) {
        if (peek(word) && (pos + word.length() >= text.length()
                || !Character.isLetterOrDigit(text.charAt(pos + word.length()))
                        && text.charAt(pos + word.length()) != '_' && text.charAt(pos + word.length()) != '-')) {
            pos += word.length();
            return true;
        }
        return false;
    }

    /** Spaces and comments, and line breaks where they are space. */
    private void space() {
        boolean newlines = newlinesAreSpace.peek();
        while (!eof()) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\uFEFF' || (c == '\n' && newlines)) {
                pos++;
            } else if (c == '#' || peek("//")) {
                while (!eof() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (peek("/*")) {
                int end = text.indexOf("*/", pos + 2);
                pos = end < 0 ? text.length() : end + 2;
            } else {
                return;
            }
        }
    }

    private void spaceOnLine() {
        while (!eof() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
            pos++;
        }
    }

    private void skipNewlinesToo() {
        while (true) {
            space();
            if (peek('\n')) {
                pos++;
            } else {
                return;
            }
        }
    }

    private void expect(char c, String what) throws HclError {
        if (!peek(c)) {
            throw error("Missing " + c + "; expected " + what + ", found " + shown());
        }
        pos++;
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private boolean peek(String s) {
        return text.startsWith(s, pos);
    }

    private boolean eof() {
        return pos >= text.length();
    }

    private String shown() {
        if (eof()) {
            return "the end of the file";
        }
        if (peek('\n')) {
            return "the end of the line";
        }
        return "\"" + text.charAt(pos) + "\"";
    }

    private HclError error(String message) {
        return HclError.syntax(line(pos), column(pos), message);
    }

    private int line(int at) {
        int i = java.util.Arrays.binarySearch(lineStarts, at);
        return (i >= 0 ? i : -i - 2) + firstLine;
    }

    private int column(int at) {
        return at - lineStarts[line(at) - firstLine] + 1;
    }
}
