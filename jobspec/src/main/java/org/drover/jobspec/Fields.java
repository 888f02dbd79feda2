package org.drover.jobspec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.drover.jobspec.schema.ApiKeys;
import org.drover.runner.api.model.GoDuration;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads one JSON object's fields Drover acts on, each as the type the model
 * holds, collecting problems instead of stopping at the first. Which keys may
 * be there at all is {@link SchemaCheck}'s.
 */
final class Fields {

    private final JsonNode node;
    private final String path;
    private final Report report;

    Fields(JsonNode node, String path, Report report) {
        this.node = node;
        this.path = path;
        this.report = report;
    }

    /** Where problems and warnings go. */
    static final class Report {
        final List<Problem> problems = new ArrayList<>();
        /** Fields set that Drover does not act on, each with what to tell the user. */
        final List<Problem> warnings = new ArrayList<>();
        /** The stanzas set that the model does not hold, by path: what makes two submissions differ beyond it. */
        final java.util.SortedMap<String, JsonNode> notModelled = new java.util.TreeMap<>();
        final boolean strict;

        Report(boolean strict) {
            this.strict = strict;
        }

        void problem(String path, String message) {
            problems.add(new Problem(path, message));
        }
    }

    Report report() {
        return report;
    }

    JsonNode node() {
        return node;
    }

    String path() {
        return path;
    }

    String at(String key) {
        return path + "." + key;
    }

    private JsonNode get(String key) {
        JsonNode v = node.get(keyOf(node, key));
        return v == null || v.isNull() ? null : v;
    }

    static String keyOf(JsonNode object, String key) {
        return ApiKeys.keyOf(object, key);
    }

    /** {@code object}'s field {@code key}, matched as Nomad matches it; missing or null if absent. */
    static JsonNode field(JsonNode object, String key) {
        return object.path(keyOf(object, key));
    }

    boolean has(String key) {
        return get(key) != null;
    }

    String string(String key, String fallback, boolean required) {
        JsonNode v = get(key);
        if (v == null) {
            if (required) {
                report.problem(at(key), "is required");
            }
            return fallback;
        }
        if (!v.isTextual()) {
            report.problem(at(key), "must be a string, got " + describe(v));
            return fallback;
        }
        if (required && v.asText().isBlank()) {
            report.problem(at(key), "must not be empty");
        }
        return v.asText();
    }

    int integer(String key, int fallback, int min, int max) {
        JsonNode v = get(key);
        if (v == null) {
            return fallback;
        }
        if (!v.isNumber() || !v.canConvertToLong() || v.asDouble() != Math.rint(v.asDouble())) {
            report.problem(at(key), "must be a whole number, got " + describe(v));
            return fallback;
        }
        long n = v.asLong();
        if (n < min || n > max) {
            report.problem(at(key), "must be between " + min + " and " + max + ", got " + n);
            return fallback;
        }
        return (int) n;
    }

    boolean bool(String key, boolean fallback) {
        JsonNode v = get(key);
        if (v == null) {
            return fallback;
        }
        if (!v.isBoolean()) {
            report.problem(at(key), "must be true or false, got " + describe(v));
            return fallback;
        }
        return v.asBoolean();
    }

    /** Nanoseconds, as Nomad's API writes durations, or a Go duration string as job files do. */
    Duration duration(String key, Duration fallback) {
        JsonNode v = get(key);
        if (v == null) {
            return fallback;
        }
        if (v.isIntegralNumber() && v.asLong() >= 0) {
            return Duration.ofNanos(v.asLong());
        }
        if (v.isTextual()) {
            try {
                Duration d = GoDuration.parse(v.asText());
                if (!d.isNegative()) {
                    return d;
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        report.problem(at(key), "must be a duration such as \"30s\" (or nanoseconds), got " + describe(v));
        return fallback;
    }

    Map<String, String> stringMap(String key) {
        JsonNode v = get(key);
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null) {
            return out;
        }
        if (!v.isObject()) {
            report.problem(at(key), "must be a map of strings, got " + describe(v));
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual() && !e.getValue().isNumber() && !e.getValue().isBoolean()) {
                report.problem(at(key) + "." + e.getKey(), "must be a string, got " + describe(e.getValue()));
            } else {
                out.put(e.getKey(), e.getValue().asText());
            }
        }
        return out;
    }

    List<String> stringList(String key) {
        JsonNode v = get(key);
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (!v.isArray()) {
            report.problem(at(key), "must be a list of strings, got " + describe(v));
            return out;
        }
        for (JsonNode e : v) {
            if (e.isTextual()) {
                out.add(e.asText());
            } else {
                report.problem(at(key), "must be a list of strings, has " + describe(e));
            }
        }
        return out;
    }

    /** An object to read further, or null (reported when required). */
    JsonNode object(String key, boolean required) {
        JsonNode v = get(key);
        if (v == null) {
            if (required) {
                report.problem(at(key), "is required");
            }
            return null;
        }
        if (!v.isObject()) {
            report.problem(at(key), "must be an object, got " + describe(v));
            return null;
        }
        return v;
    }

    /** A non-empty list of objects, or an empty list (reported). */
    List<JsonNode> objects(String key) {
        JsonNode v = get(key);
        List<JsonNode> out = new ArrayList<>();
        if (v == null || !v.isArray() || v.isEmpty()) {
            report.problem(at(key), v == null || v.isArray() ? "needs at least one entry"
                    : "must be a list, got " + describe(v));
            return out;
        }
        for (JsonNode e : v) {
            if (e.isObject()) {
                out.add(e);
            } else {
                report.problem(at(key), "must be a list of objects, has " + describe(e));
            }
        }
        return out;
    }

    static boolean containsIgnoringCase(Set<String> keys, String key) {
        return keys.contains(key) || keys.stream().anyMatch(k -> k.equalsIgnoreCase(key));
    }

    static boolean empty(JsonNode v) {
        return v == null || v.isNull() || (v.isContainerNode() && v.isEmpty())
                || (v.isBoolean() && !v.asBoolean()) || (v.isNumber() && v.asDouble() == 0)
                || (v.isTextual() && v.asText().isEmpty());
    }

    static String describe(JsonNode v) {
        String kind = v.isTextual() ? "string" : v.isNumber() ? "number" : v.isBoolean() ? "boolean"
                : v.isArray() ? "list" : v.isObject() ? "object" : "null";
        String text = v.toString();
        if (text.length() > 40) {
            text = text.substring(0, 37) + "...";
        }
        return text + " (" + kind + ")";
    }
}
