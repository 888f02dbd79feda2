package org.drover.launcher.jobs.hcl;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job file in HCL 2 evaluated as {@code nomad job run} evaluates it: its
 * {@code variable} and {@code locals} blocks consumed, every expression,
 * template and function call evaluated, {@code dynamic} blocks expanded
 * (ext/dynblock's rules), runtime placeholders such as
 * {@code ${NOMAD_ALLOC_ID}} kept as text.
 *
 * <p>The result is a tree of maps by block type and then label (a repeated
 * block becoming a list of maps), with numbers as doubles: the form the
 * job-file mapping reads.
 */
public final class HclDocument {

    /** The evaluated top level without variables and locals, and the line of each top-level name. */
    public record Evaluated(Map<String, Object> tree, Map<String, Integer> lines, List<String> warnings) {
    }

    private final Evaluator evaluator;

    private HclDocument(Evaluator evaluator) {
        this.evaluator = evaluator;
    }

    /**
     * Evaluates a job file's text. {@code strict} makes a var file's undeclared names errors, as
     * Nomad's {@code -strict}; otherwise they are warnings.
     */
    public static Evaluated evaluate(Path file, String text, VariableInputs inputs, boolean strict) throws HclError {
        Body body = Parser.file(text);
        Path dir = file.toAbsolutePath().getParent();
        Map<String, Function> functions = Functions.forJobFile(dir == null ? Path.of(".") : dir);
        Map<String, Variables.Declaration> declared = new LinkedHashMap<>();
        Map<String, Body.Attribute> locals = new LinkedHashMap<>();
        List<Body.Item> rest = new ArrayList<>();
        for (Body.Item item : body.items()) {
            if (item instanceof Body.Block b && b.type().equals("variable")) {
                Variables.Declaration d = Variables.declaration(b);
                if (declared.containsKey(d.name())) {
                    throw HclError.at(b.line(), "Duplicate variable; variable \"" + d.name() + "\" is declared at"
                            + " line " + declared.get(d.name()).line() + " already");
                }
                declared.put(d.name(), d);
            } else if (item instanceof Body.Block b && b.type().equals("locals")) {
                locals(b, locals);
            } else {
                rest.add(item);
            }
        }
        List<String> warnings = new ArrayList<>();
        Map<String, Object> values = Variables.resolve(declared, inputs, functions, strict, warnings);
        HclDocument doc = new HclDocument(new Evaluator(functions, values, locals));
        doc.evaluator.locals();
        Map<String, Integer> lines = new LinkedHashMap<>();
        rest.forEach(i -> lines.putIfAbsent(i instanceof Body.Block b ? b.type() : ((Body.Attribute) i).name(),
                i.line()));
        return new Evaluated(doc.body(rest, Evaluator.Scope.ROOT), lines, List.copyOf(warnings));
    }

    private static void locals(Body.Block b, Map<String, Body.Attribute> into) throws HclError {
        if (!b.labels().isEmpty()) {
            throw HclError.at(b.line(), "Extraneous label for locals; a locals block has no labels");
        }
        for (Body.Item item : b.body().items()) {
            if (!(item instanceof Body.Attribute a)) {
                throw HclError.at(item.line(), "Unexpected block in locals; a locals block holds only name = value");
            }
            if (into.containsKey(a.name())) {
                throw HclError.at(a.line(), "Duplicate local value; local." + a.name() + " is defined at line "
                        + into.get(a.name()).line() + " already");
            }
            into.put(a.name(), a);
        }
    }

    private Map<String, Object> body(List<Body.Item> items, Evaluator.Scope scope) throws HclError {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Integer> attributeLines = new LinkedHashMap<>();
        for (Body.Item item : items) {
            if (item instanceof Body.Attribute a) {
                if (attributeLines.containsKey(a.name())) {
                    throw HclError.at(a.line(), "Attribute redefined; " + a.name() + " was set at line "
                            + attributeLines.get(a.name()) + " already");
                }
                attributeLines.put(a.name(), a.line());
                out.put(a.name(), tree(evaluator.eval(a.expr(), scope)));
            } else {
                Body.Block b = (Body.Block) item;
                if (b.type().equals("dynamic")) {
                    dynamic(b, scope, out);
                } else {
                    List<String> names = new ArrayList<>();
                    names.add(b.type());
                    names.addAll(b.labels());
                    put(out, names, body(b.body().items(), scope), b.line());
                }
            }
        }
        return out;
    }

    /**
     * ext/dynblock's expansion: one {@code <label>} block per element of for_each, its content
     * evaluated with the iterator (the block's label unless {@code iterator} names another) bound
     * to {@code {key, value}}; dynamic blocks in the content expand in turn.
     */
    private void dynamic(Body.Block b, Evaluator.Scope scope, Map<String, Object> out) throws HclError {
        if (b.labels().size() != 1) {
            throw HclError.at(b.line(), "Invalid dynamic block; it has one label, the type of the blocks it makes");
        }
        String type = b.labels().get(0);
        Expr forEach = null;
        Expr labels = null;
        String iterator = type;
        Body content = null;
        for (Body.Item item : b.body().items()) {
            if (item instanceof Body.Attribute a && a.name().equals("for_each")) {
                forEach = a.expr();
            } else if (item instanceof Body.Attribute a && a.name().equals("labels")) {
                labels = a.expr();
            } else if (item instanceof Body.Attribute a && a.name().equals("iterator")) {
                if (!(a.expr() instanceof Expr.Variable v)) {
                    throw HclError.at(a.line(), "Invalid dynamic iterator name; iterator is a bare name, such as"
                            + " iterator = port");
                }
                iterator = v.name();
            } else if (item instanceof Body.Block c && c.type().equals("content") && content == null) {
                content = c.body();
            } else {
                throw HclError.at(item.line(), "Unsupported argument in dynamic \"" + type + "\"; it takes for_each,"
                        + " iterator, labels and one content block");
            }
        }
        if (forEach == null || content == null) {
            throw HclError.at(b.line(), "Invalid dynamic block; dynamic \"" + type + "\" needs for_each and a content"
                    + " block");
        }
        Object collection = evaluator.eval(forEach, scope);
        if (collection == null) {
            throw HclError.at(forEach.line(), "Invalid dynamic for_each value; cannot use a null value in for_each");
        }
        for (Map.Entry<Object, Object> e : Evaluator.entries(collection, forEach.line())) {
            Map<String, Object> it = Values.newMap();
            it.put("key", e.getKey());
            it.put("value", e.getValue());
            Evaluator.Scope inner = scope.with(iterator, it);
            List<String> names = new ArrayList<>();
            names.add(type);
            if (labels != null) {
                try {
                    for (Object l : Values.elements(evaluator.eval(labels, inner))) {
                        names.add(Values.string(l));
                    }
                } catch (Values.Problem p) {
                    throw HclError.at(labels.line(), "Invalid dynamic labels; labels is a list of strings: "
                            + p.getMessage());
                }
            }
            put(out, names, body(content.items(), inner), b.line());
        }
    }

    /** A block under its type and labels; a second one with the same names makes a list. */
    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> out, List<String> names, Map<String, Object> block, int line)
            throws HclError {
        Map<String, Object> at = out;
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            boolean last = i == names.size() - 1;
            Object current = at.get(name);
            if (current == null) {
                if (last) {
                    at.put(name, block);
                    return;
                }
                Map<String, Object> m = new LinkedHashMap<>();
                at.put(name, m);
                at = m;
            } else if (last && current instanceof Map) {
                List<Object> both = new ArrayList<>();
                both.add(current);
                both.add(block);
                at.put(name, both);
                return;
            } else if (current instanceof Map<?, ?> m) {
                at = (Map<String, Object>) m;
            } else if (last && current instanceof List<?> l) {
                ((List<Object>) l).add(block);
                return;
            } else {
                throw HclError.at(line, "Duplicate block; a block " + String.join(" ", names) + " conflicts with"
                        + " another of the same name");
            }
        }
    }

    /** A value in the mapping's form: doubles for numbers, maps in order. */
    static Object tree(Object v) {
        if (v instanceof BigDecimal n) {
            return n.doubleValue();
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(e -> out.add(tree(e)));
            return out;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, e) -> out.put(String.valueOf(k), tree(e)));
            return out;
        }
        return v;
    }
}
