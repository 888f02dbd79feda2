package org.drover.driver.java;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.drover.driver.process.Command;
import org.drover.runner.api.driver.TaskConfig;
import org.drover.runner.api.driver.TaskConfigException;

/**
 * The command line of a java task, {@code java [-Xmx] <jvm_options> [-cp …]
 * (-jar JAR | CLASS) <args>}, after the checks that need the node: the JVM
 * and the jar must exist. Each refusal names the config key at fault.
 *
 * @param command the command for the monitor, run in the task directory
 * @param heapMb  the heap the driver chose, when it chose one
 */
record JavaCommand(Command command, Optional<Integer> heapMb) {

    static JavaCommand of(TaskConfig task, Path defaultJavaHome) {
        JavaConfig java = JavaConfig.from(task.config());
        Path javaBin = javaBin(java, defaultJavaHome);
        for (String option : java.jvmOptions()) {
            if (!option.startsWith("-")) {
                throw new TaskConfigException("jvm_options", "\"" + option + "\" is not a JVM option (they start with -)");
            }
        }
        Optional<Integer> heap = HeapSize.forLimit(task.resources().memoryMb(), java.jvmOptions());
        List<String> argv = new ArrayList<>(List.of(javaBin.toString()));
        heap.ifPresent(mb -> argv.add("-Xmx" + mb + "m"));
        argv.addAll(java.jvmOptions());
        Optional<Path> jar = java.jarPath().isEmpty() ? Optional.empty() : Optional.of(jar(task, java.jarPath()));
        if (java.className().isEmpty()) {
            // Only a jar: java -jar takes the main class and class path from its manifest.
            if (!java.classPath().isEmpty()) {
                throw new TaskConfigException("class_path", "java -jar ignores the class path; set \"class\" to run"
                        + " with it, or list the jars in the manifest's Class-Path");
            }
            argv.addAll(List.of("-jar", jar.orElseThrow().toString()));
        } else {
            List<String> classPath = new ArrayList<>();
            jar.ifPresent(j -> classPath.add(j.toString()));
            if (!java.classPath().isEmpty()) {
                classPath.add(java.classPath());
            }
            if (!classPath.isEmpty()) {
                argv.addAll(List.of("-cp", String.join(File.pathSeparator, classPath)));
            }
            argv.add(java.className());
        }
        argv.addAll(java.args());
        return new JavaCommand(new Command(argv, task.taskDir()), heap);
    }

    private static Path javaBin(JavaConfig java, Path defaultJavaHome) {
        if (java.javaHome().isEmpty()) {
            return Jvm.executable(defaultJavaHome);
        }
        Path bin = Jvm.executable(Path.of(java.javaHome()));
        if (!Path.of(java.javaHome()).isAbsolute() || !Files.isRegularFile(bin) || !Files.isExecutable(bin)) {
            throw new TaskConfigException("java_home", "\"" + java.javaHome() + "\" is not a Java home on this node"
                    + " (expected an absolute path with an executable bin/java)");
        }
        return bin;
    }

    /** Nomad resolves a relative jar_path inside the task directory, where artifacts land. */
    private static Path jar(TaskConfig task, String jarPath) {
        Path jar = task.taskDir().resolve(jarPath).normalize();
        if (!Files.isRegularFile(jar)) {
            throw new TaskConfigException("jar_path", "no file \"" + jarPath + "\""
                    + (Path.of(jarPath).isAbsolute() ? "" : " in the task directory " + task.taskDir()));
        }
        return jar;
    }
}
