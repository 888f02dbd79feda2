package org.drover.runner.core.hooks;

/** Runs after each run ends, before the restart decision. */
public interface ExitedHook extends TaskHook {
    void exited(HookContext context);
}
