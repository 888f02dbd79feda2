package org.drover.runner.core.hooks;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.drover.runner.api.driver.TaskResourceUsage;
import org.drover.runner.core.exec.Cancellable;

/**
 * Reads the task's resource usage from its driver at a fixed interval while
 * it runs. The driver call runs on the driver's poll lane, bounded by the call
 * timeout; the result is kept on the task's thread. A failed read is skipped,
 * not retried, and so is a read whose moment comes while the previous one has
 * not returned, or while the driver's poll lane is full: a driver whose stats
 * hang never piles calls up, and its starts and kills never wait for them.
 */
public final class StatsHook implements PoststartHook, ExitedHook, StopHook, ShutdownHook {

    public static final String NAME = "stats";

    private final java.time.Duration interval;
    private final java.time.Duration timeout;
    private Cancellable timer = Cancellable.NONE;
    private volatile TaskResourceUsage latest;
    /** Set while a read is out; only touched on the task's thread. */
    private boolean reading;

    public StatsHook(java.time.Duration interval, java.time.Duration timeout) {
        this.interval = interval;
        this.timeout = timeout;
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
        var run = context.lifecycle().run();
        if (run.isEmpty()) {
            return; // the run ended or the driver left: stop polling until the next start
        }
        schedule(context);
        if (reading) {
            return; // the last read has not returned: no second one queued behind it
        }
        TaskLifecycle.Run current = run.get();
        CompletableFuture<TaskResourceUsage> read;
        try {
            read = CompletableFuture.supplyAsync(current::stats,
                    context.scheduler().driverPolls(context.task().driver()));
        } catch (RejectedExecutionException e) {
            return; // the driver's polls are all out: this one is skipped
        }
        reading = true;
        // A late answer is dropped, but the task reads again only once the driver's thread has
        // returned: a call that never does keeps one read of this task out, never more.
        read.copy().orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS).whenComplete((usage, error) ->
                context.runOnTaskThread(() -> {
                    if (usage != null) {
                        latest = usage;
                    }
                }));
        read.whenComplete((usage, error) -> context.runOnTaskThread(() -> reading = false));
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
