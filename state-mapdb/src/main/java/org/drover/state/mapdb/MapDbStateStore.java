package org.drover.state.mapdb;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.drover.runner.api.alloc.AllocLayout;
import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.TaskState;
import org.drover.runner.api.state.LocalTaskState;
import org.drover.runner.api.state.StateStore;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The {@link StateStore} service: {@code <data-dir>/state/state.db}, owned by
 * this component from activation to deactivation.
 */
@Component(service = StateStore.class, immediate = true)
public final class MapDbStateStore implements StateStore {

    private final MapDbStore store;

    @Activate
    public MapDbStateStore(BundleContext bundle) {
        String data = bundle.getProperty("drover.data.dir");
        Path dataDir = data != null ? Path.of(data) : bundle.getDataFile("").toPath();
        this.store = MapDbStore.open(dataDir.resolve("state").resolve("state.db"),
                AllocLayout.configured(bundle::getProperty).orElseGet(() -> AllocLayout.under(dataDir)).root());
    }

    @Deactivate
    void deactivate() {
        store.close();
    }

    @Override
    public List<Allocation> allocations() {
        return store.allocations();
    }

    @Override
    public void putAllocation(Allocation allocation) {
        store.putAllocation(allocation);
    }

    @Override
    public void putAllocations(List<Allocation> allocations) {
        store.putAllocations(allocations);
    }

    @Override
    public void deleteAllocation(String allocId) {
        store.deleteAllocation(allocId);
    }

    @Override
    public Optional<LocalTaskState> localState(String allocId, String task) {
        return store.localState(allocId, task);
    }

    @Override
    public void putLocalState(String allocId, String task, LocalTaskState state) {
        store.putLocalState(allocId, task, state);
    }

    @Override
    public Optional<TaskState> taskState(String allocId, String task) {
        return store.taskState(allocId, task);
    }

    @Override
    public void putTaskState(String allocId, String task, TaskState state) {
        store.putTaskState(allocId, task, state);
    }

    @Override
    public java.util.concurrent.CompletionStage<Void> putTaskStateAsync(String allocId, String task,
            TaskState state) {
        return store.putTaskStateAsync(allocId, task, state);
    }

    @Override
    public java.util.concurrent.CompletionStage<Void> putLocalStateAsync(String allocId, String task,
            LocalTaskState state) {
        return store.putLocalStateAsync(allocId, task, state);
    }

    @Override
    public java.util.Optional<org.drover.runner.api.state.StoreFault> fault() {
        return store.fault();
    }

    @Override
    public org.drover.runner.api.state.CommitStats commitStats() {
        return store.commitStats();
    }
}
