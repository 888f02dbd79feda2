package org.drover.state.mapdb;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.drover.runner.api.alloc.AllocLayout;
import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.Job;
import org.drover.runner.api.model.TaskPhase;
import org.drover.runner.api.model.TaskState;
import org.drover.runner.api.state.CommitStats;
import org.drover.runner.api.state.HookState;
import org.drover.runner.api.state.LocalTaskState;
import org.drover.runner.api.state.StateStore;
import org.drover.runner.api.state.StoreFault;
import org.drover.runner.api.state.StoreUnavailableException;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link StateStore} service: {@code <data-dir>/state/state.db}, owned by
 * this component from activation to deactivation. Every change is committed
 * through the {@link GroupCommitter}; the file itself is a {@link StoreFile}.
 * Opening never fails for a damaged file: it is set aside (never deleted) and
 * the records are rebuilt from the task files ({@link TaskFiles}), because
 * MapDB 3 does not replay its write-ahead log on open and a crash inside a
 * commit is not provably safe.
 *
 * <p>Keys as {@link RecordKeys} lays them out, values in {@link RecordCodec}'s
 * versioned format.
 */
@Component(service = StateStore.class, immediate = true)
public final class MapDbStateStore implements StateStore, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MapDbStateStore.class);

    private final TaskFiles files;
    private final GroupCommitter committer;
    private final StoreFile file;
    private final WriteProbe probe;
    /** What was last put for each task, durable or still queued: the task files are written from it. */
    private final Map<String, TaskState> latestState = new ConcurrentHashMap<>();
    private final Map<String, LocalTaskState> latestLocal = new ConcurrentHashMap<>();
    /** The phase each task file was last written with: a phase change rewrites it. */
    private final Map<String, TaskPhase> filedPhase = new ConcurrentHashMap<>();

    @Activate
    public MapDbStateStore(BundleContext bundle) {
        this(dataDir(bundle), bundle);
    }

    private MapDbStateStore(Path dataDir, BundleContext bundle) {
        this(dataDir.resolve("state").resolve("state.db"),
                AllocLayout.configured(bundle::getProperty).orElseGet(() -> AllocLayout.under(dataDir)).root(),
                StoreFile.Options.DEFAULT);
    }

    private MapDbStateStore(Path path, Path allocRoot, StoreFile.Options options) {
        this.files = new TaskFiles(allocRoot);
        this.committer = new GroupCommitter(new Commits());
        try {
            this.file = StoreFile.open(path, options, committer::fault);
        } catch (RuntimeException e) {
            committer.close();
            throw e;
        }
        this.probe = new WriteProbe(path.getParent());
        file.damagedAtOpen().ifPresent(damage -> {
            List<TaskFiles.AllocRecord> allocs = files.readAll();
            committer.submit(() -> putAll(allocs));
            LOG.error("State store {} was damaged ({}); moved it to {} and rebuilt {} allocation(s) from their"
                    + " task files", path, damage.reason(), damage.aside(), allocs.size());
        });
    }

    private static Path dataDir(BundleContext bundle) {
        String data = bundle.getProperty("drover.data.dir");
        return data != null ? Path.of(data) : bundle.getDataFile("").toPath();
    }

    /**
     * Opens the store at {@code file}; a damaged one is moved aside and rebuilt
     * from the task files under {@code allocRoot}.
     */
    public static MapDbStateStore open(Path file, Path allocRoot) {
        return open(file, allocRoot, StoreFile.Options.DEFAULT);
    }

    static MapDbStateStore open(Path file, Path allocRoot, StoreFile.Options options) {
        return new MapDbStateStore(file, allocRoot, options);
    }

    /** What the committer does with a batch, on its thread. */
    private final class Commits implements GroupCommitter.Target {
        @Override
        public void apply(Runnable change) {
            file.reopenIfBroken(MapDbStateStore.this::rebuildAfterFailedWrite);
            change.run();
        }

        @Override
        public void commit() {
            file.commit();
        }

        @Override
        public void rollback() {
            file.markBroken();
        }
    }

    /** On the committer thread, into the file that replaced a damaged one, before any reader sees it. */
    private void rebuildAfterFailedWrite(StoreFile fresh, StoreFile.Damage damage) {
        List<TaskFiles.AllocRecord> allocs = files.readAll();
        putAll(allocs);
        fresh.commit();
        LOG.error("State store {} was damaged after a failed write ({}); moved it to {} and rebuilt {}"
                + " allocation(s) from their task files", fresh.path(), damage.reason(), damage.aside(),
                allocs.size());
    }

    /** On the committer thread only. */
    private void putAll(List<TaskFiles.AllocRecord> allocs) {
        for (TaskFiles.AllocRecord a : allocs) {
            String id = a.allocation().id();
            file.put(RecordKeys.alloc(id), RecordCodec.encode(a.allocation(), RecordCodec::allocation));
            a.tasks().forEach((task, r) -> {
                file.put(RecordKeys.local(id, task), RecordCodec.encode(r.local(), RecordCodec::localState));
                file.put(RecordKeys.state(id, task), RecordCodec.encode(r.state(), RecordCodec::taskState));
            });
        }
    }

    @Override
    public List<Allocation> allocations() {
        return file.read(records -> {
            List<Allocation> result = new ArrayList<>();
            for (Map.Entry<String, byte[]> e : records.subMap(RecordKeys.ALLOC, RecordKeys.ALLOC + "\uffff")
                    .entrySet()) {
                result.add(RecordCodec.decode(e.getKey(), e.getValue(), RecordCodec::allocation));
            }
            return result;
        });
    }

    @Override
    public void putAllocation(Allocation allocation) {
        putAllocations(List.of(allocation));
    }

    @Override
    public void putAllocations(List<Allocation> allocations) {
        refuseWhileFaulted();
        // The files first: a disk too full for them stores nothing, where a commit queued first
        // would store allocations the caller was told were refused. They are made durable while
        // the commit is under way: two waits for the disk at once, not one after the other.
        List<Path> filed = new ArrayList<>();
        try {
            for (Allocation a : allocations) {
                filed.add(files.writeAllocationUnsynced(a));
            }
        } catch (UncheckedIOException e) {
            allocations.forEach(a -> files.deleteAllocation(a.id()));
            throw new StoreUnavailableException(new StoreFault(Instant.now(), GroupCommitter.cause(e)));
        }
        List<Runnable> changes = new ArrayList<>(allocations.size());
        for (Allocation a : allocations) {
            byte[] value = RecordCodec.encode(a, RecordCodec::allocation);
            changes.add(() -> file.put(RecordKeys.alloc(a.id()), value));
        }
        CompletableFuture<Void> durable = committer.submitAllAsync(changes);
        try {
            TaskFiles.sync(filed);
        } catch (UncheckedIOException e) {
            // Stored all the same: the file is the rebuild source, needed only should the store be damaged.
            LOG.warn("Allocation files not made durable: {}", e.getMessage());
        }
        committer.await(durable);
    }

    @Override
    public void deleteAllocation(String allocId) {
        refuseWhileFaulted();
        committer.submit(() -> {
            file.remove(RecordKeys.alloc(allocId));
            file.removePrefix(RecordKeys.ofAlloc(RecordKeys.LOCAL, allocId));
            file.removePrefix(RecordKeys.ofAlloc(RecordKeys.STATE, allocId));
            file.removePrefix(RecordKeys.ofAlloc(RecordKeys.ALLOC_HOOK, allocId));
        });
        files.deleteAllocation(allocId);
        filedPhase.keySet().removeIf(k -> k.startsWith(RecordKeys.ofAlloc(RecordKeys.STATE, allocId)));
        latestState.keySet().removeIf(k -> k.startsWith(RecordKeys.ofAlloc(RecordKeys.STATE, allocId)));
        latestLocal.keySet().removeIf(k -> k.startsWith(RecordKeys.ofAlloc(RecordKeys.LOCAL, allocId)));
    }

    @Override
    public List<Job> jobs() {
        return file.read(records -> {
            List<Job> result = new ArrayList<>();
            for (Map.Entry<String, byte[]> e : records.subMap(RecordKeys.JOB, RecordKeys.JOB + "\uffff").entrySet()) {
                result.add(RecordCodec.decode(e.getKey(), e.getValue(), RecordCodec::job));
            }
            return result;
        });
    }

    /** No task file backs a job: a store rebuilt after damage has none, and its job is registered again. */
    @Override
    public void putJob(Job job) {
        refuseWhileFaulted();
        byte[] value = RecordCodec.encode(job, RecordCodec::job);
        committer.submit(() -> file.put(RecordKeys.job(job.id()), value));
    }

    @Override
    public void deleteJob(String jobId) {
        refuseWhileFaulted();
        committer.submit(() -> file.remove(RecordKeys.job(jobId)));
    }

    /** A caller that would wait for the disk is refused at once while the store cannot write. */
    private void refuseWhileFaulted() {
        // No probe here: registering a job costs no extra disk write; the health endpoint probes,
        // and a full disk refuses the allocation files first anyway.
        StoreFault fault = committer.fault() != null ? committer.fault() : probe.last();
        if (fault != null) {
            throw new StoreUnavailableException(fault);
        }
    }

    @Override
    public Optional<StoreFault> fault() {
        StoreFault failing = committer.fault();
        return failing != null ? Optional.of(failing) : Optional.ofNullable(probe.fault());
    }

    @Override
    public Optional<LocalTaskState> localState(String allocId, String task) {
        return get(RecordKeys.local(allocId, task), RecordCodec::localState);
    }

    @Override
    public void putLocalState(String allocId, String task, LocalTaskState state) {
        committer.await(putLocalStateAsync(allocId, task, state));
    }

    @Override
    public CompletableFuture<Void> putLocalStateAsync(String allocId, String task, LocalTaskState state) {
        CompletableFuture<Void> durable = queue(latestLocal, RecordKeys.local(allocId, task), state,
                RecordCodec::localState);
        // The task file is the rebuild source if the store is ever damaged: written from what was
        // last put, since the queued puts may not be in the store yet.
        String stateKey = RecordKeys.state(allocId, task);
        TaskState current = latest(latestState, stateKey, () -> taskState(allocId, task)).orElse(TaskState.initial());
        if (writeTaskFile(allocId, task, state, current)) {
            filedPhase.put(stateKey, current.phase());
        }
        return durable;
    }

    /** No task file backs it: a store rebuilt after damage has none, and the hook sets up anew. */
    @Override
    public Optional<HookState> allocHookState(String allocId, String hook) {
        return get(RecordKeys.allocHook(allocId, hook), RecordCodec::hookState);
    }

    @Override
    public void putAllocHookState(String allocId, String hook, HookState state) {
        String key = RecordKeys.allocHook(allocId, hook);
        if (state.equals(HookState.NONE)) {
            committer.submit(() -> file.remove(key));
        } else {
            byte[] value = RecordCodec.encode(state, RecordCodec::hookState);
            committer.submit(() -> file.put(key, value));
        }
    }

    @Override
    public Optional<TaskState> taskState(String allocId, String task) {
        return get(RecordKeys.state(allocId, task), RecordCodec::taskState);
    }

    private <T> Optional<T> get(String key, RecordCodec.Reader<T> reader) {
        return file.read(records -> Optional.ofNullable(records.get(key)))
                .map(v -> RecordCodec.decode(key, v, reader));
    }

    @Override
    public void putTaskState(String allocId, String task, TaskState state) {
        committer.await(putTaskStateAsync(allocId, task, state));
    }

    @Override
    public CompletableFuture<Void> putTaskStateAsync(String allocId, String task, TaskState state) {
        String key = RecordKeys.state(allocId, task);
        CompletableFuture<Void> durable = queue(latestState, key, state, RecordCodec::taskState);
        // Keep the task file in step at every phase change (start, restart, death): events
        // in between are what a rebuild may lose, never a transition.
        if (filedPhase.get(key) != state.phase()) {
            String localKey = RecordKeys.local(allocId, task);
            latest(latestLocal, localKey, () -> localState(allocId, task)).ifPresent(local -> {
                if (writeTaskFile(allocId, task, local, state)) {
                    filedPhase.put(key, state.phase());
                } else {
                    filedPhase.remove(key); // written at the next put instead
                }
            });
        }
        return durable;
    }

    /** Queues the put of a task's record, remembered as the latest put for that task. */
    private <T> CompletableFuture<Void> queue(Map<String, T> latest, String key, T state,
            RecordCodec.Writer<T> writer) {
        byte[] value = RecordCodec.encode(state, writer);
        latest.put(key, state);
        return committer.submitAsync(() -> file.put(key, value));
    }

    /**
     * The task file is only the rebuild source: a disk too full for it must not fail the put,
     * which is queued and becomes durable once the store can write. False when not written.
     */
    private boolean writeTaskFile(String allocId, String task, LocalTaskState local, TaskState state) {
        try {
            files.writeTask(allocId, task, local, state);
            return true;
        } catch (UncheckedIOException e) {
            LOG.debug("Task file of {}/{} not written: {}", allocId, task, e.getMessage());
            return false;
        }
    }

    private static <T> Optional<T> latest(Map<String, T> pending, String key, Supplier<Optional<T>> stored) {
        T v = pending.get(key);
        return v != null ? Optional.of(v) : stored.get();
    }

    /** Commit counts and times since the store opened. */
    @Override
    public CommitStats commitStats() {
        return committer.stats();
    }

    /** Commits what is pending and closes the file: on deactivation, the agent stopping. */
    @Deactivate
    @Override
    public void close() {
        committer.close();
        file.close();
    }
}
