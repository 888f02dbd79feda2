package org.drover.launcher.jobs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mapping to API JSON restores {@code $${} to {@code ${} in every string
 * value it writes (the escape HCL itself uses for a literal {@code ${}). An
 * evaluated job file's strings are plain text, runtime placeholders such as
 * {@code ${NOMAD_ALLOC_ID}} included, so they are escaped on the way in and
 * come out as they were.
 */
final class Placeholders {

    private Placeholders() {
    }

    /** Every string value of an evaluated tree escaped; keys and labels are not restored, so not escaped. */
    static Object protect(Object tree) {
        if (tree instanceof String s) {
            return s.replace("${", "$${");
        }
        if (tree instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(e -> out.add(protect(e)));
            return out;
        }
        if (tree instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), protect(v)));
            return out;
        }
        return tree;
    }

    static String unescape(String value) {
        return value.replace("$${", "${");
    }
}
