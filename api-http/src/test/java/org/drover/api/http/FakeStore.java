package org.drover.api.http;

import java.util.List;
import java.util.Optional;

import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.TaskState;
import org.drover.runner.api.state.CommitStats;
import org.drover.runner.api.state.LocalTaskState;
import org.drover.runner.api.state.StateStore;
import org.drover.runner.api.state.StoreFault;

/** The store as the API sees it: its fault and its commit counts, both set by the test. */
final class FakeStore implements StateStore {

    StoreFault fault;
    CommitStats stats = CommitStats.NONE;

    @Override
    public Optional<StoreFault> fault() {
        return Optional.ofNullable(fault);
    }

    @Override
    public CommitStats commitStats() {
        return stats;
    }

    @Override
    public List<Allocation> allocations() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void putAllocation(Allocation allocation) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void deleteAllocation(String allocId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<LocalTaskState> localState(String allocId, String task) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void putLocalState(String allocId, String task, LocalTaskState state) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<TaskState> taskState(String allocId, String task) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void putTaskState(String allocId, String task, TaskState state) {
        throw new UnsupportedOperationException();
    }
}
