package org.drover.jobspec.rules;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.drover.jobspec.schema.ApiKeys;
import org.drover.runner.api.model.GoDuration;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One object of the job's API JSON at its path. A field missing, null or of the wrong type reads as
 * absent: its type is the reader's to check, and a rule on it is skipped.
 */
record Obj(JsonNode node, String path) {

    static Obj of(JsonNode node, String path) {
        return node != null && node.isObject() ? new Obj(node, path) : null;
    }

    String at(String key) {
        return path + "." + key;
    }

    /** The field as Nomad's decoder matches it: the exact key, else one differing only in case. */
    JsonNode raw(String key) {
        return node.get(ApiKeys.keyOf(node, key));
    }

    /** Set to something other than null. */
    boolean has(String key) {
        JsonNode v = raw(key);
        return v != null && !v.isNull();
    }

    String str(String key) {
        JsonNode v = raw(key);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    String str(String key, String fallback) {
        String s = str(key);
        return s == null ? fallback : s;
    }

    Long integer(String key) {
        JsonNode v = raw(key);
        if (v == null || !v.isNumber() || !v.canConvertToExactIntegral() || !v.canConvertToLong()) {
            return null;
        }
        return v.asLong();
    }

    long integer(String key, long fallback) {
        Long n = integer(key);
        return n == null ? fallback : n;
    }

    Boolean bool(String key) {
        JsonNode v = raw(key);
        return v != null && v.isBoolean() ? v.asBoolean() : null;
    }

    boolean isTrue(String key) {
        return Boolean.TRUE.equals(bool(key));
    }

    /** Nanoseconds as Nomad's API writes them, or a Go duration string as job files do; negatives kept. */
    Duration duration(String key) {
        JsonNode v = raw(key);
        if (v == null) {
            return null;
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return Duration.ofNanos(v.asLong());
        }
        if (v.isTextual()) {
            try {
                return GoDuration.parse(v.asText());
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    Duration duration(String key, Duration fallback) {
        Duration d = duration(key);
        return d == null ? fallback : d;
    }

    Obj obj(String key) {
        return of(raw(key), at(key));
    }

    /** A list of blocks without names, each at {@code Key[i]}; elements that are not objects are left out. */
    List<Obj> list(String key) {
        List<Obj> out = new ArrayList<>();
        JsonNode v = raw(key);
        if (v != null && v.isArray()) {
            for (int i = 0; i < v.size(); i++) {
                Obj o = of(v.get(i), at(key) + "[" + i + "]");
                if (o != null) {
                    out.add(o);
                }
            }
        }
        return out;
    }

    /** A list of blocks named by their {@code Name}, each at {@code Key["name"]}. */
    List<Obj> named(String key) {
        List<Obj> out = new ArrayList<>();
        JsonNode v = raw(key);
        if (v != null && v.isArray()) {
            for (JsonNode e : v) {
                if (e.isObject()) {
                    Obj bare = new Obj(e, "");
                    out.add(new Obj(e, at(key) + "[\"" + bare.str("Name", "") + "\"]"));
                }
            }
        }
        return out;
    }

    /** A map of blocks by key, each at {@code Key["key"]}. */
    Map<String, Obj> keyed(String key) {
        Map<String, Obj> out = new LinkedHashMap<>();
        JsonNode v = raw(key);
        if (v != null && v.isObject()) {
            v.fields().forEachRemaining(e -> {
                Obj o = of(e.getValue(), at(key) + "[\"" + e.getKey() + "\"]");
                if (o != null) {
                    out.put(e.getKey(), o);
                }
            });
        }
        return out;
    }

    /** The strings of a list; other elements are left out. */
    List<String> strings(String key) {
        List<String> out = new ArrayList<>();
        JsonNode v = raw(key);
        if (v != null && v.isArray()) {
            v.forEach(e -> {
                if (e.isTextual()) {
                    out.add(e.asText());
                }
            });
        }
        return out;
    }

    /** Whether the list or map under the key has entries. */
    boolean nonEmpty(String key) {
        JsonNode v = raw(key);
        return v != null && v.isContainerNode() && !v.isEmpty();
    }
}
