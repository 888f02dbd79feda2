package org.drover.launcher.jobs;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.drover.launcher.jobs.HclTokens.Kind;
import org.drover.launcher.jobs.HclTokens.Token;

/**
 * The structure of a file in HCL's native syntax, checked before it is
 * evaluated, so that the slips people make (a list without its {@code ]}, a
 * missing comma, a file without its last {@code }}) are named with HCL's own
 * summary and a detail that says what to change. This walks the tokens the way
 * HCL's grammar nests them (bodies of arguments and blocks; lists, objects and
 * calls with their separators). Expressions are not evaluated and {@code ${…}}
 * is not looked into: the evaluating reader ({@code jobs.hcl}) does that.
 */
final class HclSyntax {

    /** A problem at a line and column, with HCL's summary and a detail that says what to change. */
    static final class SyntaxError extends Exception {
        private static final long serialVersionUID = 1L;
        final int line;
        final int column;

        SyntaxError(int line, int column, String summary, String detail) {
            super(summary + "; " + detail);
            this.line = line;
            this.column = column;
        }
    }

    private static final List<String> BINARY = List.of("+", "-", "*", "/", "%", "==", "!=", "<", ">", "<=", ">=",
            "&&", "||");

    private final List<Token> tokens;
    private int next;
    /** Whether line breaks are separators where the walk is: yes in bodies and objects, no in lists and calls. */
    private final Deque<Boolean> newlinesCount = new ArrayDeque<>();

    private HclSyntax(List<Token> tokens) {
        this.tokens = tokens;
        newlinesCount.push(true);
    }

    static void check(String text) throws SyntaxError {
        new HclSyntax(HclTokens.of(text)).body(null);
    }

    // --- bodies ---------------------------------------------------------------------------

    /** Arguments and blocks up to the {@code }} that closes {@code open}, or the end of the file. */
    private void body(Token open) throws SyntaxError {
        while (true) {
            Token t = peek();
            if (t.kind() == Kind.NEWLINE) {
                take();
            } else if (open != null && t.is("}")) {
                take();
                return;
            } else if (t.kind() == Kind.EOF) {
                if (open != null) {
                    throw new SyntaxError(open.line(), open.column(), "Unclosed configuration block",
                            "the block opened here has no closing \"}\" before the end of the file");
                }
                return;
            } else if (t.kind() == Kind.IDENT) {
                bodyItem(open != null);
            } else if (t.kind() == Kind.STRING && tokens.get(next + 1).is("=")) {
                throw new SyntaxError(t.line(), t.column(), "Invalid argument name",
                        "argument names are not quoted (HCL 2): write " + t.text().substring(1, t.text().length() - 1)
                                + " = …, or make the block an object: name = { " + t.text() + " = … }");
            } else if (t.is("}")) {
                throw new SyntaxError(t.line(), t.column(), "Argument or block definition required",
                        "this \"}\" closes no block (one too many, or a \"{\" missing before it)");
            } else {
                throw new SyntaxError(t.line(), t.column(), "Argument or block definition required",
                        "expected an argument (name = value) or a block, found " + t.shown());
            }
        }
    }

    private void bodyItem(boolean inBlock) throws SyntaxError {
        Token name = take();
        Token t = peek();
        if (t.is("=")) {
            take();
            expression();
            Token end = peek();
            if (end.is(",")) {
                throw new SyntaxError(end.line(), end.column(), "Unexpected comma after argument",
                        "the arguments of a block are separated by line breaks, not commas");
            }
            if (end.kind() != Kind.NEWLINE && end.kind() != Kind.EOF && !(inBlock && end.is("}"))) {
                throw new SyntaxError(end.line(), end.column(), "Missing newline after argument",
                        "argument " + name.text() + " ends before " + end.shown() + ": put a line break"
                                + " before it");
            }
            return;
        }
        while (t.kind() == Kind.STRING || t.kind() == Kind.IDENT) {
            take();
            t = peek();
        }
        if (!t.is("{")) {
            throw new SyntaxError(t.line(), t.column(), t.kind() == Kind.NEWLINE && peekIsBrace()
                    ? "Invalid block definition" : "Argument or block definition required",
                    t.kind() == Kind.NEWLINE && peekIsBrace()
                            ? "a block's \"{\" starts on the same line as its name"
                            : "expected \"=\" after " + name.text() + " for an argument, or \"{\" for a block,"
                                    + " found " + t.shown());
        }
        Token open = take();
        newlinesCount.push(true);
        body(open);
        newlinesCount.pop();
        Token end = peek();
        if (end.kind() != Kind.NEWLINE && end.kind() != Kind.EOF && !end.is("}")) {
            throw new SyntaxError(end.line(), end.column(), "Missing newline after block definition",
                    "put a line break before " + end.shown());
        }
    }

    private boolean peekIsBrace() {
        int i = next;
        while (tokens.get(i).kind() == Kind.NEWLINE) {
            i++;
        }
        return tokens.get(i).is("{");
    }

    // --- expressions ----------------------------------------------------------------------

    private void expression() throws SyntaxError {
        operand();
        while (true) {
            Token t = peek();
            if (t.kind() == Kind.PUNCT && BINARY.contains(t.text())) {
                take();
                operand();
            } else if (t.is("?")) {
                take();
                expression();
                expect(":", "the \":\" of the conditional (cond ? a : b)");
                expression();
            } else {
                return;
            }
        }
    }

    private void operand() throws SyntaxError {
        while (peek().is("-") || peek().is("!")) {
            take();
        }
        Token t = take();
        switch (t.kind()) {
            case NUMBER, STRING, HEREDOC -> {
            }
            case IDENT -> {
                if (peek().is("(")) {
                    call(take(), t);
                }
            }
            case PUNCT -> {
                if (t.is("[")) {
                    list(t);
                } else if (t.is("{")) {
                    object(t);
                } else if (t.is("(")) {
                    newlinesCount.push(false);
                    expression();
                    expect(")", "the \")\" that closes the \"(\" at line " + t.line());
                    newlinesCount.pop();
                } else {
                    throw invalidExpression(t);
                }
            }
            default -> throw invalidExpression(t);
        }
        traversals();
    }

    private static SyntaxError invalidExpression(Token t) {
        return new SyntaxError(t.line(), t.column(), "Invalid expression",
                "expected a value (a string, a number, a list [...], an object {...}), found " + t.shown());
    }

    /** {@code .name}, {@code .0}, {@code .*}, {@code [i]}, {@code [*]} after a value. */
    private void traversals() throws SyntaxError {
        while (true) {
            Token t = peekSameLine();
            if (t.is(".")) {
                take();
                Token attr = take();
                if (attr.kind() != Kind.IDENT && attr.kind() != Kind.NUMBER && !attr.is("*")) {
                    throw new SyntaxError(attr.line(), attr.column(), "Invalid attribute name",
                            "expected a name after \".\", found " + attr.shown());
                }
            } else if (t.is("[")) {
                Token open = take();
                newlinesCount.push(false);
                if (peek().is("*")) {
                    take();
                } else {
                    expression();
                }
                expect("]", "the \"]\" that closes the index at line " + open.line());
                newlinesCount.pop();
            } else {
                return;
            }
        }
    }

    /** A list: items separated by commas (one may follow the last), line breaks ignored. */
    private void list(Token open) throws SyntaxError {
        newlinesCount.push(false);
        if (isFor()) {
            skipBalanced(open, "]");
        } else {
            while (!peek().is("]")) {
                Token start = peek();
                if (start.kind() == Kind.EOF || startsOtherConstruct(start)) {
                    throw unclosedList(open, start);
                }
                expression();
                Token t = peek();
                if (t.is(",")) {
                    take();
                } else if (!t.is("]")) {
                    throw t.kind() == Kind.EOF || startsOtherConstruct(t) ? unclosedList(open, t)
                            : new SyntaxError(t.line(), t.column(), "Missing item separator",
                                    "expected a comma between the list's items, before " + t.shown());
                }
            }
            take();
        }
        newlinesCount.pop();
    }

    /** What cannot be a list's next item: a closing brace, or the next argument or block of a body. */
    private boolean startsOtherConstruct(Token t) {
        if (t.is("}") || t.is(")")) {
            return true;
        }
        if (t.kind() != Kind.IDENT || next + 1 >= tokens.size()) {
            return false;
        }
        Token after = tokens.get(next + 1);
        return after.is("=") || after.kind() == Kind.STRING || after.is("{");
    }

    private static SyntaxError unclosedList(Token open, Token found) {
        return new SyntaxError(open.line(), open.column(), "Unterminated tuple constructor expression",
                "the list opened here has no closing \"]\" (found " + found.shown() + " at line " + found.line()
                        + ")");
    }

    /** An object: {@code key = value} or {@code key: value}, separated by commas or line breaks. */
    private void object(Token open) throws SyntaxError {
        newlinesCount.push(true);
        skipNewlines();
        if (isFor()) {
            skipBalanced(open, "}");
        } else {
            while (true) {
                skipNewlines();
                Token t = peek();
                if (t.is("}")) {
                    take();
                    break;
                }
                if (t.kind() == Kind.EOF) {
                    throw unclosedObject(open);
                }
                expression();
                Token eq = peek();
                if (!eq.is("=") && !eq.is(":")) {
                    throw new SyntaxError(eq.line(), eq.column(), "Missing key/value separator",
                            "expected \"=\" between a key and its value, found " + eq.shown());
                }
                take();
                expression();
                Token sep = peek();
                if (sep.is(",") || sep.kind() == Kind.NEWLINE) {
                    take();
                } else if (sep.kind() == Kind.EOF) {
                    throw unclosedObject(open);
                } else if (!sep.is("}")) {
                    throw new SyntaxError(sep.line(), sep.column(), "Missing attribute separator",
                            "expected a comma or a line break between the object's attributes, before "
                                    + sep.shown());
                }
            }
        }
        newlinesCount.pop();
    }

    private static SyntaxError unclosedObject(Token open) {
        return new SyntaxError(open.line(), open.column(), "Unterminated object constructor expression",
                "the object opened here has no closing \"}\" before the end of the file");
    }

    private void call(Token open, Token name) throws SyntaxError {
        newlinesCount.push(false);
        while (!peek().is(")")) {
            if (peek().kind() == Kind.EOF) {
                throw new SyntaxError(open.line(), open.column(), "Unterminated function call",
                        "the call of " + name.text() + " opened here has no closing \")\"");
            }
            expression();
            if (peek().is("...")) {
                take();
            }
            Token t = peek();
            if (t.is(",")) {
                take();
            } else if (!t.is(")")) {
                throw new SyntaxError(t.line(), t.column(), "Missing argument separator",
                        "expected a comma between the arguments of " + name.text() + ", before " + t.shown());
            }
        }
        take();
        newlinesCount.pop();
    }

    /** A {@code for} expression is checked only for its brackets. */
    private boolean isFor() {
        Token t = peek();
        return t.kind() == Kind.IDENT && t.text().equals("for");
    }

    private void skipBalanced(Token open, String close) throws SyntaxError {
        Deque<String> closers = new ArrayDeque<>();
        closers.push(close);
        while (!closers.isEmpty()) {
            Token t = tokens.get(next++);
            if (t.kind() == Kind.EOF) {
                throw new SyntaxError(open.line(), open.column(), "Unbalanced brackets",
                        "the \"" + open.text() + "\" opened here has no closing \"" + close + "\"");
            }
            switch (t.text()) {
                case "[" -> closers.push("]");
                case "{" -> closers.push("}");
                case "(" -> closers.push(")");
                case "]", "}", ")" -> {
                    if (t.kind() == Kind.PUNCT && !closers.pop().equals(t.text())) {
                        throw new SyntaxError(t.line(), t.column(), "Unbalanced brackets",
                                "this \"" + t.text() + "\" closes nothing opened inside the \"" + open.text()
                                        + "\" at line " + open.line());
                    }
                }
                default -> {
                }
            }
        }
    }

    // --- tokens ---------------------------------------------------------------------------

    private void expect(String punct, String what) throws SyntaxError {
        Token t = peek();
        if (!t.is(punct)) {
            throw new SyntaxError(t.line(), t.column(), "Missing " + punct, "expected " + what + ", found "
                    + t.shown());
        }
        take();
    }

    /** The next token, past line breaks where they do not count. */
    private Token peek() {
        if (!newlinesCount.peek()) {
            skipNewlines();
        }
        return tokens.get(next);
    }

    /** A traversal continues a value only on its line, wherever line breaks count or not. */
    private Token peekSameLine() {
        return tokens.get(next);
    }

    private Token take() {
        Token t = peek();
        next++;
        return t;
    }

    private void skipNewlines() {
        while (tokens.get(next).kind() == Kind.NEWLINE) {
            next++;
        }
    }
}
