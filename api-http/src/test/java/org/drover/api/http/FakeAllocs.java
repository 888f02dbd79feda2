package org.drover.api.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.drover.runner.api.alloc.AllocationService;
import org.drover.runner.api.alloc.AllocationView;
import org.drover.runner.api.model.Allocation;

/** Allocations held in memory, as the API reads them; what the API never calls is unsupported. */
final class FakeAllocs implements AllocationService {

    final Map<String, AllocationView> views = new LinkedHashMap<>();
    int garbageCollections;
    /** Thrown by {@link #list()} when set: a service that fails under the API. */
    RuntimeException listFails;

    void add(AllocationView v) {
        views.put(v.allocation().id(), v);
    }

    @Override
    public Optional<AllocationView> get(String allocId) {
        return Optional.ofNullable(views.get(allocId));
    }

    @Override
    public List<AllocationView> list() {
        if (listFails != null) {
            throw listFails;
        }
        return new ArrayList<>(views.values());
    }

    @Override
    public int collectGarbage() {
        garbageCollections++;
        return 0;
    }

    @Override
    public void run(Allocation allocation) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void replace(List<String> replaced, List<Allocation> placed) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void update(Allocation allocation) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<Void> stop(List<String> allocIds, boolean purge) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void remove(String allocId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int collectDeadJobs() {
        throw new UnsupportedOperationException();
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
