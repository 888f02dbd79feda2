package org.drover.launcher.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HCL's native syntax cut into tokens, for {@link HclSyntax}: what the
 * structure check needs (brackets, separators, newlines), with strings,
 * heredocs and comments each read as one token or skipped. What is inside a
 * string's {@code ${…}} is skipped as a balanced whole: the evaluating reader reads it.
 */
final class HclTokens {

    enum Kind { IDENT, NUMBER, STRING, HEREDOC, PUNCT, NEWLINE, EOF }

    record Token(Kind kind, String text, int line, int column) {
        boolean is(String punct) {
            return kind == Kind.PUNCT && text.equals(punct);
        }

        /** How an error names the token. */
        String shown() {
            return switch (kind) {
                case NEWLINE -> "the end of the line";
                case EOF -> "the end of the file";
                case STRING, HEREDOC -> text.length() > 24 ? text.substring(0, 20) + "…\"" : text;
                default -> "\"" + text + "\"";
            };
        }
    }

    /** Longest first, so {@code ==} is not read as two {@code =}. */
    private static final String[] PUNCT = {"...", "==", "!=", "<=", ">=", "&&", "||", "=>", "{", "}", "[", "]",
        "(", ")", ",", "=", ":", "?", ".", "+", "-", "*", "/", "%", "<", ">", "!"};

    private static final Pattern NUMBER = Pattern.compile("\\d+(\\.\\d+)?([eE][+-]?\\d+)?");

    private final String text;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    private int line = 1;
    private int lineStart;

    private HclTokens(String text) {
        this.text = text;
    }

    static List<Token> of(String text) throws HclSyntax.SyntaxError {
        HclTokens t = new HclTokens(text);
        t.scan();
        return t.tokens;
    }

    private void scan() throws HclSyntax.SyntaxError {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            int col = column();
            if (c == '\n') {
                tokens.add(new Token(Kind.NEWLINE, "\n", line, col));
                newline(pos + 1);
            } else if (c == ' ' || c == '\t' || c == '\r' || c == '\uFEFF') {
                pos++;
            } else if (c == '#' || text.startsWith("//", pos)) {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (text.startsWith("/*", pos)) {
                blockComment();
            } else if (c == '"') {
                int l = line;
                int from = pos;
                quoted();
                tokens.add(new Token(Kind.STRING, text.substring(from, pos), l, col));
            } else if (text.startsWith("<<", pos) && heredoc()) {
                continue;
            } else if (Character.isDigit(c)) {
                tokens.add(new Token(Kind.NUMBER, number(), line, col));
            } else if (Character.isLetter(c) || c == '_') {
                int from = pos;
                while (pos < text.length() && identifierPart(text.charAt(pos))) {
                    pos++;
                }
                tokens.add(new Token(Kind.IDENT, text.substring(from, pos), line, col));
            } else {
                tokens.add(new Token(Kind.PUNCT, punct(col), line, col));
            }
        }
        tokens.add(new Token(Kind.EOF, "", line, column()));
    }

    private int column() {
        return pos - lineStart + 1;
    }

    private void newline(int next) {
        pos = next;
        line++;
        lineStart = next;
    }

    private static boolean identifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-';
    }

    private String punct(int col) throws HclSyntax.SyntaxError {
        for (String p : PUNCT) {
            if (text.startsWith(p, pos)) {
                pos += p.length();
                return p;
            }
        }
        throw new HclSyntax.SyntaxError(line, col, "Invalid character",
                "\"" + text.charAt(pos) + "\" is not used in HCL" + (text.charAt(pos) == ';'
                        ? " (arguments end at the end of the line)" : ""));
    }

    /** Digits, a fraction, an exponent; a letter right after them is a mistake such as {@code 5s}. */
    private String number() throws HclSyntax.SyntaxError {
        int col = column();
        Matcher m = NUMBER.matcher(text).region(pos, text.length());
        m.lookingAt();
        pos = m.end();
        if (pos < text.length() && (Character.isLetter(text.charAt(pos)) || text.charAt(pos) == '_')) {
            int end = pos;
            while (end < text.length() && identifierPart(text.charAt(end))) {
                end++;
            }
            String written = text.substring(m.start(), end);
            throw new HclSyntax.SyntaxError(line, col, "Invalid number", written + " is not a number"
                    + (written.matches("\\d+(ns|us|ms|s|m|h)") ? "; a duration is a string: \"" + written + "\"" : ""));
        }
        return m.group();
    }

    private void blockComment() throws HclSyntax.SyntaxError {
        int l = line;
        int col = column();
        int end = text.indexOf("*/", pos + 2);
        if (end < 0) {
            throw new HclSyntax.SyntaxError(l, col, "Unterminated comment",
                    "the comment opened here has no \"*/\" before the end of the file");
        }
        for (int i = pos; i < end; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        pos = end + 2;
    }

    /** A quoted string from its opening quote; a line break ends it unclosed, as in HCL. */
    private void quoted() throws HclSyntax.SyntaxError {
        int l = line;
        int col = column();
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return;
            } else if (c == '\\') {
                pos += 2;
            } else if (text.startsWith("$${", pos) || text.startsWith("%%{", pos)) {
                pos += 3;
            } else if (text.startsWith("${", pos) || text.startsWith("%{", pos)) {
                interpolation(l, col);
            } else if (c == '\n') {
                break;
            } else {
                pos++;
            }
        }
        throw new HclSyntax.SyntaxError(l, col, "Unterminated template string",
                "the string opened here has no closing quote on its line (a heredoc, <<EOF, spans lines)");
    }

    /** {@code ${…}} or {@code %{…}}: balanced braces, strings inside it read as strings. */
    private void interpolation(int l, int col) throws HclSyntax.SyntaxError {
        pos += 2;
        int depth = 1;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '"') {
                quoted();
                continue;
            }
            if (c == '\n') {
                newline(pos + 1);
                continue;
            }
            pos++;
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return;
            }
        }
        throw new HclSyntax.SyntaxError(l, col, "Unterminated template string",
                "a \"${\" in the string opened here has no closing \"}\"");
    }

    /** {@code <<EOF} or {@code <<-EOF} to the line that holds only the marker; false if not a heredoc. */
    private boolean heredoc() throws HclSyntax.SyntaxError {
        int l = line;
        int col = column();
        int i = pos + 2;
        if (i < text.length() && text.charAt(i) == '-') {
            i++;
        }
        int start = i;
        while (i < text.length() && identifierPart(text.charAt(i))) {
            i++;
        }
        String marker = text.substring(start, i);
        int eol = text.indexOf('\n', i);
        if (marker.isEmpty() || eol < 0 || !text.substring(i, eol).isBlank()) {
            return false;
        }
        int from = pos;
        newline(eol + 1);
        while (pos < text.length()) {
            int end = text.indexOf('\n', pos);
            String content = text.substring(pos, end < 0 ? text.length() : end);
            if (content.strip().equals(marker)) {
                pos += content.length();
                tokens.add(new Token(Kind.HEREDOC, text.substring(from, i), l, col));
                return true;
            }
            if (end < 0) {
                break;
            }
            newline(end + 1);
        }
        throw new HclSyntax.SyntaxError(l, col, "Unterminated template string",
                "the heredoc opened here has no line \"" + marker + "\" to end it");
    }
}
