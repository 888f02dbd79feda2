package org.drover.runner.api.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.drover.runner.api.driver.TaskConfigSchema.Field;
import org.drover.runner.api.driver.TaskConfigSchema.Type;
import org.junit.jupiter.api.Test;

class TaskConfigSchemaTest {

    static final TaskConfigSchema JAVA_LIKE = new TaskConfigSchema(Map.of(
            "jar_path", Field.optional(Type.STRING),
            "class", Field.optional(Type.STRING),
            "args", Field.optional(Type.STRING_LIST))).requireOneOf("jar_path", "class");

    @Test
    void eachProblemNamesTheDriverAndTheKey() {
        assertEquals(List.of(
                "driver java: config key \"args\" must be a list of strings, got 3 (number)",
                "driver java: unknown config key \"jar\"; accepted: args, class, jar_path",
                "driver java: one of the config keys \"jar_path\", \"class\" is required"),
                JAVA_LIKE.validate("java", Map.of("args", 3, "jar", "x.jar")));
    }

    @Test
    void eitherAlternativeSatisfiesTheGroup() {
        assertEquals(List.of(), JAVA_LIKE.validate("java", Map.of("jar_path", "a.jar")));
        assertEquals(List.of(), JAVA_LIKE.validate("java", Map.of("class", "Main")));
    }

    @Test
    void alternativesMustBeKeysOfTheSchema() {
        assertThrows(IllegalArgumentException.class, () -> JAVA_LIKE.requireOneOf("image"));
    }
}
