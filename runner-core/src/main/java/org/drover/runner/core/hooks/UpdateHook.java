package org.drover.runner.core.hooks;

/** Runs when the allocation is updated in place; updates run one at a time. */
public interface UpdateHook extends TaskHook {
    void update(HookContext context);
}
