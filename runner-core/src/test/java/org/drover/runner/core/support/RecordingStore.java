package org.drover.runner.core.support;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.TaskState;
import org.drover.runner.api.state.LocalTaskState;
import org.drover.runner.api.state.StateStore;

/**
 * A store that keeps every write in the order it was made, so a test can build what any crash
 * would have left: the first {@code n} writes durable, none after. Writes go to a memory store at
 * once, and each is durable before the runner goes on, as the forwarding store's are.
 */
public final class RecordingStore extends ForwardingStore {

    private final List<Consumer<StateStore>> writes = new ArrayList<>();
    private final List<String> kinds = new ArrayList<>();

    public RecordingStore() {
        super(new MemoryStore());
    }

    private synchronized void record(String kind, Consumer<StateStore> write) {
        writes.add(write);
        kinds.add(kind);
        write.accept(inner);
    }

    public synchronized int size() {
        return writes.size();
    }

    /** What each write was, e.g. {@code state:Started}, {@code local:handle}. */
    public synchronized List<String> kinds() {
        return List.copyOf(kinds);
    }

    /** The store a crash after the first {@code n} writes leaves. */
    public synchronized MemoryStore after(int n) {
        MemoryStore s = new MemoryStore();
        writes.subList(0, n).forEach(w -> w.accept(s));
        return s;
    }

    @Override
    public void putAllocation(Allocation allocation) {
        record("alloc:" + allocation.desiredStatus(), s -> s.putAllocation(allocation));
    }

    @Override
    public void deleteAllocation(String allocId) {
        record("delete", s -> s.deleteAllocation(allocId));
    }

    @Override
    public void putLocalState(String allocId, String task, LocalTaskState state) {
        record("local:" + (state.runComplete() ? "complete" : state.handle().map(h -> h.isProvisional()
                ? "provisional" : "handle").orElse("none")) + (state.killRequested() ? "+kill" : ""),
                s -> s.putLocalState(allocId, task, state));
    }

    @Override
    public void putTaskState(String allocId, String task, TaskState state) {
        List<String> events = state.eventTypes();
        record("state:" + state.phase() + ":" + (events.isEmpty() ? "" : events.get(events.size() - 1)),
                s -> s.putTaskState(allocId, task, state));
    }
}
