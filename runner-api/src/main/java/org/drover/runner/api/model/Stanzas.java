package org.drover.runner.api.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The stanzas of a job, group or task that Drover reads and checks but does
 * not act on yet, by their name in Nomad's API ({@code "Update"},
 * {@code "Networks"}, {@code "Services"}, ...). Values are as the API writes
 * them, already checked against Nomad's job specification: strings, longs
 * (durations in nanoseconds), doubles, booleans, lists and maps of those. A
 * later version moves a stanza from here into a typed component once Drover
 * acts on it; kept here, it survives restarts and tells two versions apart.
 *
 * @param byName the stanzas set, each deeply immutable
 */
public record Stanzas(Map<String, Object> byName) {

    public static final Stanzas NONE = new Stanzas(Map.of());

    public Stanzas {
        Map<String, Object> copy = new LinkedHashMap<>();
        byName.forEach((k, v) -> copy.put(k, freeze(v)));
        byName = Collections.unmodifiableMap(copy);
    }

    public Optional<Object> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Set<String> names() {
        return byName.keySet();
    }

    public boolean isEmpty() {
        return byName.isEmpty();
    }

    private static Object freeze(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, e) -> out.put(String.valueOf(k), freeze(e)));
            return Collections.unmodifiableMap(out);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(e -> out.add(freeze(e)));
            return Collections.unmodifiableList(out);
        }
        if (v == null || v instanceof String || v instanceof Long || v instanceof Double || v instanceof Boolean) {
            return v;
        }
        if (v instanceof Number n) {
            return n.doubleValue() == Math.rint(n.doubleValue()) ? (Object) n.longValue() : (Object) n.doubleValue();
        }
        throw new IllegalArgumentException("a stanza holds strings, numbers, booleans, lists and maps, not "
                + v.getClass().getName());
    }
}
