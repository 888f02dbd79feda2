package org.drover.runner.core.task;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.drover.runner.api.node.Node;

/**
 * Nomad's run-time interpolation of {@code ${…}} in a task's {@code env} and
 * {@code config}: {@code ${NOMAD_ALLOC_ID}} and any other variable of the
 * task's environment, {@code ${env.NAME}}, and the node's values as Nomad's
 * client names them: {@code ${node.unique.id}}, {@code ${node.unique.name}},
 * {@code ${node.datacenter}}, {@code ${node.region}}, {@code ${node.class}},
 * {@code ${node.pool}}, {@code ${attr.KEY}} and {@code ${meta.KEY}}, the
 * node's meta (the job's meta is {@code ${NOMAD_META_KEY}}). A reference to
 * nothing known is left as written, as Nomad leaves it.
 */
final class Interpolation {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}]+)}");

    private final Map<String, String> env;
    private final Map<String, String> node;

    Interpolation(Map<String, String> env, Node node) {
        this.env = env;
        this.node = values(node);
    }

    /** The node's values by the names job files use for them. */
    static Map<String, String> values(Node node) {
        Map<String, String> values = new HashMap<>();
        values.put("node.unique.id", node.id());
        values.put("node.unique.name", node.name());
        values.put("node.datacenter", node.datacenter());
        values.put("node.region", node.region());
        values.put("node.class", node.nodeClass());
        values.put("node.pool", node.nodePool());
        node.attributes().forEach((k, v) -> values.put("attr." + k, v));
        node.meta().forEach((k, v) -> values.put("meta." + k, v));
        return values;
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
        String value = node.get(ref);
        return value != null ? value : env.get(ref);
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
