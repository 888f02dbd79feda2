package org.drover.runner.core.task;

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
 * {@link LocalTaskState} (what re-attaching needs). Every change is persisted
 * before anyone is told of it; a phase change and the event that comes with it
 * are one write. Used on the task runner's thread only.
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

    /** @param onStateChange told after each persisted change of the task state */
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

    /** Takes up what the store held, without writing it back. */
    void restore(TaskState storedState, LocalTaskState storedLocal) {
        state = storedState;
        local = storedLocal;
    }

    void emit(TaskEvent event) {
        state = state.withEvent(event, eventCap);
        persistState();
    }

    /** A new phase and the event that explains it, in one write. */
    void transition(TaskPhase phase, long atNanos, TaskEvent event) {
        state = state.withPhase(phase, atNanos).withEvent(event, eventCap);
        persistState();
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
        try {
            store.putTaskState(allocId, task, state);
        } catch (RuntimeException e) {
            LOG.error("Could not persist the state of task {} of allocation {}: {}", task, allocId, e.toString());
        }
        onStateChange.run();
    }

    private void persistLocal() {
        try {
            store.putLocalState(allocId, task, local);
        } catch (RuntimeException e) {
            LOG.error("Could not persist the local state of task {} of allocation {}: {}", task, allocId,
                    e.toString());
        }
    }
}
