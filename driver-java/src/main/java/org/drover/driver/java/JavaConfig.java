package org.drover.driver.java;

import java.util.List;
import java.util.Map;

import org.drover.runner.api.driver.ConfigField;
import org.drover.runner.api.driver.TaskConfigSchema;

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

    static final ConfigField<String> JAR_PATH = ConfigField.string("jar_path");
    static final ConfigField<String> CLASS = ConfigField.string("class");
    static final ConfigField<String> CLASS_PATH = ConfigField.string("class_path");
    static final ConfigField<List<String>> JVM_OPTIONS = ConfigField.list("jvm_options");
    static final ConfigField<List<String>> ARGS = ConfigField.list("args");
    static final ConfigField<String> JAVA_HOME = ConfigField.string("java_home");
    static final TaskConfigSchema SCHEMA = TaskConfigSchema.of(JAR_PATH, CLASS, CLASS_PATH, JVM_OPTIONS, ARGS,
            JAVA_HOME).requireOneOf(JAR_PATH, CLASS);

    static JavaConfig from(Map<String, Object> config) {
        return new JavaConfig(JAR_PATH.read(config), CLASS.read(config), CLASS_PATH.read(config),
                JVM_OPTIONS.read(config), ARGS.read(config), JAVA_HOME.read(config));
    }
}
