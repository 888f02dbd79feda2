package org.drover.runner.core.hooks;

import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.state.HookState;

/**
 * A hook of the whole allocation (Nomad's alloc runner hooks), as opposed to a task's: it runs
 * once before the allocation's first task starts and once after its last one ended. Its state is
 * persisted under its {@link #name} with the allocation, so an agent that restarts takes it up
 * instead of doing the work again. Called on a thread that may block.
 */
public interface AllocHook {

    /** Stable: the key of its persisted state. */
    String name();

    /** Whether it has anything to do for that allocation; one that has not never runs for it. */
    default boolean wants(Allocation alloc) {
        return true;
    }

    /**
     * Before the first task starts, or on restore. {@code stored}: what it returned before the
     * agent restarted, or {@link HookState#NONE}. Returns what to persist; an exception fails the
     * allocation's tasks with its message.
     */
    HookState prerun(Allocation alloc, HookState stored) throws Exception;

    /** Once every task is dead: undoes what {@link #prerun} did, from what it persisted. */
    void postrun(Allocation alloc, HookState stored) throws Exception;
}
