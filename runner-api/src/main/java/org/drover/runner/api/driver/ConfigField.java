package org.drover.runner.api.driver;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import org.drover.runner.api.driver.TaskConfigSchema.Type;
import org.drover.runner.api.model.GoDuration;

/**
 * One key of a driver's {@code config} block, declared once: its name, its type as job files write
 * it, whether it is required, its default, and the Java value it binds to. A driver's
 * {@link TaskConfigSchema} is made from its fields ({@link TaskConfigSchema#of}), and the driver
 * reads each value through the same field ({@link #read(TaskConfig)}), so the key the agent
 * validates and the key the driver reads cannot drift apart, and a value can only come out as the
 * type its field declares.
 *
 * <pre>{@code
 * static final ConfigField<Duration> DURATION = ConfigField.duration("duration").required();
 * static final ConfigField<Integer> EXIT_CODE = ConfigField.integer("exit_code");
 * static final TaskConfigSchema SCHEMA = TaskConfigSchema.of(DURATION, EXIT_CODE);
 * ...
 * Duration d = DURATION.read(task);
 * }</pre>
 *
 * Immutable; {@link #required()}, {@link #defaultsTo} and {@link #as} return new fields.
 *
 * @param <T> the Java type of the value
 */
public final class ConfigField<T> {

    private final String key;
    private final Type type;
    private final boolean required;
    private final Function<Object, T> bind;
    private final T absent;

    private ConfigField(String key, Type type, boolean required, Function<Object, T> bind, T absent) {
        this.key = Objects.requireNonNull(key, "key");
        this.type = Objects.requireNonNull(type, "type");
        this.required = required;
        this.bind = Objects.requireNonNull(bind, "bind");
        this.absent = absent;
    }

    private static <T> ConfigField<T> of(String key, Type type, Function<Object, T> bind, T absent) {
        if (key.isEmpty()) {
            throw new IllegalArgumentException("a config key cannot be empty");
        }
        return new ConfigField<>(key, type, false, bind, absent);
    }

    /** A string; absent, {@code ""}. */
    public static ConfigField<String> string(String key) {
        return of(key, Type.STRING, String.class::cast, "");
    }

    /** A whole number, read as an {@code int} (a fraction is cut off); absent, 0. */
    public static ConfigField<Integer> integer(String key) {
        return of(key, Type.NUMBER, v -> ((Number) v).intValue(), 0);
    }

    /** A whole number, read as a {@code long} (a fraction is cut off); absent, 0. */
    public static ConfigField<Long> number(String key) {
        return of(key, Type.NUMBER, v -> ((Number) v).longValue(), 0L);
    }

    /** A boolean; absent, false. */
    public static ConfigField<Boolean> bool(String key) {
        return of(key, Type.BOOL, Boolean.class::cast, false);
    }

    /** A duration as Go writes it ({@code "15s"}); absent, zero. */
    public static ConfigField<Duration> duration(String key) {
        return of(key, Type.DURATION, v -> GoDuration.parse((String) v), Duration.ZERO);
    }

    /** A list of strings; absent, empty. */
    public static ConfigField<List<String>> list(String key) {
        return of(key, Type.STRING_LIST, v -> List.copyOf(strings((List<?>) v)), List.of());
    }

    /** A map of strings to strings; absent, empty. */
    public static ConfigField<Map<String, String>> map(String key) {
        return of(key, Type.STRING_MAP, v -> Map.copyOf(stringMap((Map<?, ?>) v)), Map.of());
    }

    /**
     * Any value, which the driver checks itself (a block that may be written once or repeated);
     * absent, null. Bind it to a Java type with {@link #as}.
     */
    public static ConfigField<Object> any(String key) {
        return of(key, Type.ANY, Function.identity(), null);
    }

    /** This field, required: the agent rejects a config block without it. */
    public ConfigField<T> required() {
        return new ConfigField<>(key, type, true, bind, absent);
    }

    /** This field, with {@code value} when the key is absent. */
    public ConfigField<T> defaultsTo(T value) {
        return new ConfigField<>(key, type, required, bind, value);
    }

    /**
     * This field, its value passed through {@code convert}, and so is its default (null for
     * {@link #any}) when this is called. A conversion that finds the value wrong throws an
     * {@link IllegalArgumentException} saying what is wrong; {@link #read} turns it into a
     * {@link TaskConfigException} naming this key.
     */
    public <R> ConfigField<R> as(Function<? super T, ? extends R> convert) {
        return new ConfigField<R>(key, type, required, v -> convert.apply(bind.apply(v)), convert.apply(absent));
    }

    public String key() {
        return key;
    }

    public Type type() {
        return type;
    }

    public boolean isRequired() {
        return required;
    }

    /** The value when the key is absent. */
    public T defaultValue() {
        return absent;
    }

    /** This field as a schema entry. */
    public TaskConfigSchema.Field field() {
        return new TaskConfigSchema.Field(type, required);
    }

    /** The value of this field in the task's config block. */
    public T read(TaskConfig task) {
        return read(task.config());
    }

    /**
     * The value of this field in {@code config}, or its default when absent. The agent has
     * validated the block already; a value that still does not fit (a config read outside a
     * task run) is a {@link TaskConfigException} naming the key, never a class cast.
     */
    public T read(Map<String, ?> config) {
        Object value = config.get(key);
        if (value == null) {
            if (required) {
                throw new TaskConfigException(key, "is required");
            }
            return absent;
        }
        if (!type.accepts(value)) {
            throw new TaskConfigException(key, "must be " + type.description() + ", got "
                    + TaskConfigSchema.describe(value));
        }
        try {
            return bind.apply(value);
        } catch (IllegalArgumentException e) {
            throw new TaskConfigException(key, e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(List<?> list) {
        return (List<String>) list;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> stringMap(Map<?, ?> map) {
        return (Map<String, String>) map;
    }

    @Override
    public String toString() {
        return key + " (" + type.description() + (required ? ", required" : "") + ")";
    }
}
