package org.drover.runner.core.support;

import java.util.List;
import java.util.Optional;

import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.Job;
import org.drover.runner.api.model.TaskState;
import org.drover.runner.api.state.HookState;
import org.drover.runner.api.state.LocalTaskState;
import org.drover.runner.api.state.StateStore;

/**
 * A store that hands every call to another. The queued puts are the interface's
 * defaults (a put, then a completed stage), so each is durable before the runner
 * goes on; a test overrides them to hold them instead.
 */
public class ForwardingStore implements StateStore {

    protected final StateStore inner;

    public ForwardingStore(StateStore inner) {
        this.inner = inner;
    }

    @Override
    public List<Job> jobs() {
        return inner.jobs();
    }

    @Override
    public void putJob(Job job) {
        inner.putJob(job);
    }

    @Override
    public void deleteJob(String jobId) {
        inner.deleteJob(jobId);
    }

    @Override
    public List<Allocation> allocations() {
        return inner.allocations();
    }

    @Override
    public void putAllocation(Allocation allocation) {
        inner.putAllocation(allocation);
    }

    @Override
    public void deleteAllocation(String allocId) {
        inner.deleteAllocation(allocId);
    }

    @Override
    public Optional<LocalTaskState> localState(String allocId, String task) {
        return inner.localState(allocId, task);
    }

    @Override
    public void putLocalState(String allocId, String task, LocalTaskState state) {
        inner.putLocalState(allocId, task, state);
    }

    @Override
    public Optional<HookState> allocHookState(String allocId, String hook) {
        return inner.allocHookState(allocId, hook);
    }

    @Override
    public void putAllocHookState(String allocId, String hook, HookState state) {
        inner.putAllocHookState(allocId, hook, state);
    }

    @Override
    public Optional<TaskState> taskState(String allocId, String task) {
        return inner.taskState(allocId, task);
    }

    @Override
    public void putTaskState(String allocId, String task, TaskState state) {
        inner.putTaskState(allocId, task, state);
    }
}
