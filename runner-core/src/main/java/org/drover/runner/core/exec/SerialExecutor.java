package org.drover.runner.core.exec;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs submitted actions one at a time, in order, on a shared executor. Each
 * task runner owns one: all of a runner's state changes happen inside it, so
 * the runner needs no locks and never blocks a thread while it waits.
 */
public final class SerialExecutor implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor shared;
    private final Queue<Runnable> queue = new ArrayDeque<>();
    private boolean scheduled;

    public SerialExecutor(Executor shared) {
        this.shared = shared;
    }

    @Override
    public void execute(Runnable action) {
        synchronized (queue) {
            queue.add(action);
            if (scheduled) {
                return;
            }
            scheduled = true;
        }
        shared.execute(this::drain);
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (queue) {
                next = queue.poll();
                if (next == null) {
                    scheduled = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException | Error e) {
                // One failing action must not stall the runner's queue.
                LOG.error("Runner action failed", e);
            }
        }
    }
}
