package org.drover.runner.core.hooks;

import org.drover.runner.api.state.HookState;

/** Runs before each start. A hook whose state is done is skipped; its env is still applied. */
public interface PrestartHook extends TaskHook {

    /**
     * @param previous what this hook left last time ({@link HookState#NONE} at first)
     * @return its new state, persisted before the task starts
     * @throws ValidationException when the task can never run as written (not retried)
     * @throws Exception           any other failure, handled by the restart policy
     */
    HookState prestart(HookContext context, HookState previous) throws Exception;
}
