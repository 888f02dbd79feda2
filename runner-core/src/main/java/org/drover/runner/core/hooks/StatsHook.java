package org.drover.runner.core.hooks;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.drover.runner.api.driver.TaskResourceUsage;
import org.drover.runner.core.exec.Cancellable;

/**
 * Reads the task's resource usage from its driver at a fixed interval while
 * it runs. The driver call runs on the blocking-call pool; the result is kept
 * on the task's thread. A failed read is skipped, not retried.
 */
public final class StatsHook implements PoststartHook, ExitedHook, StopHook, ShutdownHook {

    public static final String NAME = "stats";

    private final java.time.Duration interval;
    private Cancellable timer = Cancellable.NONE;
    private volatile TaskResourceUsage latest;

    public StatsHook(java.time.Duration interval) {
        this.interval = interval;
    }

    @Override
    public String name() {
        return NAME;
    }

    public Optional<TaskResourceUsage> latest() {
        return Optional.ofNullable(latest);
    }

    @Override
    public void poststart(HookContext context) {
        timer.cancel();
        schedule(context);
    }

    private void schedule(HookContext context) {
        timer = context.scheduler().schedule(interval, () -> context.runOnTaskThread(() -> collect(context)));
    }

    private void collect(HookContext context) {
        var handle = context.handle();
        var driver = context.driver();
        if (handle.isEmpty() || driver.isEmpty()) {
            return; // the run ended or the driver left: stop polling until the next start
        }
        String id = handle.get().taskId();
        CompletableFuture.supplyAsync(() -> driver.get().taskStats(id), context.scheduler().blockingCalls())
                .whenComplete((usage, error) -> context.runOnTaskThread(() -> {
                    if (usage != null) {
                        latest = usage;
                    }
                }));
        schedule(context);
    }

    @Override
    public void exited(HookContext context) {
        timer.cancel();
    }

    @Override
    public void stop(HookContext context) {
        timer.cancel();
    }

    @Override
    public void shutdown(HookContext context) {
        timer.cancel();
    }
}
