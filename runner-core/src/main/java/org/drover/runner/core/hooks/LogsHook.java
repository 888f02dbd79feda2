package org.drover.runner.core.hooks;

import java.nio.file.Files;
import java.util.Map;

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
        String prefix = context.dirs().logDir().resolve(context.task().name()).toString();
        return new HookState(false, Map.of("stdout", prefix + ".stdout", "stderr", prefix + ".stderr"), Map.of());
    }
}
