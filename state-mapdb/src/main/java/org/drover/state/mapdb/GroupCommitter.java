package org.drover.state.mapdb;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

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

    private void commit(List<Change> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            long start = System.nanoTime();
            for (Change c : batch) {
                target.apply(c.apply());
            }
            target.commit();
            long took = System.nanoTime() - start;
            org.drover.runner.api.state.CommitStats s = stats;
            stats = new org.drover.runner.api.state.CommitStats(s.commits() + 1, s.changes() + batch.size(),
                    s.totalNanos() + took, Math.max(s.maxNanos(), took));
            batch.forEach(c -> c.done().complete(null));
        } catch (RuntimeException e) {
            LOG.error("State store commit of {} change(s) failed: {}", batch.size(), e.toString());
            try {
                target.rollback();
            } catch (RuntimeException r) {
                e.addSuppressed(r);
            }
            batch.forEach(c -> c.done().completeExceptionally(e));
        }
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
