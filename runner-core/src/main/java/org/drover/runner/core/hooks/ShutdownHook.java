package org.drover.runner.core.hooks;

/** Runs when the agent (or the core) stops while the task keeps running. */
public interface ShutdownHook extends TaskHook {
    void shutdown(HookContext context);
}
