package org.drover.runner.core.task;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Nomad's run-time interpolation of {@code ${…}} in a task's {@code env} and
 * {@code config}: {@code ${NOMAD_ALLOC_ID}} and any other variable of the
 * task's environment, {@code ${env.NAME}}, {@code ${meta.KEY}},
 * {@code ${node.region}} and {@code ${node.datacenter}}. A reference to
 * nothing known is left as written, as Nomad leaves it.
 */
final class Interpolation {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}]+)}");

    private final Map<String, String> env;
    private final Map<String, String> meta;
    private final String region;
    private final String datacenter;

    Interpolation(Map<String, String> env, Map<String, String> meta, String region, String datacenter) {
        this.env = env;
        this.meta = meta;
        this.region = region;
        this.datacenter = datacenter;
    }

    String apply(String text) {
        if (text.indexOf("${") < 0) {
            return text;
        }
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = resolve(m.group(1).trim());
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String resolve(String ref) {
        if (ref.startsWith("env.")) {
            return env.get(ref.substring(4));
        }
        if (ref.startsWith("meta.")) {
            return meta.get(ref.substring(5));
        }
        return switch (ref) {
            case "node.region" -> region;
            case "node.datacenter" -> datacenter;
            default -> env.get(ref);
        };
    }

    /** Every string in a config block (maps and lists of them included), interpolated. */
    Map<String, Object> apply(Map<String, Object> config) {
        Map<String, Object> out = new LinkedHashMap<>();
        config.forEach((k, v) -> out.put(k, value(v)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private Object value(Object v) {
        if (v instanceof String s) {
            return apply(s);
        }
        if (v instanceof Map<?, ?> m) {
            return apply((Map<String, Object>) m);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(e -> out.add(value(e)));
            return out;
        }
        return v;
    }
}
