package org.drover.runner.core.task;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import org.drover.runner.api.driver.TaskHandle;
import org.drover.runner.api.model.TaskEvent;
import org.drover.runner.api.model.TaskPhase;
import org.drover.runner.api.model.TaskState;
import org.drover.runner.api.state.LocalTaskState;
import org.drover.runner.api.state.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task's two records: its {@link TaskState} (what users see) and its
 * {@link LocalTaskState} (what re-attaching needs). A phase change and the event
 * that comes with it are one write.
 *
 * <p>Writes are queued, not waited for: the runner goes on while the store
 * commits, and waits through {@link #durable()} only where it must (before a
 * task is started, and before it shows a change to readers). Used on the task
 * runner's thread only.
 */
final class TaskRecord {

    private static final Logger LOG = LoggerFactory.getLogger(TaskRecord.class);

    private final String allocId;
    private final String task;
    private final StateStore store;
    private final int eventCap;
    private final Runnable onStateChange;
    private TaskState state = TaskState.initial();
    private LocalTaskState local = LocalTaskState.EMPTY;
    private CompletableFuture<Void> lastWrite = CompletableFuture.completedFuture(null);

    /** @param onStateChange told after each change of the task state, once it is queued to the store */
    TaskRecord(String allocId, String task, StateStore store, int eventCap, Runnable onStateChange) {
        this.allocId = allocId;
        this.task = task;
        this.store = store;
        this.eventCap = eventCap;
        this.onStateChange = onStateChange;
    }

    TaskState state() {
        return state;
    }

    LocalTaskState local() {
        return local;
    }

    /** Completes once every change made so far is durable (or has failed to be, which is logged). */
    CompletableFuture<Void> durable() {
        return lastWrite;
    }

    /** Takes up what the store held, without writing it back. */
    void restore(TaskState storedState, LocalTaskState storedLocal) {
        state = storedState;
        local = storedLocal;
    }

    void emit(TaskEvent event) {
        state = state.withEvent(event, eventCap);
        log(event);
        persistState();
    }

    /** A new phase and the event that explains it, in one write. */
    void transition(TaskPhase phase, long atNanos, TaskEvent event) {
        state = state.withPhase(phase, atNanos).withEvent(event, eventCap);
        log(event);
        persistState();
    }

    /** Every event goes to the agent's log too, as Nomad's client logs its task events. */
    private void log(TaskEvent event) {
        if (LOG.isInfoEnabled()) {
            LOG.info("Task event: alloc_id={} task={} type=\"{}\" msg=\"{}\" failed={}", allocId, task, event.type(),
                    event.message(), event.failsTask());
        }
    }

    void phase(TaskPhase phase, long atNanos) {
        state = state.withPhase(phase, atNanos);
        persistState();
    }

    void local(LocalTaskState newLocal) {
        local = newLocal;
        persistLocal();
    }

    /** The current run's handle, provisional or real; null when no run is on. */
    void handle(TaskHandle handle) {
        local(local.withHandle(handle));
    }

    private void persistState() {
        TaskState written = state;
        track(() -> store.putTaskStateAsync(allocId, task, written), "state");
        onStateChange.run();
    }

    private void persistLocal() {
        LocalTaskState written = local;
        track(() -> store.putLocalStateAsync(allocId, task, written), "local state");
    }

    /** The store completes a task's writes in the order they were made, so the latest one stands for all. */
    private void track(Supplier<CompletionStage<Void>> put, String what) {
        CompletableFuture<Void> done;
        try {
            done = put.get().toCompletableFuture();
        } catch (RuntimeException e) {
            done = CompletableFuture.failedFuture(e);
        }
        lastWrite = done.handle((v, e) -> {
            if (e != null) {
                LOG.error("Could not persist the {} of task {} of allocation {}: {}", what, task, allocId,
                        e.toString());
            }
            return null;
        });
    }
}
