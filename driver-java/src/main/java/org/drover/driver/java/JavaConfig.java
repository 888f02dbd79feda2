package org.drover.driver.java;

import java.util.List;
import java.util.Map;

import org.drover.runner.api.driver.TaskConfigSchema;
import org.drover.runner.api.driver.TaskConfigSchema.Field;
import org.drover.runner.api.driver.TaskConfigSchema.Type;

/**
 * The {@code config} block of java tasks: Nomad's keys, plus {@code java_home}
 * to pick a JVM other than the driver's.
 *
 * @param jarPath    the jar to run, relative to the task directory unless absolute; empty for none
 * @param className  the main class; empty to run the jar's manifest main class
 * @param classPath  the class path ({@code -cp}), entries relative to the task directory
 * @param jvmOptions options for the JVM, before the class or jar
 * @param args       the program's arguments
 * @param javaHome   the JVM to use; empty for the driver's
 */
record JavaConfig(String jarPath, String className, String classPath, List<String> jvmOptions, List<String> args,
        String javaHome) {

    static final TaskConfigSchema SCHEMA = new TaskConfigSchema(Map.of(
            "jar_path", Field.optional(Type.STRING),
            "class", Field.optional(Type.STRING),
            "class_path", Field.optional(Type.STRING),
            "jvm_options", Field.optional(Type.STRING_LIST),
            "args", Field.optional(Type.STRING_LIST),
            "java_home", Field.optional(Type.STRING)))
            .requireOneOf("jar_path", "class");

    @SuppressWarnings("unchecked")
    static JavaConfig from(Map<String, Object> config) {
        return new JavaConfig((String) config.getOrDefault("jar_path", ""),
                (String) config.getOrDefault("class", ""),
                (String) config.getOrDefault("class_path", ""),
                (List<String>) config.getOrDefault("jvm_options", List.of()),
                (List<String>) config.getOrDefault("args", List.of()),
                (String) config.getOrDefault("java_home", ""));
    }
}
