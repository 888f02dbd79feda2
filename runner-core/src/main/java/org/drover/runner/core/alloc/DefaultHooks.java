package org.drover.runner.core.alloc;

import java.util.List;
import java.util.function.Function;

import org.drover.runner.api.model.Task;
import org.drover.runner.core.hooks.LogsHook;
import org.drover.runner.core.hooks.StatsHook;
import org.drover.runner.core.hooks.TaskDirHook;
import org.drover.runner.core.hooks.TaskHook;
import org.drover.runner.core.hooks.ValidateHook;
import org.drover.runner.core.task.RunnerConfig;

/** The hooks of every task, in Nomad's order: validate, task_dir, logs, stats. */
public final class DefaultHooks implements Function<Task, List<TaskHook>> {

    private final RunnerConfig config;

    public DefaultHooks(RunnerConfig config) {
        this.config = config;
    }

    @Override
    public List<TaskHook> apply(Task task) {
        return List.of(new ValidateHook(), new TaskDirHook(), new LogsHook(), new StatsHook(config.statsInterval(), config.driverCallTimeout()));
    }
}
