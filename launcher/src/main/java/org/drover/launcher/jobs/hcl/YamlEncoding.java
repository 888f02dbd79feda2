package org.drover.launcher.jobs.hcl;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * yamlencode as cty-yaml writes: block style, keys in order, every string
 * double-quoted, two spaces per level and a sequence's items at its key's
 * indentation.
 */
final class YamlEncoding {

    private YamlEncoding() {
    }

    static String encode(Object v) {
        StringBuilder out = new StringBuilder();
        if (isBlock(v)) {
            block(v, 0, out);
        } else {
            out.append(scalar(v)).append('\n');
        }
        return out.toString();
    }

    private static boolean isBlock(Object v) {
        return v instanceof List<?> l && !l.isEmpty() || v instanceof Map<?, ?> m && !m.isEmpty();
    }

    /** A non-empty list or map at {@code indent}; the caller has written the indentation of its first line. */
    private static void block(Object v, int indent, StringBuilder out) {
        boolean first = true;
        if (v instanceof List<?> l) {
            for (Object e : l) {
                out.append(first ? "" : " ".repeat(indent)).append("- ");
                first = false;
                item(e, indent + 2, out, false);
            }
            return;
        }
        for (Map.Entry<String, Object> e : new java.util.TreeMap<>(Values.map(v)).entrySet()) {
            out.append(first ? "" : " ".repeat(indent)).append(scalar(e.getKey())).append(':');
            first = false;
            item(e.getValue(), indent + 2, out, true);
        }
    }

    private static void item(Object v, int indent, StringBuilder out, boolean afterKey) {
        if (!isBlock(v)) {
            out.append(afterKey ? " " : "").append(scalar(v)).append('\n');
        } else if (afterKey && v instanceof List) {
            out.append('\n').append(" ".repeat(indent - 2));
            block(v, indent - 2, out);
        } else if (afterKey) {
            out.append('\n').append(" ".repeat(indent));
            block(v, indent, out);
        } else {
            block(v, indent, out);
        }
    }

    private static String scalar(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof List) {
            return "[]";
        }
        if (v instanceof Map) {
            return "{}";
        }
        if (v instanceof BigDecimal n) {
            return Values.format(n);
        }
        if (v instanceof Boolean b) {
            return b.toString();
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : ((String) v).toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\x%02X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
