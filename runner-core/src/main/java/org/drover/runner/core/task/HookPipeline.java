package org.drover.runner.core.task;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.drover.runner.api.model.TaskEvent;
import org.drover.runner.api.state.HookState;
import org.drover.runner.api.state.LocalTaskState;
import org.drover.runner.core.hooks.ExitedHook;
import org.drover.runner.core.hooks.HookContext;
import org.drover.runner.core.hooks.PoststartHook;
import org.drover.runner.core.hooks.PreKillHook;
import org.drover.runner.core.hooks.PrestartHook;
import org.drover.runner.core.hooks.ShutdownHook;
import org.drover.runner.core.hooks.StopHook;
import org.drover.runner.core.hooks.TaskHook;
import org.drover.runner.core.hooks.UpdateHook;
import org.drover.runner.core.hooks.ValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a task's hooks phase by phase, in their order. Prestart failures stop
 * the start; a failure in any other phase is reported as an event and the
 * remaining hooks still run.
 */
final class HookPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(HookPipeline.class);

    /** A prestart hook failed; the run does not start. */
    static final class PrestartFailure extends Exception {
        private static final long serialVersionUID = 1L;
        final String hook;

        PrestartFailure(String hook, Exception cause) {
            super(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
            this.hook = hook;
        }
    }

    private final List<TaskHook> hooks;
    private final HookContext context;

    HookPipeline(List<TaskHook> hooks, HookContext context) {
        this.hooks = List.copyOf(hooks);
        this.context = context;
    }

    /**
     * Runs the prestart hooks; a hook whose state is done is skipped but its env
     * still applies. Returns the new local state and fills {@code env}.
     */
    LocalTaskState prestart(LocalTaskState local, Map<String, String> env)
            throws ValidationException, PrestartFailure {
        LocalTaskState result = local;
        for (TaskHook hook : hooks) {
            if (!(hook instanceof PrestartHook prestart)) {
                continue;
            }
            HookState previous = result.hooks().getOrDefault(hook.name(), HookState.NONE);
            if (previous.done()) {
                env.putAll(previous.env());
                continue;
            }
            HookState next;
            try {
                next = prestart.prestart(context, previous);
            } catch (ValidationException e) {
                throw e;
            } catch (Exception e) {
                throw new PrestartFailure(hook.name(), e);
            }
            env.putAll(next.env());
            result = result.withHook(hook.name(), next);
        }
        return result;
    }

    /** The env of every done prestart hook, re-applied on restore. */
    Map<String, String> restoredEnv(LocalTaskState local) {
        Map<String, String> env = new HashMap<>();
        for (TaskHook hook : hooks) {
            HookState s = local.hooks().get(hook.name());
            if (s != null && s.done()) {
                env.putAll(s.env());
            }
        }
        return env;
    }

    void poststart() {
        each(PoststartHook.class, h -> h.poststart(context));
    }

    void exited() {
        each(ExitedHook.class, h -> h.exited(context));
    }

    void preKill() {
        each(PreKillHook.class, h -> h.preKill(context));
    }

    void stop() {
        each(StopHook.class, h -> h.stop(context));
    }

    void update() {
        each(UpdateHook.class, h -> h.update(context));
    }

    void shutdown() {
        each(ShutdownHook.class, h -> h.shutdown(context));
    }

    private <H extends TaskHook> void each(Class<H> phase, Consumer<H> action) {
        for (TaskHook hook : hooks) {
            if (phase.isInstance(hook)) {
                try {
                    action.accept(phase.cast(hook));
                } catch (RuntimeException e) {
                    LOG.warn("Hook {} of task {} failed: {}", hook.name(), context.task().name(), e.toString());
                    context.emit(TaskEvent.hookFailed(context.scheduler().nowNanos(), hook.name(),
                            String.valueOf(e.getMessage())));
                }
            }
        }
    }
}
