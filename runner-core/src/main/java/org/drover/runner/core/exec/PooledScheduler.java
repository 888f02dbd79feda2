package org.drover.runner.core.exec;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The production scheduler: a fixed, small set of threads shared by every task
 * runner. Runner work runs on {@code workers} threads; timers fire on one
 * thread and hand their action to the workers; blocking driver calls get their
 * own bounded pool, whose idle threads exit.
 */
public final class PooledScheduler implements Scheduler, AutoCloseable {

    private final ThreadPoolExecutor workers;
    private final ScheduledThreadPoolExecutor timers;
    private final ThreadPoolExecutor driverCalls;

    public PooledScheduler(int workerThreads, int driverCallThreads) {
        workers = new ThreadPoolExecutor(workerThreads, workerThreads, 0, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threads("drover-runner"));
        timers = new ScheduledThreadPoolExecutor(1, threads("drover-timer"));
        timers.setRemoveOnCancelPolicy(true);
        driverCalls = new ThreadPoolExecutor(driverCallThreads, driverCallThreads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threads("drover-driver-call"));
        driverCalls.allowCoreThreadTimeOut(true);
    }

    @Override
    public long nowNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable action) {
        ScheduledFuture<?> f = timers.schedule(() -> workers.execute(action), Math.max(0, delay.toNanos()),
                TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public Executor blockingCalls() {
        return driverCalls;
    }

    @Override
    public void execute(Runnable command) {
        workers.execute(command);
    }

    @Override
    public void close() {
        timers.shutdownNow();
        workers.shutdown();
        driverCalls.shutdown();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
