package org.drover.runner.core.hooks;

import org.drover.runner.api.alloc.TaskDir;
import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.Task;
import org.drover.runner.api.model.TaskEvent;
import org.drover.runner.core.exec.Scheduler;

/** What a hook may see and do; provided by the task runner, used on its thread only. */
public interface HookContext {

    Allocation allocation();

    Task task();

    TaskDir dirs();

    /** The task's run and its driver, as far as a hook may use them. */
    TaskLifecycle lifecycle();

    Scheduler scheduler();

    /** Appends an event to the task's state (and persists it). */
    void emit(TaskEvent event);

    /** Runs {@code action} later on the task runner's own thread, where hooks may touch their state. */
    void runOnTaskThread(Runnable action);
}
