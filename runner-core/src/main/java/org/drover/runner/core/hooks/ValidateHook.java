package org.drover.runner.core.hooks;

import java.util.ArrayList;
import java.util.List;

import org.drover.runner.api.model.Task;
import org.drover.runner.api.state.HookState;
import org.drover.runner.api.driver.Signals;

/**
 * Checks the task before anything is created for it: the restart policy's
 * rules, the driver's config schema (when the driver is present; without it the
 * start fails on its own), the kill signal. Runs on every start, since a new
 * driver version may reject what an old one accepted.
 */
public final class ValidateHook implements PrestartHook {

    public static final String NAME = "validate";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public HookState prestart(HookContext context, HookState previous) throws ValidationException {
        Task task = context.task();
        List<String> problems = new ArrayList<>(context.allocation().taskGroup().restart().problems());
        if (!Signals.isKnown(task.killSignal())) {
            problems.add("kill_signal: unknown signal \"" + task.killSignal() + "\"");
        }
        if (task.killTimeout().isNegative() || task.shutdownDelay().isNegative()) {
            problems.add("kill_timeout and shutdown_delay must not be negative");
        }
        context.lifecycle().configSchema().ifPresent(s -> problems.addAll(s.validate(task.driver(), task.config())));
        if (!problems.isEmpty()) {
            throw new ValidationException(String.join("; ", problems));
        }
        return HookState.NONE;
    }
}
