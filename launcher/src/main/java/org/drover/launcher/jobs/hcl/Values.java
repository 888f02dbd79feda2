package org.drover.launcher.jobs.hcl;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * HCL's values as Java ones (string, {@link BigDecimal}, boolean, null, list,
 * and sorted map for objects and maps: cty iterates an object's attributes by
 * name), and cty's automatic conversions between them.
 */
final class Values {

    private Values() {
    }

    /** A value that does not fit where it is used; the caller adds the line. */
    static final class Problem extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Problem(String message) {
            super(message);
        }
    }

    static String typeName(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String) {
            return "string";
        }
        if (v instanceof BigDecimal) {
            return "number";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        if (v instanceof List) {
            return "tuple";
        }
        return "object";
    }

    static String string(Object v) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof BigDecimal n) {
            return format(n);
        }
        if (v instanceof Boolean b) {
            return b.toString();
        }
        throw new Problem(v == null ? "a string is required, got null" : "string required, got " + typeName(v));
    }

    static BigDecimal number(Object v) {
        if (v instanceof BigDecimal n) {
            return n;
        }
        if (v instanceof String s) {
            try {
                return new BigDecimal(s.strip());
            } catch (NumberFormatException e) {
                throw new Problem("a number is required, got \"" + s + "\"");
            }
        }
        throw new Problem("a number is required, got " + typeName(v));
    }

    static int integer(Object v) {
        BigDecimal n = number(v);
        try {
            return n.intValueExact();
        } catch (ArithmeticException e) {
            throw new Problem("a whole number is required, got " + format(n));
        }
    }

    static boolean bool(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        if ("true".equals(v)) {
            return true;
        }
        if ("false".equals(v)) {
            return false;
        }
        throw new Problem("a bool is required, got " + (v instanceof String s ? "\"" + s + "\"" : typeName(v)));
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object v) {
        if (v instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw new Problem("a list is required, got " + typeName(v));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object v) {
        if (v instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new Problem("a map is required, got " + typeName(v));
    }

    static Map<String, Object> newMap() {
        return new TreeMap<>();
    }

    /** cty's canonical text of a number: no exponent, no trailing zeros. */
    static String format(BigDecimal n) {
        if (n.signum() == 0) {
            return "0";
        }
        return n.stripTrailingZeros().toPlainString();
    }

    static BigDecimal num(long n) {
        return BigDecimal.valueOf(n);
    }

    /** Equality as HCL's {@code ==}: numbers by value, collections element by element. */
    static boolean equal(Object a, Object b) {
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!equal(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (!x.keySet().equals(y.keySet())) {
                return false;
            }
            for (Object k : x.keySet()) {
                if (!equal(x.get(k), y.get(k))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    static List<Object> distinct(List<Object> in) {
        List<Object> out = new ArrayList<>();
        for (Object o : in) {
            if (out.stream().noneMatch(e -> equal(e, o))) {
                out.add(o);
            }
        }
        return out;
    }

    /**
     * A set as cty orders it: without duplicates, strings in lexical order and numbers by value
     * (a set of other values keeps the order given).
     */
    static List<Object> set(List<Object> in) {
        List<Object> out = distinct(in);
        if (!out.isEmpty() && out.stream().allMatch(e -> e instanceof String)) {
            out.sort(java.util.Comparator.comparing(e -> (String) e));
        } else if (!out.isEmpty() && out.stream().allMatch(e -> e instanceof BigDecimal)) {
            out.sort(java.util.Comparator.comparing(e -> (BigDecimal) e));
        }
        return out;
    }

    /** The value's elements: a list's items, or a map's values by key. */
    static List<Object> elements(Object v) {
        if (v instanceof Map<?, ?> m) {
            return new ArrayList<>(m.values());
        }
        return list(v);
    }
}
