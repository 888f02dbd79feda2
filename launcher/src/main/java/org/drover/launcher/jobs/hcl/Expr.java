package org.drover.launcher.jobs.hcl;

import java.util.List;

/** An HCL expression as parsed: each node knows its line, traversals also the text they were written as. */
sealed interface Expr {

    int line();

    record Literal(Object value, int line) implements Expr {
    }

    /** A string template; a single interpolation and nothing else yields its value unconverted, as in HCL. */
    record Template(List<Part> parts, int line) implements Expr {
    }

    /** A name at the root of a traversal; {@code source} is the whole traversal it starts, as written. */
    record Variable(String name, String source, int line) implements Expr {
    }

    record GetAttr(Expr on, String name, String source, int line) implements Expr {
    }

    record Index(Expr on, Expr key, String source, int line) implements Expr {
    }

    /** {@code on[*].rest} or {@code on.*.rest}: {@code each} applied to every element, with {@link SplatItem} as it. */
    record Splat(Expr on, Expr each, int line) implements Expr {
    }

    record SplatItem(int line) implements Expr {
    }

    record Call(String name, List<Expr> args, boolean expandLast, int line) implements Expr {
    }

    record Tuple(List<Expr> items, int line) implements Expr {
    }

    /** An object constructor; a key written as a bare name is a {@link Literal}. */
    record ObjectCons(List<Expr> keys, List<Expr> values, int line) implements Expr {
    }

    /** {@code [for k, v in coll : value if cond]} or {@code {for k, v in coll : key => value... if cond}}. */
    record For(String keyVar, String valueVar, Expr collection, Expr key, Expr value, boolean group, Expr cond,
            int line) implements Expr {
    }

    record Conditional(Expr cond, Expr then, Expr otherwise, int line) implements Expr {
    }

    record Binary(String op, Expr left, Expr right, int line) implements Expr {
    }

    record Unary(String op, Expr operand, int line) implements Expr {
    }

    /** A piece of a template. */
    sealed interface Part {
    }

    record Text(String text) implements Part {
    }

    record Interpolation(Expr expr) implements Part {
    }

    record If(Expr cond, List<Part> then, List<Part> otherwise) implements Part {
    }

    record ForEach(String keyVar, String valueVar, Expr collection, List<Part> body) implements Part {
    }
}
