package org.drover.runner.core.job;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.drover.runner.api.alloc.AllocationService;
import org.drover.runner.api.alloc.AllocationView;
import org.drover.runner.api.alloc.NodeFullException;
import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.ClientStatus;
import org.drover.runner.api.model.DesiredStatus;

/**
 * Allocations in memory: placed ones run at once, stopped ones are dead at once (purged ones gone),
 * and the node's cap counts those running, as the core's does.
 */
final class FakeAllocations implements AllocationService {

    final Map<String, AllocationView> allocs = new LinkedHashMap<>();
    int cap;
    int replaceCalls;

    @Override
    public synchronized void run(Allocation allocation) {
        replace(List.of(), List.of(allocation));
    }

    @Override
    public synchronized void replace(List<String> replaced, List<Allocation> placed) {
        replaceCalls++;
        long live = allocs.values().stream().filter(a -> a.status() == ClientStatus.RUNNING
                && !replaced.contains(a.allocation().id())).count();
        if (cap > 0 && live + placed.size() > cap) {
            throw new NodeFullException(cap, (int) live, placed.size());
        }
        replaced.forEach(allocs::remove);
        placed.forEach(a -> allocs.put(a.id(), new AllocationView(a, ClientStatus.RUNNING, List.of())));
    }

    @Override
    public synchronized CompletionStage<Void> stop(List<String> allocIds, boolean purge) {
        for (String id : allocIds) {
            AllocationView v = allocs.get(id);
            if (v == null) {
                throw new IllegalArgumentException("no allocation " + id);
            }
            if (purge) {
                allocs.remove(id);
            } else {
                allocs.put(id, new AllocationView(v.allocation().withDesiredStatus(DesiredStatus.STOP),
                        ClientStatus.COMPLETE, List.of()));
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    private final List<Runnable> terminalWatchers = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** A running allocation's tasks all exited: it is terminal, and leaves room under the cap. */
    void complete(String allocId) {
        synchronized (this) {
            AllocationView v = allocs.get(allocId);
            allocs.put(allocId, new AllocationView(v.allocation(), ClientStatus.COMPLETE, List.of()));
        }
        terminalWatchers.forEach(Runnable::run);
    }

    @Override
    public AutoCloseable watchTerminal(Runnable onTerminal) {
        terminalWatchers.add(onTerminal);
        return () -> terminalWatchers.remove(onTerminal);
    }

    @Override
    public void update(Allocation allocation) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void remove(String allocId) {
        allocs.remove(allocId);
    }

    @Override
    public int collectGarbage() {
        return 0;
    }

    @Override
    public int collectDeadJobs() {
        return 0;
    }

    @Override
    public synchronized Optional<AllocationView> get(String allocId) {
        return Optional.ofNullable(allocs.get(allocId));
    }

    @Override
    public synchronized List<AllocationView> list() {
        return new ArrayList<>(allocs.values());
    }

    @Override
    public void signal(String allocId, String task, String signal) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void restart(String allocId, String task) {
        throw new UnsupportedOperationException();
    }
}
