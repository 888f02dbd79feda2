package org.drover.state.mapdb;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.drover.runner.api.state.StoreFault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: writers hand in changes and wait; one thread applies every
 * change waiting at that moment and commits them together, so a thousand task
 * runners cost one commit per batch, not one each. A writer returns only once
 * its change is committed.
 */
final class GroupCommitter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);
    static final int MAX_BATCH = 4096;

    /** What the committer does with a batch: apply each change, then make them durable at once. */
    interface Target {
        void apply(Runnable change);

        void commit();

        /** Undoes what a failed batch applied; after a failure the file system caused, also starts afresh. */
        void rollback();
    }

    private record Change(Runnable apply, CompletableFuture<Void> done) {
    }

    private static final Change STOP = new Change(() -> { }, new CompletableFuture<>());

    private final BlockingQueue<Change> queue = new LinkedBlockingQueue<>();
    private final Target target;
    private final Thread thread;
    private volatile boolean closed;

    GroupCommitter(Target target) {
        this.target = target;
        this.thread = new Thread(this::loop, "drover-store-commit");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Applies {@code change} and returns once it is durable. */
    void submit(Runnable change) {
        await(submitAsync(change));
    }

    /**
     * Waits until {@code durable} completes. A caller's continuation runs on the committer's
     * thread as it completes a batch; should it write and wait there, the committer would wait
     * for itself. So on that thread the wait commits what is queued itself: the batch being
     * completed is already committed, so nothing is interleaved into it.
     */
    void await(CompletableFuture<Void> durable) {
        if (Thread.currentThread() == thread) {
            List<Change> batch = new ArrayList<>();
            while (!durable.isDone() && queue.drainTo(batch, MAX_BATCH) > 0) {
                if (batch.remove(STOP)) {
                    queue.add(STOP); // the close still ends the loop, after this batch
                }
                commit(batch);
                batch.clear();
            }
        }
        try {
            durable.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /**
     * Queues {@code change}; the future completes once it is durable. Changes are applied and
     * their futures completed in the order they were queued.
     */
    CompletableFuture<Void> submitAsync(Runnable change) {
        return submitAllAsync(List.of(change));
    }

    /** Queues every change, in order; the future completes once all are durable. */
    CompletableFuture<Void> submitAllAsync(List<Runnable> changes) {
        if (closed) {
            throw new IllegalStateException("the state store is closed");
        }
        List<CompletableFuture<Void>> done = new ArrayList<>(changes.size());
        List<Change> queued = new ArrayList<>(changes.size());
        for (Runnable c : changes) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            done.add(f);
            queued.add(new Change(c, f));
        }
        queue.addAll(queued);
        return CompletableFuture.allOf(done.toArray(CompletableFuture[]::new));
    }

    private void loop() {
        List<Change> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            boolean stop = batch.remove(STOP);
            commit(batch);
            batch.clear();
            if (stop) {
                return;
            }
        }
    }

    /** Counts, for the metrics: written by the committer thread only. */
    private volatile org.drover.runner.api.state.CommitStats stats = org.drover.runner.api.state.CommitStats.NONE;

    org.drover.runner.api.state.CommitStats stats() {
        return stats;
    }

    /** Why commits fail now, or null: set and cleared by the committer thread only. */
    private volatile StoreFault fault;

    StoreFault fault() {
        return fault;
    }

    /**
     * Commits the batch. A failure the file system caused (full, read-only) is not the
     * changes' fault: the target is recovered and the same batch tried again, with a growing
     * pause, until it goes through; its writers keep waiting, and what is queued meanwhile
     * follows in order. Any other failure fails the batch, as a change that cannot be applied
     * would fail every time.
     */
    private void commit(List<Change> batch) {
        if (batch.isEmpty()) {
            return;
        }
        long pauseMillis = FIRST_PAUSE_MILLIS;
        while (true) {
            try {
                long start = System.nanoTime();
                for (Change c : batch) {
                    target.apply(c.apply());
                }
                target.commit();
                count(batch.size(), System.nanoTime() - start);
                if (fault != null) {
                    LOG.info("State store writes again ({} change(s) waited since {})", batch.size(), fault.since());
                    fault = null;
                }
                batch.forEach(c -> c.done().complete(null));
                return;
            } catch (RuntimeException e) {
                recover(e);
                if (!fromTheFileSystem(e) || closed) {
                    LOG.error("State store commit of {} change(s) failed", batch.size(), e);
                    batch.forEach(c -> c.done().completeExceptionally(e));
                    return;
                }
                if (fault == null) {
                    fault = new StoreFault(Instant.now(), cause(e));
                    LOG.error("State store cannot write ({}); {} change(s) wait and are tried again until it can;"
                            + " running tasks are not affected", fault.cause(), batch.size(), e);
                }
                if (!pause(pauseMillis)) {
                    batch.forEach(c -> c.done().completeExceptionally(e));
                    return;
                }
                pauseMillis = Math.min(pauseMillis * 2, MAX_PAUSE_MILLIS);
            }
        }
    }

    static final long FIRST_PAUSE_MILLIS = 250;
    static final long MAX_PAUSE_MILLIS = 5000;

    private void recover(RuntimeException failure) {
        try {
            target.rollback();
        } catch (RuntimeException r) {
            failure.addSuppressed(r);
        }
    }

    private void count(int changes, long took) {
        org.drover.runner.api.state.CommitStats s = stats;
        stats = new org.drover.runner.api.state.CommitStats(s.commits() + 1, s.changes() + changes,
                s.totalNanos() + took, Math.max(s.maxNanos(), took));
    }

    private boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** An IOException anywhere in the chain: the disk, not the change. */
    static boolean fromTheFileSystem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            // MapDB's own I/O error carries no cause when it is raised on a volume already failed.
            if (t instanceof java.io.IOException
                    || t.getClass().getName().equals("org.mapdb.DBException$VolumeIOError")) {
                return true;
            }
        }
        return false;
    }

    /** The innermost message: "No space left on device" rather than a wrapper's. */
    static String cause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    /** Commits what is queued, then stops. */
    @Override
    public void close() {
        closed = true;
        queue.add(STOP);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
