package org.drover.runner.core.task;

import java.util.Optional;

import org.drover.runner.api.alloc.TaskDir;
import org.drover.runner.api.driver.Driver;
import org.drover.runner.api.driver.TaskConfigSchema;
import org.drover.runner.api.driver.TaskHandle;
import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.Task;
import org.drover.runner.api.model.TaskEvent;
import org.drover.runner.core.exec.Scheduler;
import org.drover.runner.core.hooks.HookContext;
import org.drover.runner.core.hooks.TaskLifecycle;

/** What a task's hooks see of its runner; only used on the runner's thread. */
final class RunnerHookContext implements HookContext, TaskLifecycle {

    private final TaskCore t;

    RunnerHookContext(TaskCore core) {
        this.t = core;
    }

    @Override
    public Allocation allocation() {
        return t.alloc;
    }

    @Override
    public Task task() {
        return t.task;
    }

    @Override
    public TaskDir dirs() {
        return t.dirs;
    }

    @Override
    public TaskLifecycle lifecycle() {
        return this;
    }

    @Override
    public Optional<Run> run() {
        Optional<TaskHandle> handle = t.attachment == null ? Optional.empty() : Optional.of(t.attachment.handle());
        Optional<Driver> driver = driver();
        if (handle.isEmpty() || driver.isEmpty()) {
            return Optional.empty();
        }
        // Bound now: the read asks the driver of this moment about the run of this moment.
        String id = handle.get().taskId();
        Driver d = driver.get();
        return Optional.of(() -> d.taskStats(id));
    }

    @Override
    public Optional<TaskConfigSchema> configSchema() {
        return driver().flatMap(d -> Optional.of(d.taskConfigSchema()));
    }

    /** The attachment's driver, or, while waiting for one, any of the task's driver name present now. */
    private Optional<Driver> driver() {
        return t.attachment != null && t.attachment.driver() != null ? Optional.of(t.attachment.driver())
                : t.ctx.drivers().find(t.task.driver());
    }

    @Override
    public Scheduler scheduler() {
        return t.ctx.scheduler();
    }

    @Override
    public void emit(TaskEvent event) {
        t.emit(event);
    }

    @Override
    public void runOnTaskThread(Runnable action) {
        t.serial.execute(action);
    }
}
