package org.drover.driver.exec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.drover.driver.process.Command;
import org.drover.runner.api.driver.TaskConfig;
import org.drover.runner.api.driver.TaskConfigSchema;
import org.drover.runner.api.driver.TaskConfigSchema.Field;
import org.drover.runner.api.driver.TaskConfigSchema.Type;

/**
 * The {@code config} block of raw_exec and exec tasks, as Nomad's.
 *
 * @param command the program to run, looked up on the task's PATH when not absolute
 * @param args    its arguments
 * @param workDir its working directory; the task directory when empty
 */
record ExecConfig(String command, List<String> args, String workDir) {

    static final TaskConfigSchema SCHEMA = new TaskConfigSchema(Map.of(
            "command", Field.required(Type.STRING),
            "args", Field.optional(Type.STRING_LIST),
            "work_dir", Field.optional(Type.STRING)));

    /** What the monitor runs: the command and its arguments, in {@code work_dir} or the task directory. */
    Command command(TaskConfig task) {
        List<String> argv = new ArrayList<>();
        argv.add(command);
        argv.addAll(args);
        return new Command(argv, workDir.isEmpty() ? task.taskDir() : Path.of(workDir));
    }

    @SuppressWarnings("unchecked")
    static ExecConfig from(Map<String, Object> config) {
        return new ExecConfig((String) config.get("command"),
                (List<String>) config.getOrDefault("args", List.of()),
                (String) config.getOrDefault("work_dir", ""));
    }
}
