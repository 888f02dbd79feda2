package org.drover.runner.core.support;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.PriorityQueue;
import java.util.concurrent.Executor;

import org.drover.runner.core.exec.Cancellable;
import org.drover.runner.core.exec.Scheduler;

/**
 * Virtual time on the test's own thread: nothing runs until the test says so,
 * timers fire in order as the test advances the clock, and a test of a 30
 * minute restart window takes microseconds.
 */
public final class ManualScheduler implements Scheduler {

    private static final class Timer implements Comparable<Timer> {
        final long due;
        final long seq;
        final Runnable action;
        boolean cancelled;

        Timer(long due, long seq, Runnable action) {
            this.due = due;
            this.seq = seq;
            this.action = action;
        }

        @Override
        public int compareTo(Timer o) {
            return due != o.due ? Long.compare(due, o.due) : Long.compare(seq, o.seq);
        }
    }

    private long now = 1_800_000_000_000_000_000L;
    private long seq;
    private final Deque<Runnable> ready = new ArrayDeque<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();

    @Override
    public long nowNanos() {
        return now;
    }

    @Override
    public synchronized void execute(Runnable command) {
        ready.add(command);
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable action) {
        Timer t = new Timer(now + Math.max(0, delay.toNanos()), seq++, action);
        timers.add(t);
        return () -> t.cancelled = true;
    }

    @Override
    public Executor driverCalls(String driver) {
        return this;
    }

    @Override
    public Executor driverPolls(String driver) {
        return this;
    }

    /** Runs everything ready to run now, including timers already due (a zero delay). */
    public void runUntilIdle() {
        advance(Duration.ZERO);
    }

    private void drainReady() {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = ready.poll();
            }
            if (next == null) {
                return;
            }
            next.run();
        }
    }

    /** Moves the clock forward by {@code d}, firing every timer due on the way, in order. */
    public void advance(Duration d) {
        long target = now + d.toNanos();
        drainReady();
        while (true) {
            Timer t;
            synchronized (this) {
                t = timers.peek();
                if (t == null || t.due > target) {
                    break;
                }
                timers.poll();
            }
            if (!t.cancelled) {
                now = Math.max(now, t.due);
                t.action.run();
            }
            drainReady();
        }
        now = target;
    }
}
