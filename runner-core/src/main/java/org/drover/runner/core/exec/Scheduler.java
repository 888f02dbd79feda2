package org.drover.runner.core.exec;

import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * Time and threads for the runner. Everything in the runner that waits goes
 * through this interface, so unit tests drive it with virtual time and no
 * thread of their own, and production shares a few threads among all tasks
 * (no thread per task: the agent's thread count must not grow with tasks).
 */
public interface Scheduler extends Executor {

    /** Wall-clock time in nanoseconds since the Unix epoch, for event times. */
    long nowNanos();

    /** Runs {@code action} after {@code delay}, on one of the scheduler's threads. */
    Cancellable schedule(Duration delay, Runnable action);

    /**
     * Runs blocking calls into the driver named {@code driver}, apart from the runner's own work and
     * from every other driver's calls: a driver that hangs holds its own threads, never another's.
     */
    Executor driverCalls(String driver);

    /**
     * Runs a driver's periodic reads (stats), apart from its other calls so a hung read never delays
     * a start or a kill. A read that finds the lane full is refused
     * ({@link java.util.concurrent.RejectedExecutionException}) rather than queued: a poll is only
     * worth its moment.
     */
    Executor driverPolls(String driver);
}
