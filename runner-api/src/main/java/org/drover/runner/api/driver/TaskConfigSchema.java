package org.drover.runner.api.driver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import org.drover.runner.api.model.GoDuration;

/**
 * The keys a driver accepts in a task's {@code config} block, so the core can
 * reject a bad block before anything runs, naming the driver and the key.
 *
 * @param fields       each accepted key and its type
 * @param alternatives groups of keys of which each task must set at least one
 *                     (java's {@code jar_path} or {@code class})
 */
public record TaskConfigSchema(Map<String, Field> fields, List<List<String>> alternatives) {

    public TaskConfigSchema {
        fields = Map.copyOf(fields);
        alternatives = alternatives.stream().map(List::copyOf).toList();
        for (List<String> group : alternatives) {
            if (!fields.keySet().containsAll(group)) {
                throw new IllegalArgumentException("alternatives " + group + " name keys the schema lacks");
            }
        }
    }

    public TaskConfigSchema(Map<String, Field> fields) {
        this(fields, List.of());
    }

    /** This schema, also requiring at least one of {@code keys}. */
    public TaskConfigSchema requireOneOf(String... keys) {
        List<List<String>> groups = new ArrayList<>(alternatives);
        groups.add(List.of(keys));
        return new TaskConfigSchema(fields, groups);
    }

    /** The type of a config value, as job files write it. */
    public enum Type {
        STRING("a string"),
        NUMBER("a number"),
        BOOL("a boolean"),
        /** A string Go's time.ParseDuration accepts, e.g. {@code "15s"}. */
        DURATION("a duration such as \"15s\""),
        STRING_LIST("a list of strings"),
        STRING_MAP("a map of strings"),
        /** Anything: the driver checks it itself. */
        ANY("any value");

        private final String description;

        Type(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    /**
     * One accepted key.
     *
     * @param type     its type
     * @param required whether it must be present
     */
    public record Field(Type type, boolean required) {
        public Field {
            Objects.requireNonNull(type, "type");
        }

        public static Field optional(Type type) {
            return new Field(type, false);
        }

        public static Field required(Type type) {
            return new Field(type, true);
        }
    }

    /** Problems with {@code config}, each naming the driver and the key; empty when it is valid. */
    public List<String> validate(String driver, Map<String, Object> config) {
        List<String> problems = new ArrayList<>();
        for (String key : new TreeSet<>(config.keySet())) {
            Field field = fields.get(key);
            if (field == null) {
                problems.add("driver " + driver + ": unknown config key \"" + key + "\"; accepted: "
                        + String.join(", ", new TreeSet<>(fields.keySet())));
                continue;
            }
            String problem = typeProblem(field.type(), config.get(key));
            if (problem != null) {
                problems.add("driver " + driver + ": config key \"" + key + "\" must be " + field.type().description()
                        + ", " + problem);
            }
        }
        for (Map.Entry<String, Field> e : new java.util.TreeMap<>(fields).entrySet()) {
            if (e.getValue().required() && !config.containsKey(e.getKey())) {
                problems.add("driver " + driver + ": config key \"" + e.getKey() + "\" is required");
            }
        }
        for (List<String> group : alternatives) {
            if (group.stream().noneMatch(config::containsKey)) {
                problems.add("driver " + driver + ": one of the config keys " + String.join(", ",
                        group.stream().map(k -> "\"" + k + "\"").toList()) + " is required");
            }
        }
        return problems;
    }

    private static String typeProblem(Type type, Object value) {
        boolean ok = switch (type) {
            case STRING -> value instanceof String;
            case NUMBER -> value instanceof Number;
            case BOOL -> value instanceof Boolean;
            case DURATION -> value instanceof String s && parses(s);
            case STRING_LIST -> value instanceof List<?> l && l.stream().allMatch(String.class::isInstance);
            case STRING_MAP -> value instanceof Map<?, ?> m && m.values().stream().allMatch(String.class::isInstance);
            case ANY -> true;
        };
        return ok ? null : "got " + describe(value);
    }

    private static boolean parses(String duration) {
        try {
            GoDuration.parse(duration);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        String kind = value instanceof String ? "string" : value instanceof Number ? "number"
                : value instanceof Boolean ? "boolean" : value instanceof List ? "list"
                : value instanceof Map ? "map" : value.getClass().getSimpleName();
        String text = value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
        if (text.length() > 60) {
            text = text.substring(0, 57) + "...";
        }
        return text + " (" + kind + ")";
    }
}
