package org.drover.launcher.jobs.hcl;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A variable's {@code type}: string, number, bool, any, list(T), set(T),
 * map(T), object({…}) or tuple([…]), and the conversion of a value to it
 * with cty's rules (a string "true" is a bool, a number is a string, …).
 */
sealed interface TypeConstraint {

    String written();

    /** The value as this type, or a {@link Values.Problem} saying what was required. */
    Object convert(Object value);

    /** Whether a value from an environment variable or -var is taken as the text it is (else HCL syntax). */
    default boolean takesText() {
        return false;
    }

    enum Primitive implements TypeConstraint {
        STRING, NUMBER, BOOL, ANY;

        @Override
        public String written() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        @Override
        public boolean takesText() {
            return this == STRING || this == NUMBER;
        }

        @Override
        public Object convert(Object v) {
            if (v == null || this == ANY) {
                return v;
            }
            try {
                return switch (this) {
                    case STRING -> {
                        if (v instanceof List || v instanceof Map) {
                            throw new Values.Problem("");
                        }
                        yield Values.string(v);
                    }
                    case NUMBER -> {
                        if (!(v instanceof String || v instanceof BigDecimal)) {
                            throw new Values.Problem("");
                        }
                        yield Values.number(v);
                    }
                    default -> Values.bool(v);
                };
            } catch (Values.Problem e) {
                throw new Values.Problem(switch (this) {
                    case STRING -> "string required";
                    case NUMBER -> "a number is required";
                    default -> "a bool is required";
                });
            }
        }
    }

    record Collection(String kind, TypeConstraint element) implements TypeConstraint {
        @Override
        public String written() {
            return kind + "(" + element.written() + ")";
        }

        @Override
        public Object convert(Object v) {
            if (v == null) {
                return null;
            }
            String required = kind + " of " + element.written() + " required";
            if (kind.equals("map")) {
                if (!(v instanceof Map<?, ?> m)) {
                    throw new Values.Problem(required);
                }
                Map<String, Object> out = Values.newMap();
                m.forEach((k, e) -> out.put((String) k, element(e, "[\"" + k + "\"]")));
                return out;
            }
            if (!(v instanceof List<?> l)) {
                throw new Values.Problem(required);
            }
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < l.size(); i++) {
                out.add(element(l.get(i), "[" + i + "]"));
            }
            return kind.equals("set") ? Values.set(out) : out;
        }

        private Object element(Object e, String at) {
            try {
                return element.convert(e);
            } catch (Values.Problem p) {
                throw new Values.Problem("element " + at + ": " + p.getMessage());
            }
        }
    }

    record ObjectType(Map<String, TypeConstraint> attributes) implements TypeConstraint {
        @Override
        public String written() {
            StringBuilder b = new StringBuilder("object({");
            attributes.forEach((k, t) -> b.append(b.length() > 8 ? ", " : "").append(k).append("=").append(t.written()));
            return b.append("})").toString();
        }

        @Override
        public Object convert(Object v) {
            if (v == null) {
                return null;
            }
            if (!(v instanceof Map<?, ?> m)) {
                throw new Values.Problem("object required");
            }
            Map<String, Object> out = Values.newMap();
            for (Map.Entry<String, TypeConstraint> a : attributes.entrySet()) {
                if (!m.containsKey(a.getKey())) {
                    throw new Values.Problem("attribute \"" + a.getKey() + "\" is required");
                }
                try {
                    out.put(a.getKey(), a.getValue().convert(m.get(a.getKey())));
                } catch (Values.Problem p) {
                    throw new Values.Problem("attribute \"" + a.getKey() + "\": " + p.getMessage());
                }
            }
            return out;
        }
    }

    record TupleType(List<TypeConstraint> elements) implements TypeConstraint {
        @Override
        public String written() {
            return "tuple([" + String.join(", ", elements.stream().map(TypeConstraint::written).toList()) + "])";
        }

        @Override
        public Object convert(Object v) {
            if (v == null) {
                return null;
            }
            if (!(v instanceof List<?> l) || l.size() != elements.size()) {
                throw new Values.Problem("tuple required");
            }
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < l.size(); i++) {
                out.add(elements.get(i).convert(l.get(i)));
            }
            return out;
        }
    }

    /** The type a {@code type = …} expression names. */
    static TypeConstraint of(Expr e) throws HclError {
        if (e instanceof Expr.Variable v) {
            switch (v.name()) {
                case "string":
                    return Primitive.STRING;
                case "number":
                    return Primitive.NUMBER;
                case "bool":
                    return Primitive.BOOL;
                case "any":
                    return Primitive.ANY;
                default:
                    break;
            }
        } else if (e instanceof Expr.Call c && c.args().size() == 1) {
            Expr arg = c.args().get(0);
            switch (c.name()) {
                case "list", "set", "map":
                    return new Collection(c.name(), of(arg));
                case "object":
                    if (arg instanceof Expr.ObjectCons o) {
                        Map<String, TypeConstraint> attrs = new LinkedHashMap<>();
                        for (int i = 0; i < o.keys().size(); i++) {
                            Expr k = o.keys().get(i);
                            String name = k instanceof Expr.Literal l ? String.valueOf(l.value())
                                    : k instanceof Expr.Variable kv ? kv.name() : null;
                            if (name == null) {
                                throw HclError.at(k.line(), "Invalid type specification; an object's attribute"
                                        + " names are plain names");
                            }
                            attrs.put(name, of(o.values().get(i)));
                        }
                        return new ObjectType(attrs);
                    }
                    break;
                case "tuple":
                    if (arg instanceof Expr.Tuple t) {
                        List<TypeConstraint> elems = new ArrayList<>();
                        for (Expr x : t.items()) {
                            elems.add(of(x));
                        }
                        return new TupleType(elems);
                    }
                    break;
                default:
                    break;
            }
        }
        throw HclError.at(e.line(), "Invalid type specification; expected string, number, bool, any, list(…),"
                + " set(…), map(…), object({…}) or tuple([…])");
    }
}
