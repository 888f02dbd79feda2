package org.drover.launcher.jobs.hcl;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.drover.launcher.jobs.hcl.Expr.Part;

/**
 * Evaluates expressions as HCL does, with {@code var.*}, {@code local.*} and
 * the names a for expression or dynamic block binds. A traversal whose root is
 * none of these is a runtime placeholder, as in Nomad's job files: it yields
 * its own text in {@code ${…}} for the client to interpolate.
 */
final class Evaluator {

    /** What an expression is evaluated in: the names bound by enclosing for expressions and dynamic blocks. */
    record Scope(Map<String, Object> names) {
        static final Scope ROOT = new Scope(Map.of());

        Scope with(String name, Object value) {
            Map<String, Object> m = new HashMap<>(names);
            m.put(name, value);
            return new Scope(m);
        }
    }

    private static final String SPLAT_ITEM = "\0splat";

    private final Map<String, Function> functions;
    private final Map<String, Object> variables;
    private final Map<String, Body.Attribute> localDefs;
    private final Map<String, Object> localValues = new HashMap<>();
    private final Set<String> localsInProgress = new HashSet<>();

    Evaluator(Map<String, Function> functions, Map<String, Object> variables, Map<String, Body.Attribute> locals) {
        this.functions = functions;
        this.variables = variables;
        this.localDefs = locals;
    }

    Object eval(Expr e, Scope s) throws HclError {
        try {
            return evalNode(e, s);
        } catch (Values.Problem p) {
            throw HclError.at(e.line(), "Invalid value; " + p.getMessage());
        }
    }

    private Object evalNode(Expr e, Scope s) throws HclError {
        if (e instanceof Expr.Literal l) {
            return l.value();
        } else if (e instanceof Expr.Template t) {
            return template(t, s);
        } else if (e instanceof Expr.Variable v) {
            return root(v, s);
        } else if (e instanceof Expr.GetAttr g) {
            return getAttr(g, s);
        } else if (e instanceof Expr.Index i) {
            return index(i, s);
        } else if (e instanceof Expr.Splat sp) {
            return splat(sp, s);
        } else if (e instanceof Expr.SplatItem) {
            return s.names().get(SPLAT_ITEM);
        } else if (e instanceof Expr.Call c) {
            return call(c, s);
        } else if (e instanceof Expr.Tuple t) {
            List<Object> out = new ArrayList<>();
            for (Expr x : t.items()) {
                out.add(eval(x, s));
            }
            return out;
        } else if (e instanceof Expr.ObjectCons o) {
            return object(o, s);
        } else if (e instanceof Expr.For f) {
            return forExpr(f, s);
        } else if (e instanceof Expr.Conditional c) {
            return bool(eval(c.cond(), s), c.line(), "the condition") ? eval(c.then(), s) : eval(c.otherwise(), s);
        } else if (e instanceof Expr.Binary b) {
            return binary(b, s);
        }
        return unary((Expr.Unary) e, s);
    }

    /** Every local value, evaluated (each once, in the order their references need). */
    Map<String, Object> locals() throws HclError {
        Map<String, Object> out = Values.newMap();
        for (String name : localDefs.keySet()) {
            out.put(name, local(name, localDefs.get(name).line()));
        }
        return out;
    }

    // --- references -----------------------------------------------------------------------

    private boolean defined(String name, Scope s) {
        return s.names().containsKey(name) || name.equals("var") || name.equals("local");
    }

    private static String placeholder(String source) {
        return "${" + source + "}";
    }

    private Object root(Expr.Variable v, Scope s) throws HclError {
        if (s.names().containsKey(v.name())) {
            return s.names().get(v.name());
        }
        if (v.name().equals("var")) {
            return variables;
        }
        if (v.name().equals("local")) {
            return locals();
        }
        return placeholder(v.source());
    }

    /** The root name of a traversal, if it is one. */
    private static Expr.Variable rootOf(Expr e) {
        Expr at = e;
        while (true) {
            if (at instanceof Expr.GetAttr g) {
                at = g.on();
            } else if (at instanceof Expr.Index i) {
                at = i.on();
            } else {
                return at instanceof Expr.Variable v ? v : null;
            }
        }
    }

    private Object getAttr(Expr.GetAttr g, Scope s) throws HclError {
        Expr.Variable root = rootOf(g);
        if (root != null && !defined(root.name(), s)) {
            return placeholder(g.source());
        }
        if (g.on() instanceof Expr.Variable v && !s.names().containsKey(v.name())) {
            if (v.name().equals("local")) {
                return local(g.name(), g.line());
            }
            if (v.name().equals("var") && !variables.containsKey(g.name())) {
                throw HclError.at(g.line(), "Unsupported attribute; there is no variable named \"" + g.name()
                        + "\": declare it with variable \"" + g.name() + "\" { … }");
            }
        }
        Object on = eval(g.on(), s);
        if (on instanceof Map<?, ?> m) {
            if (m.containsKey(g.name())) {
                return m.get(g.name());
            }
            throw HclError.at(g.line(), "Unsupported attribute; this object does not have an attribute named \""
                    + g.name() + "\"");
        }
        if (on == null) {
            throw HclError.at(g.line(), "Attempt to get attribute from null value; " + g.source() + " is null");
        }
        throw HclError.at(g.line(), "Unsupported attribute; a " + Values.typeName(on) + " has no attribute \""
                + g.name() + "\"");
    }

    private Object index(Expr.Index i, Scope s) throws HclError {
        Expr.Variable root = rootOf(i);
        if (root != null && !defined(root.name(), s)) {
            return placeholder(i.source());
        }
        Object on = eval(i.on(), s);
        Object key = eval(i.key(), s);
        try {
            if (on instanceof List<?> l) {
                int n = Values.integer(key);
                if (n >= 0 && n < l.size()) {
                    return l.get(n);
                }
            } else if (on instanceof Map<?, ?> m) {
                String k = Values.string(key);
                if (m.containsKey(k)) {
                    return m.get(k);
                }
            } else {
                throw HclError.at(i.line(), "Invalid index; a " + Values.typeName(on) + " cannot be indexed");
            }
        } catch (Values.Problem p) {
            throw HclError.at(i.line(), "Invalid index; " + p.getMessage());
        }
        throw HclError.at(i.line(), "Invalid index; the given key does not identify an element in this collection"
                + " value: " + i.source());
    }

    private Object local(String name, int line) throws HclError {
        if (localValues.containsKey(name)) {
            return localValues.get(name);
        }
        Body.Attribute def = localDefs.get(name);
        if (def == null) {
            throw HclError.at(line, "Unsupported attribute; there is no local value named \"" + name + "\"");
        }
        if (!localsInProgress.add(name)) {
            throw HclError.at(def.line(), "Cycle in local values; local." + name + " refers to itself");
        }
        Object v = eval(def.expr(), Scope.ROOT);
        localsInProgress.remove(name);
        localValues.put(name, v);
        return v;
    }

    private Object splat(Expr.Splat sp, Scope s) throws HclError {
        Object on = eval(sp.on(), s);
        List<Object> out = new ArrayList<>();
        if (on == null) {
            return out;
        }
        for (Object item : on instanceof List<?> l ? l : List.of(on)) {
            out.add(eval(sp.each(), s.with(SPLAT_ITEM, item)));
        }
        return out;
    }

    // --- constructors ---------------------------------------------------------------------

    private Object template(Expr.Template t, Scope s) throws HclError {
        if (t.parts().size() == 1 && t.parts().get(0) instanceof Expr.Interpolation i) {
            return eval(i.expr(), s);
        }
        StringBuilder out = new StringBuilder();
        render(t.parts(), s, out, t.line());
        return out.toString();
    }

    private void render(List<Part> parts, Scope s, StringBuilder out, int line) throws HclError {
        for (Part p : parts) {
            if (p instanceof Expr.Text x) {
                out.append(x.text());
            } else if (p instanceof Expr.Interpolation i) {
                out.append(inTemplate(eval(i.expr(), s), i.expr().line()));
            } else if (p instanceof Expr.If f) {
                render(bool(eval(f.cond(), s), line, "the %{ if } condition") ? f.then() : f.otherwise(), s, out,
                        line);
            } else if (p instanceof Expr.ForEach f) {
                Object coll = eval(f.collection(), s);
                for (Map.Entry<Object, Object> e : entries(coll, f.collection().line())) {
                    Scope inner = s.with(f.valueVar(), e.getValue());
                    if (f.keyVar() != null) {
                        inner = inner.with(f.keyVar(), e.getKey());
                    }
                    render(f.body(), inner, out, line);
                }
            }
        }
    }

    private static String inTemplate(Object v, int line) throws HclError {
        if (v == null) {
            throw HclError.at(line, "Invalid template interpolation value; the expression result is null, which"
                    + " cannot be included in a string");
        }
        if (v instanceof List || v instanceof Map) {
            throw HclError.at(line, "Invalid template interpolation value; cannot include a " + Values.typeName(v)
                    + " in a string template: string required");
        }
        return Values.string(v);
    }

    private Object object(Expr.ObjectCons o, Scope s) throws HclError {
        Map<String, Object> out = Values.newMap();
        for (int i = 0; i < o.keys().size(); i++) {
            Object k = eval(o.keys().get(i), s);
            if (k == null || k instanceof List || k instanceof Map) {
                throw HclError.at(o.keys().get(i).line(), "Invalid object key; a key is a string, got "
                        + Values.typeName(k));
            }
            out.put(Values.string(k), eval(o.values().get(i), s));
        }
        return out;
    }

    /** A list's items by index, or a map's by key, as a for expression or for_each walks them. */
    static List<Map.Entry<Object, Object>> entries(Object coll, int line) throws HclError {
        List<Map.Entry<Object, Object>> out = new ArrayList<>();
        if (coll instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                out.add(new java.util.AbstractMap.SimpleEntry<>(Values.num(i), l.get(i)));
            }
        } else if (coll instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.add(new java.util.AbstractMap.SimpleEntry<>(k, v)));
        } else {
            throw HclError.at(line, "Iteration over non-iterable value; a list, set, map or object is required, got "
                    + Values.typeName(coll));
        }
        return out;
    }

    private Object forExpr(Expr.For f, Scope s) throws HclError {
        Object coll = eval(f.collection(), s);
        List<Object> list = new ArrayList<>();
        Map<String, Object> map = Values.newMap();
        for (Map.Entry<Object, Object> e : entries(coll, f.line())) {
            Scope inner = s.with(f.valueVar(), e.getValue());
            if (f.keyVar() != null) {
                inner = inner.with(f.keyVar(), e.getKey());
            }
            if (f.cond() != null && !bool(eval(f.cond(), inner), f.line(), "the for expression's if")) {
                continue;
            }
            Object value = eval(f.value(), inner);
            if (f.key() == null) {
                list.add(value);
                continue;
            }
            String key = Values.string(eval(f.key(), inner));
            if (f.group()) {
                Values.list(map.computeIfAbsent(key, x -> new ArrayList<>())).add(value);
            } else if (map.containsKey(key)) {
                throw HclError.at(f.line(), "Duplicate object key; two elements produce the key \"" + key
                        + "\" (add ... after the value to group them)");
            } else {
                map.put(key, value);
            }
        }
        return f.key() == null ? list : map;
    }

    // --- calls ----------------------------------------------------------------------------

    private Object call(Expr.Call c, Scope s) throws HclError {
        switch (c.name()) {
            case "try":
                for (Expr arg : c.args()) {
                    try {
                        return eval(arg, s);
                    } catch (HclError e) {
                        if (e.isSyntax()) {
                            throw e;
                        }
                    }
                }
                throw HclError.at(c.line(), "Error in function call; no expression given to try could be evaluated");
            case "can":
                arity(c, 1);
                try {
                    eval(c.args().get(0), s);
                    return true;
                } catch (HclError e) {
                    return false;
                }
            case "convert":
                arity(c, 2);
                try {
                    return TypeConstraint.of(c.args().get(1)).convert(eval(c.args().get(0), s));
                } catch (Values.Problem p) {
                    throw HclError.at(c.line(), "Invalid value for \"value\" parameter; " + p.getMessage());
                }
            default:
                break;
        }
        Function f = functions.get(c.name());
        if (f == null) {
            throw HclError.at(c.line(), "Call to unknown function; there is no function named \"" + c.name() + "\"");
        }
        List<Object> args = new ArrayList<>();
        for (Expr arg : c.args()) {
            args.add(eval(arg, s));
        }
        if (c.expandLast() && !args.isEmpty()) {
            Object last = args.remove(args.size() - 1);
            if (!(last instanceof List<?> l)) {
                throw HclError.at(c.line(), "Invalid expanding argument value; the value after ... must be a list");
            }
            args.addAll(l);
        }
        try {
            return f.call(args);
        } catch (Values.Problem | ArithmeticException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw HclError.at(c.line(), "Error in function call; call to function \"" + c.name() + "\" failed: "
                    + e.getMessage());
        }
    }

    private static void arity(Expr.Call c, int n) throws HclError {
        if (c.args().size() != n) {
            throw HclError.at(c.line(), "Invalid function call; function \"" + c.name() + "\" takes " + n
                    + " argument" + (n == 1 ? "" : "s") + ", got " + c.args().size());
        }
    }

    // --- operators ------------------------------------------------------------------------

    private static boolean bool(Object v, int line, String what) throws HclError {
        try {
            return Values.bool(v);
        } catch (Values.Problem p) {
            throw HclError.at(line, "Incorrect condition type; " + what + " must be a bool: " + p.getMessage());
        }
    }

    private Object binary(Expr.Binary b, Scope s) throws HclError {
        String op = b.op();
        if (op.equals("&&") || op.equals("||")) {
            boolean left = bool(eval(b.left(), s), b.line(), "the left of " + op);
            if (op.equals("&&") ? !left : left) {
                return left;
            }
            return bool(eval(b.right(), s), b.line(), "the right of " + op);
        }
        Object l = eval(b.left(), s);
        Object r = eval(b.right(), s);
        if (op.equals("==")) {
            return Values.equal(l, r);
        }
        if (op.equals("!=")) {
            return !Values.equal(l, r);
        }
        BigDecimal x;
        BigDecimal y;
        try {
            x = Values.number(l);
            y = Values.number(r);
        } catch (Values.Problem p) {
            throw HclError.at(b.line(), "Invalid operand; unsuitable value for the operator " + op + ": "
                    + p.getMessage());
        }
        return switch (op) {
            case "+" -> x.add(y);
            case "-" -> x.subtract(y);
            case "*" -> x.multiply(y);
            case "/" -> {
                if (y.signum() == 0) {
                    throw HclError.at(b.line(), "Error in operator /; division by zero");
                }
                yield x.divide(y, MathContext.DECIMAL128);
            }
            case "%" -> {
                if (y.signum() == 0) {
                    throw HclError.at(b.line(), "Error in operator %; modulo by zero");
                }
                yield x.remainder(y);
            }
            case "<" -> x.compareTo(y) < 0;
            case "<=" -> x.compareTo(y) <= 0;
            case ">" -> x.compareTo(y) > 0;
            default -> x.compareTo(y) >= 0;
        };
    }

    private Object unary(Expr.Unary u, Scope s) throws HclError {
        Object v = eval(u.operand(), s);
        if (u.op().equals("!")) {
            return !bool(v, u.line(), "the operand of !");
        }
        try {
            return Values.number(v).negate();
        } catch (Values.Problem p) {
            throw HclError.at(u.line(), "Invalid operand; unsuitable value for unary -: " + p.getMessage());
        }
    }
}
