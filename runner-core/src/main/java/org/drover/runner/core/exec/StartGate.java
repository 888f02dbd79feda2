package org.drover.runner.core.exec;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The node's cap on task starts in flight. A start beyond the cap waits, in
 * arrival order, for one to finish: a storm of crash-looping tasks then takes
 * a bounded share of the node, and stops, signals and the API keep theirs.
 * Nothing blocks: a waiting start is a queued action, not a parked thread.
 */
public final class StartGate {

    private final int limit;
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    private int inFlight;

    /** @param limit starts in flight at once; 0 or less for no cap */
    public StartGate(int limit) {
        this.limit = limit <= 0 ? Integer.MAX_VALUE : limit;
    }

    public static StartGate unlimited() {
        return new StartGate(0);
    }

    /**
     * Runs {@code start} once a slot is free; the slot is held until the stage it returns
     * completes, however it completes.
     */
    public <T> CompletableFuture<T> submit(Supplier<? extends CompletableFuture<T>> start) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable go = () -> begin(start, result);
        boolean now;
        synchronized (this) {
            now = inFlight < limit;
            if (now) {
                inFlight++;
            } else {
                waiting.add(go);
            }
        }
        if (now) {
            go.run();
        }
        return result;
    }

    private <T> void begin(Supplier<? extends CompletableFuture<T>> start, CompletableFuture<T> result) {
        CompletableFuture<T> stage;
        try {
            stage = start.get();
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((v, e) -> {
            release();
            if (e != null) {
                result.completeExceptionally(e);
            } else {
                result.complete(v);
            }
        });
    }

    private void release() {
        Runnable next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                inFlight--;
            }
        }
        // The slot passes straight to the next start: the count never dips, so no newcomer overtakes.
        if (next != null) {
            next.run();
        }
    }

    public synchronized int inFlight() {
        return inFlight;
    }

    public synchronized int waiting() {
        return waiting.size();
    }
}
