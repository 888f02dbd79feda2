package org.drover.launcher.jobs.hcl;

/** A problem in HCL text or in evaluating it, at a line (and a column where known, else 0). */
public final class HclError extends Exception {
    private static final long serialVersionUID = 1L;
    private final int line;
    private final int column;
    private final boolean syntax;
    private final transient java.nio.file.Path file;

    HclError(java.nio.file.Path file, int line, int column, boolean syntax, String message) {
        super(message);
        this.file = file;
        this.line = line;
        this.column = column;
        this.syntax = syntax;
    }

    HclError(int line, int column, boolean syntax, String message) {
        this(null, line, column, syntax, message);
    }

    /** The same problem, placed in another file than the one being read (a var file). */
    HclError in(java.nio.file.Path other) {
        return new HclError(other, line, column, syntax, getMessage());
    }

    /** The file the problem is in, when it is not the job file (a var file); else null. */
    public java.nio.file.Path file() {
        return file;
    }

    static HclError syntax(int line, int column, String message) {
        return new HclError(line, column, true, message);
    }

    static HclError at(int line, String message) {
        return new HclError(line, 0, false, message);
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** Whether the text could not be read at all, as opposed to evaluated. */
    public boolean isSyntax() {
        return syntax;
    }
}
