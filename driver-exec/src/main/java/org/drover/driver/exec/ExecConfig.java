package org.drover.driver.exec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.drover.driver.process.Command;
import org.drover.runner.api.driver.ConfigField;
import org.drover.runner.api.driver.TaskConfig;
import org.drover.runner.api.driver.TaskConfigSchema;

/**
 * The {@code config} block of raw_exec and exec tasks, as Nomad's.
 *
 * @param command the program to run, looked up on the task's PATH when not absolute
 * @param args    its arguments
 * @param workDir its working directory; the task directory when empty
 */
record ExecConfig(String command, List<String> args, String workDir) {

    static final ConfigField<String> COMMAND = ConfigField.string("command").required();
    static final ConfigField<List<String>> ARGS = ConfigField.list("args");
    static final ConfigField<String> WORK_DIR = ConfigField.string("work_dir");
    static final TaskConfigSchema SCHEMA = TaskConfigSchema.of(COMMAND, ARGS, WORK_DIR);

    /** What the monitor runs: the command and its arguments, in {@code work_dir} or the task directory. */
    Command command(TaskConfig task) {
        List<String> argv = new ArrayList<>();
        argv.add(command);
        argv.addAll(args);
        return new Command(argv, workDir.isEmpty() ? task.taskDir() : Path.of(workDir));
    }

    static ExecConfig from(Map<String, Object> config) {
        return new ExecConfig(COMMAND.read(config), ARGS.read(config), WORK_DIR.read(config));
    }
}
