package org.drover.runner.api.driver;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

import org.drover.runner.api.model.GoDuration;

/**
 * The keys a driver accepts in a task's {@code config} block, so the core can
 * reject a bad block before anything runs, naming the driver and the key.
 * A driver declares each key once, as a {@link ConfigField}, and makes its
 * schema from those fields with {@link #of}; it reads the values through the
 * same fields.
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

    /** The schema of these fields; a key may be declared once. */
    public static TaskConfigSchema of(ConfigField<?>... fields) {
        Map<String, Field> byKey = new HashMap<>();
        for (ConfigField<?> f : fields) {
            if (byKey.put(f.key(), f.field()) != null) {
                throw new IllegalArgumentException("config key \"" + f.key() + "\" is declared twice");
            }
        }
        return new TaskConfigSchema(byKey);
    }

    /** This schema, also requiring at least one of {@code fields}. */
    public TaskConfigSchema requireOneOf(ConfigField<?>... fields) {
        return requireOneOf(Arrays.stream(fields).map(ConfigField::key).toArray(String[]::new));
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

        /** Whether {@code value}, as a job file gives it, is of this type. */
        public boolean accepts(Object value) {
            return switch (this) {
                case STRING -> value instanceof String;
                case NUMBER -> value instanceof Number;
                case BOOL -> value instanceof Boolean;
                case DURATION -> value instanceof String s && parses(s);
                case STRING_LIST -> value instanceof List<?> l && l.stream().allMatch(String.class::isInstance);
                case STRING_MAP -> value instanceof Map<?, ?> m
                        && m.values().stream().allMatch(String.class::isInstance);
                case ANY -> true;
            };
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
            Object value = config.get(key);
            if (!field.type().accepts(value)) {
                problems.add("driver " + driver + ": config key \"" + key + "\" must be " + field.type().description()
                        + ", got " + describe(value));
            }
        }
        for (Map.Entry<String, Field> e : new TreeMap<>(fields).entrySet()) {
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

    private static boolean parses(String duration) {
        try {
            GoDuration.parse(duration);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A value as a message shows it: the text, cut to 60 characters, and its kind. */
    static String describe(Object value) {
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
