package org.drover.runner.core.hooks;

/** Runs once when the task is dead for good. Must be idempotent. */
public interface StopHook extends TaskHook {
    void stop(HookContext context);
}
