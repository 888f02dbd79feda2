package org.drover.runner.core.hooks;

import java.nio.file.Files;
import java.util.Map;

import org.drover.runner.api.alloc.TaskDir;
import org.drover.runner.api.state.HookState;

/**
 * Makes sure the log directory exists before every start (an operator may
 * have cleaned it) and records where the task's stdout and stderr go; drivers
 * write and rotate the files themselves.
 */
public final class LogsHook implements PrestartHook {

    public static final String NAME = "logs";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public HookState prestart(HookContext context, HookState previous) throws Exception {
        Files.createDirectories(context.dirs().logDir());
        String task = context.task().name();
        return new HookState(false, Map.of(TaskDir.STDOUT, prefix(context, task, TaskDir.STDOUT),
                TaskDir.STDERR, prefix(context, task, TaskDir.STDERR)), Map.of());
    }

    private static String prefix(HookContext context, String task, String stream) {
        return context.dirs().logDir().resolve(TaskDir.logPrefix(task, stream)).toString();
    }
}
