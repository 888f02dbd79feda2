package org.drover.runner.core.hooks;

import java.util.Map;

import org.drover.runner.api.model.TaskEvent;
import org.drover.runner.api.state.HookState;

/** Builds the allocation and task directories once; done afterwards, so a restart does not rebuild them. */
public final class TaskDirHook implements PrestartHook {

    public static final String NAME = "task_dir";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public HookState prestart(HookContext context, HookState previous) throws Exception {
        context.emit(TaskEvent.setup(context.scheduler().nowNanos(), "Building Task Directory"));
        context.dirs().create();
        return new HookState(true, Map.of("task_dir", context.dirs().taskDir().toString()), Map.of());
    }
}
