package org.drover.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.TaskState;
import org.drover.runner.api.state.LocalTaskState;
import org.drover.runner.api.state.StateStore;

/** A store in memory, registered by the OSGi tests until the runtime has a durable one of its own. */
final class VolatileStateStore implements StateStore {

    private final Map<String, Allocation> allocs = new ConcurrentHashMap<>();
    private final Map<List<String>, LocalTaskState> locals = new ConcurrentHashMap<>();
    private final Map<List<String>, TaskState> states = new ConcurrentHashMap<>();

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
        locals.keySet().removeIf(k -> k.get(0).equals(allocId));
        states.keySet().removeIf(k -> k.get(0).equals(allocId));
    }

    @Override
    public Optional<LocalTaskState> localState(String allocId, String task) {
        return Optional.ofNullable(locals.get(List.of(allocId, task)));
    }

    @Override
    public void putLocalState(String allocId, String task, LocalTaskState state) {
        locals.put(List.of(allocId, task), state);
    }

    @Override
    public Optional<TaskState> taskState(String allocId, String task) {
        return Optional.ofNullable(states.get(List.of(allocId, task)));
    }

    @Override
    public void putTaskState(String allocId, String task, TaskState state) {
        states.put(List.of(allocId, task), state);
    }
}
