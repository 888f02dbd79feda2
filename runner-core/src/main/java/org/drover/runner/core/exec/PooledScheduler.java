package org.drover.runner.core.exec;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
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
 * thread and hand their action to the workers. Blocking driver calls get
 * bulkheads: each driver its own bounded pool for its calls and a smaller one
 * for its polls, whose idle threads exit, so a driver that hangs holds only
 * its own threads.
 */
public final class PooledScheduler implements Scheduler, AutoCloseable {

    /** Polls of one driver in flight at once, and how many may wait for them. */
    public static final int POLL_THREADS = 2;
    static final int POLL_QUEUE = 256;

    private final ThreadPoolExecutor workers;
    private final ScheduledThreadPoolExecutor timers;
    private final int driverCallThreads;
    private final Map<String, ThreadPoolExecutor> calls = new ConcurrentHashMap<>();
    private final Map<String, ThreadPoolExecutor> polls = new ConcurrentHashMap<>();

    public PooledScheduler(int workerThreads, int driverCallThreads) {
        workers = new ThreadPoolExecutor(workerThreads, workerThreads, 0, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threads("drover-runner"));
        timers = new ScheduledThreadPoolExecutor(1, threads("drover-timer"));
        timers.setRemoveOnCancelPolicy(true);
        this.driverCallThreads = driverCallThreads;
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
    public Executor driverCalls(String driver) {
        return calls.computeIfAbsent(driver, d -> lane(driverCallThreads, new LinkedBlockingQueue<>(),
                "drover-driver-call-" + d));
    }

    @Override
    public Executor driverPolls(String driver) {
        return polls.computeIfAbsent(driver, d -> lane(POLL_THREADS, new ArrayBlockingQueue<>(POLL_QUEUE),
                "drover-driver-poll-" + d));
    }

    /** Threads that exist only while there is work: a driver with no tasks costs none. */
    private static ThreadPoolExecutor lane(int threads, BlockingQueue<Runnable> queue, String prefix) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, queue,
                threads(prefix));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    @Override
    public void execute(Runnable command) {
        workers.execute(command);
    }

    @Override
    public void close() {
        timers.shutdownNow();
        workers.shutdown();
        calls.values().forEach(ThreadPoolExecutor::shutdown);
        polls.values().forEach(ThreadPoolExecutor::shutdown);
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
