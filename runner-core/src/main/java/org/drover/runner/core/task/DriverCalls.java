package org.drover.runner.core.task;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.drover.runner.core.exec.Scheduler;

/**
 * Driver calls off the runner's threads, on the driver's own lane, each bounded
 * by a timeout: a driver that hangs or throws must never take a task runner,
 * or another driver's tasks, down with it.
 */
final class DriverCalls {

    private final Scheduler scheduler;
    private final Duration timeout;
    private final String driver;

    DriverCalls(Scheduler scheduler, Duration timeout, String driver) {
        this.scheduler = scheduler;
        this.timeout = timeout;
        this.driver = driver;
    }

    <T> CompletableFuture<T> call(Supplier<T> call) {
        return CompletableFuture.supplyAsync(call, scheduler.driverCalls(driver))
                .orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * A call whose result, should it come only after the timeout, is handed to {@code late}: what a
     * start returns once nobody waits for it any more must not be left running.
     */
    <T> CompletableFuture<T> call(Supplier<T> call, java.util.function.Consumer<? super T> late) {
        CompletableFuture<T> raw = CompletableFuture.supplyAsync(call, scheduler.driverCalls(driver));
        CompletableFuture<T> bounded = raw.copy().orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
        raw.thenAccept(v -> {
            if (bounded.isCompletedExceptionally() && v != null) {
                late.accept(v);
            }
        });
        return bounded;
    }

    /** A call that returns a stage of unbounded length (a wait for a task's exit), made on the driver's lane. */
    <T> CompletableFuture<T> waiting(Supplier<? extends CompletionStage<T>> call) {
        return CompletableFuture.supplyAsync(call, scheduler.driverCalls(driver)).thenCompose(stage -> stage);
    }

    CompletableFuture<Void> run(Runnable call) {
        return call(() -> {
            call.run();
            return null;
        });
    }

    /** A call returning a stage (stop), bounded by {@code extra} on top of the call timeout. */
    <T> CompletableFuture<T> compose(Supplier<? extends CompletionStage<T>> call, Duration extra) {
        return CompletableFuture.supplyAsync(call, scheduler.driverCalls(driver))
                .thenCompose(stage -> stage)
                .orTimeout(timeout.plus(extra).toNanos(), TimeUnit.NANOSECONDS);
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    static String message(Throwable t) {
        Throwable e = unwrap(t);
        if (e instanceof java.util.concurrent.TimeoutException) {
            return "driver call timed out";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
