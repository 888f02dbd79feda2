package org.drover.runner.core.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.Job;
import org.drover.runner.api.model.TaskState;
import org.drover.runner.api.state.HookState;
import org.drover.runner.api.state.LocalTaskState;
import org.drover.runner.api.state.StateStore;

/** A state store in memory, for the runner's tests; it survives a runner's shutdown as a real store would. */
public final class MemoryStore implements StateStore {

    private final Map<String, Allocation> allocs = new ConcurrentHashMap<>();
    private final Map<String, LocalTaskState> locals = new ConcurrentHashMap<>();
    private final Map<String, TaskState> states = new ConcurrentHashMap<>();
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final Map<String, HookState> allocHooks = new ConcurrentHashMap<>();

    private static String key(String allocId, String task) {
        return allocId + "\u0000" + task;
    }

    @Override
    public List<Job> jobs() {
        return new ArrayList<>(jobs.values());
    }

    @Override
    public void putJob(Job job) {
        jobs.put(job.id(), job);
    }

    @Override
    public void deleteJob(String jobId) {
        jobs.remove(jobId);
    }

    @Override
    public List<Allocation> allocations() {
        return new ArrayList<>(allocs.values());
    }

    @Override
    public void putAllocation(Allocation allocation) {
        allocs.put(allocation.id(), allocation);
    }

    @Override
    public void deleteAllocation(String allocId) {
        allocs.remove(allocId);
        locals.keySet().removeIf(k -> k.startsWith(allocId + "\u0000"));
        states.keySet().removeIf(k -> k.startsWith(allocId + "\u0000"));
        allocHooks.keySet().removeIf(k -> k.startsWith(allocId + "\u0000"));
    }

    @Override
    public Optional<LocalTaskState> localState(String allocId, String task) {
        return Optional.ofNullable(locals.get(key(allocId, task)));
    }

    @Override
    public void putLocalState(String allocId, String task, LocalTaskState state) {
        locals.put(key(allocId, task), state);
    }

    @Override
    public Optional<HookState> allocHookState(String allocId, String hook) {
        return Optional.ofNullable(allocHooks.get(key(allocId, hook)));
    }

    @Override
    public void putAllocHookState(String allocId, String hook, HookState state) {
        if (state.equals(HookState.NONE)) {
            allocHooks.remove(key(allocId, hook));
        } else {
            allocHooks.put(key(allocId, hook), state);
        }
    }

    @Override
    public Optional<TaskState> taskState(String allocId, String task) {
        return Optional.ofNullable(states.get(key(allocId, task)));
    }

    @Override
    public void putTaskState(String allocId, String task, TaskState state) {
        states.put(key(allocId, task), state);
    }

    /** Rewrites a stored local state, to simulate what happened while no agent ran. */
    public void editLocalState(String allocId, String task, UnaryOperator<LocalTaskState> edit) {
        locals.computeIfPresent(key(allocId, task), (k, v) -> edit.apply(v));
    }
}
