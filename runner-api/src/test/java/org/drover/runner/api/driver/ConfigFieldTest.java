package org.drover.runner.api.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.drover.runner.api.driver.TaskConfigSchema.Field;
import org.drover.runner.api.driver.TaskConfigSchema.Type;
import org.junit.jupiter.api.Test;

class ConfigFieldTest {

    static final ConfigField<Duration> DURATION = ConfigField.duration("duration").required();
    static final ConfigField<Integer> EXIT_CODE = ConfigField.integer("exit_code").defaultsTo(3);
    static final ConfigField<Boolean> IGNORE = ConfigField.bool("ignore_interrupt");
    static final ConfigField<List<String>> ARGS = ConfigField.list("args");
    static final ConfigField<Map<String, String>> LABELS = ConfigField.map("labels");
    static final ConfigField<Long> SHM = ConfigField.number("shm_size");
    static final ConfigField<String> IMAGE = ConfigField.string("image");
    static final ConfigField<Integer> BLOCKS = ConfigField.any("mount").as(ConfigFieldTest::count);
    static final TaskConfigSchema SCHEMA = TaskConfigSchema.of(DURATION, EXIT_CODE, IGNORE, ARGS, LABELS, SHM, IMAGE,
            BLOCKS);

    /** A block given once is a map; repeated, a list of maps. */
    static int count(Object blocks) {
        if (blocks == null) {
            return 0;
        }
        if (blocks instanceof Map) {
            return 1;
        }
        if (blocks instanceof List<?> l) {
            return l.size();
        }
        throw new IllegalArgumentException("must be a block or a list of blocks");
    }

    @Test
    void theSchemaIsMadeOfTheDeclaredFields() {
        assertEquals(Map.of("duration", Field.required(Type.DURATION), "exit_code", Field.optional(Type.NUMBER),
                "ignore_interrupt", Field.optional(Type.BOOL), "args", Field.optional(Type.STRING_LIST),
                "labels", Field.optional(Type.STRING_MAP), "shm_size", Field.optional(Type.NUMBER),
                "image", Field.optional(Type.STRING), "mount", Field.optional(Type.ANY)), SCHEMA.fields());
    }

    @Test
    void eachFieldReadsItsOwnKeyAsItsOwnType() {
        Map<String, Object> config = Map.of("duration", "1m30s", "exit_code", 7, "ignore_interrupt", true,
                "args", List.of("a", "b"), "labels", Map.of("k", "v"), "shm_size", 1.5e9, "image", "busybox",
                "mount", List.of(Map.of(), Map.of()));
        assertEquals(List.of(), SCHEMA.validate("sleeper", config));
        assertEquals(Duration.ofSeconds(90), DURATION.read(config));
        assertEquals(7, EXIT_CODE.read(config));
        assertTrue(IGNORE.read(config));
        assertEquals(List.of("a", "b"), ARGS.read(config));
        assertEquals(Map.of("k", "v"), LABELS.read(config));
        assertEquals(1_500_000_000L, SHM.read(config));
        assertEquals("busybox", IMAGE.read(config));
        assertEquals(2, BLOCKS.read(config));
    }

    @Test
    void anAbsentKeyReadsAsItsDefault() {
        Map<String, Object> config = Map.of("duration", "1s");
        assertEquals(3, EXIT_CODE.read(config));
        assertFalse(IGNORE.read(config));
        assertEquals(List.of(), ARGS.read(config));
        assertEquals(Map.of(), LABELS.read(config));
        assertEquals(0L, SHM.read(config));
        assertEquals("", IMAGE.read(config));
        assertEquals(0, BLOCKS.read(config), "a converted field's default is converted too");
        assertEquals(Duration.ofSeconds(5), ConfigField.duration("d").defaultsTo(Duration.ofSeconds(5))
                .read(config));
    }

    @Test
    void aRequiredFieldIsRequiredByTheSchemaAndByTheRead() {
        assertEquals(List.of("driver sleeper: config key \"duration\" is required"), SCHEMA.validate("sleeper",
                Map.of()));
        TaskConfigException e = assertThrows(TaskConfigException.class, () -> DURATION.read(Map.of()));
        assertEquals("duration", e.field());
        assertEquals("duration: is required", e.getMessage());
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedNamingTheKey() {
        Map<String, Object> config = Map.of("duration", "soon", "exit_code", "7", "args", List.of("a", 1),
                "labels", Map.of("k", 2));
        assertEquals(List.of(
                "driver sleeper: config key \"args\" must be a list of strings, got [a, 1] (list)",
                "driver sleeper: config key \"duration\" must be a duration such as \"15s\", got \"soon\" (string)",
                "driver sleeper: config key \"exit_code\" must be a number, got \"7\" (string)",
                "driver sleeper: config key \"labels\" must be a map of strings, got {k=2} (map)"),
                SCHEMA.validate("sleeper", config));
        TaskConfigException e = assertThrows(TaskConfigException.class, () -> EXIT_CODE.read(config));
        assertEquals("exit_code: must be a number, got \"7\" (string)", e.getMessage());
        assertEquals("args: must be a list of strings, got [a, 1] (list)",
                assertThrows(TaskConfigException.class, () -> ARGS.read(config)).getMessage());
        assertEquals("duration: must be a duration such as \"15s\", got \"soon\" (string)",
                assertThrows(TaskConfigException.class, () -> DURATION.read(config)).getMessage());
    }

    @Test
    void aConversionThatFailsNamesTheKey() {
        TaskConfigException e = assertThrows(TaskConfigException.class, () -> BLOCKS.read(Map.of("mount", 4)));
        assertEquals("mount", e.field());
        assertEquals("mount: must be a block or a list of blocks", e.getMessage());
    }

    @Test
    void anUndeclaredKeyIsUnknownToTheSchema() {
        assertEquals(List.of("driver sleeper: unknown config key \"exit\"; accepted: args, duration, exit_code, "
                + "ignore_interrupt, image, labels, mount, shm_size"),
                SCHEMA.validate("sleeper", Map.of("duration", "1s", "exit", 1)));
    }

    @Test
    void aKeyIsDeclaredOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TaskConfigSchema.of(IMAGE, ConfigField.list("image")));
        assertEquals("config key \"image\" is declared twice", e.getMessage());
    }

    @Test
    void alternativesAreNamedByTheirFields() {
        TaskConfigSchema schema = TaskConfigSchema.of(IMAGE, ARGS).requireOneOf(IMAGE, ARGS);
        assertEquals(List.of("driver d: one of the config keys \"image\", \"args\" is required"),
                schema.validate("d", Map.of()));
        assertEquals(List.of(), schema.validate("d", Map.of("args", List.of())));
    }

    @Test
    void aFieldIsImmutable() {
        ConfigField<String> plain = ConfigField.string("image");
        ConfigField<String> required = plain.required();
        assertFalse(plain.isRequired());
        assertTrue(required.isRequired());
        assertEquals("busybox", plain.defaultsTo("busybox").read(Map.of()));
        assertEquals("", plain.read(Map.of()));
        assertEquals("image (a string, required)", required.toString());
    }
}
