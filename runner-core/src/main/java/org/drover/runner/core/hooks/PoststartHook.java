package org.drover.runner.core.hooks;

/** Runs after each successful start. */
public interface PoststartHook extends TaskHook {
    void poststart(HookContext context);
}
