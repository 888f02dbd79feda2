package org.drover.state.mapdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;

import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.TaskState;
import org.drover.runner.api.state.LocalTaskState;
import org.drover.runner.api.state.StateStore;
import org.drover.runner.api.state.StoreFault;
import org.drover.runner.api.state.StoreUnavailableException;
import org.mapdb.Atomic;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state store on MapDB: one file, transactions on, every change committed
 * through the {@link GroupCommitter}. Opening never fails for a damaged file:
 * it is moved aside (never deleted) and the store is rebuilt from the task
 * files ({@link TaskFiles}), because MapDB 3 does not replay its write-ahead
 * log on open and a crash inside a commit is not provably safe.
 *
 * <p>Keys: {@code alloc/<id>}, {@code local/<id>/<task>}, {@code state/<id>/<task>};
 * values in {@link RecordCodec}'s versioned format; the schema version in
 * {@code schema}.
 */
public final class MapDbStore implements StateStore, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MapDbStore.class);

    /** The key layout written by this version; see {@link #migrate}. */
    static final int SCHEMA = 1;

    /**
     * Tuning of compaction: the file is rewritten when it exceeds
     * max({@code compactFloorBytes}, {@code compactRatio} x live bytes), checked
     * every {@code checkEveryCommits} commits.
     */
    record Options(long compactFloorBytes, int compactRatio, int checkEveryCommits) {
        static final Options DEFAULT = new Options(16L << 20, 4, 256);
    }

    private final Path file;
    private final Options options;
    private final java.util.concurrent.locks.ReadWriteLock swap = new java.util.concurrent.locks.ReentrantReadWriteLock();
    /** Replaced only by a compaction, on the committer thread, under the write lock. */
    private DB db;
    private BTreeMap<String, byte[]> records;
    private long liveBytes;
    private int commitsSinceCheck;
    private final TaskFiles files;
    private final GroupCommitter committer;
    private final WriteProbe probe;
    /** What was last put for each task, durable or still queued: the task files are written from it. */
    private final Map<String, TaskState> latestState = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, LocalTaskState> latestLocal = new java.util.concurrent.ConcurrentHashMap<>();
    /** The phase each task file was last written with: a phase change rewrites it. */
    private final Map<String, org.drover.runner.api.model.TaskPhase> filedPhase =
            new java.util.concurrent.ConcurrentHashMap<>();

    private MapDbStore(Path file, DB db, TaskFiles files, Options options) {
        this.file = file;
        this.options = options;
        this.db = db;
        this.records = records(db);
        this.liveBytes = liveBytes(records);
        this.files = files;
        this.probe = new WriteProbe(file.getParent());
        this.committer = new GroupCommitter(new GroupCommitter.Target() {
            @Override
            public void apply(Runnable change) {
                if (broken) {
                    reopen();
                }
                change.run();
            }

            @Override
            public void commit() {
                MapDbStore.this.db.commit();
                maybeCompact();
            }

            @Override
            public void rollback() {
                // MapDB cannot roll back a write-ahead log it failed to extend, and fails every
                // commit after that; the file itself holds the last commit. So the store is
                // opened afresh before the next change: done then, not now, so that a disk still
                // full fails that change, which is tried again.
                broken = true;
            }
        });
    }

    /** Set after a failed batch: the next change first closes the file and opens it again. */
    private volatile boolean broken;

    /** On the committer thread. */
    private void reopen() {
        swap.writeLock().lock();
        try {
            closeQuietly(db);
            db = null;
            records = null;
            DB fresh = openDb(file);
            try {
                verify(fresh);
                use(fresh);
            } catch (RuntimeException damage) {
                closeQuietly(fresh);
                Path aside = moveAside(file);
                use(openDb(file));
                int rebuilt = rebuildNow(files.readAll());
                LOG.error("State store {} was damaged after a failed write ({}); moved it to {} and rebuilt {}"
                        + " allocation(s) from their task files", file, reason(damage), aside, rebuilt);
            }
            liveBytes = liveBytes(records);
            broken = false;
        } finally {
            swap.writeLock().unlock();
        }
    }

    /**
     * Opens the store at {@code file}; a damaged one is moved aside and rebuilt
     * from the task files under {@code allocRoot}.
     */
    public static MapDbStore open(Path file, Path allocRoot) {
        return open(file, allocRoot, Options.DEFAULT);
    }

    static MapDbStore open(Path file, Path allocRoot, Options options) {
        TaskFiles files = new TaskFiles(allocRoot);
        deleteIfExists(compactFile(file)); // an unfinished compaction: the old file is intact
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file.getParent(), e);
        }
        DB db = null;
        try {
            db = openDb(file);
            verify(db);
            return new MapDbStore(file, db, files, options);
        } catch (RuntimeException damage) {
            closeQuietly(db);
            Path aside = moveAside(file);
            MapDbStore store = new MapDbStore(file, openDb(file), files, options);
            int rebuilt = store.rebuild(files.readAll());
            LOG.error("State store {} was damaged ({}); moved it to {} and rebuilt {} allocation(s) from their"
                    + " task files", file, reason(damage), aside, rebuilt);
            return store;
        }
    }

    private static DB openDb(Path file) {
        DB db = DBMaker.fileDB(file.toFile()).transactionEnable().fileChannelEnable().make();
        Atomic.Integer schema = db.atomicInteger("schema").createOrOpen();
        if (schema.get() == 0) {
            schema.set(SCHEMA);
            db.commit();
        }
        return db;
    }

    private static BTreeMap<String, byte[]> records(DB db) {
        return db.treeMap("records", Serializer.STRING, Serializer.BYTE_ARRAY).valuesOutsideNodesEnable()
                .createOrOpen();
    }

    /** Checks the schema and decodes every record: a store that opens is a store that reads. */
    private static void verify(DB db) {
        Atomic.Integer schema = db.atomicInteger("schema").createOrOpen();
        int version = schema.get();
        if (version > SCHEMA) {
            throw new IllegalStateException("written by a newer Drover (schema " + version + ")");
        }
        BTreeMap<String, byte[]> records = records(db);
        if (version < SCHEMA) {
            migrate(version, records);
            schema.set(SCHEMA);
            db.commit();
        }
        for (Map.Entry<String, byte[]> e : records.entrySet()) {
            String key = e.getKey();
            if (key.startsWith("alloc/")) {
                RecordCodec.decode(key, e.getValue(), RecordCodec::allocation);
            } else if (key.startsWith("local/")) {
                RecordCodec.decode(key, e.getValue(), RecordCodec::localState);
            } else if (key.startsWith("state/")) {
                RecordCodec.decode(key, e.getValue(), RecordCodec::taskState);
            } else {
                throw new IllegalStateException("unknown key " + key);
            }
        }
    }

    /**
     * Brings records written under an older schema to {@link #SCHEMA}. The
     * hook every future layout change goes through; schema 1 is the first.
     */
    static void migrate(int from, BTreeMap<String, byte[]> records) {
        if (from != SCHEMA) {
            LOG.info("Migrating the state store from schema {} to {}", from, SCHEMA);
        }
    }

    /** Moves the store's files into a {@code damaged-<time>} directory beside it. */
    private static Path moveAside(Path file) {
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC)
                .format(Instant.now());
        Path aside = file.resolveSibling("damaged-" + stamp);
        try {
            Files.createDirectories(aside);
            try (DirectoryStream<Path> parts = Files.newDirectoryStream(file.getParent(),
                    p -> p.getFileName().toString().startsWith(file.getFileName().toString()))) {
                for (Path part : parts) {
                    Files.move(part, aside.resolve(part.getFileName()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the damaged state store " + file + " aside", e);
        }
        return aside;
    }

    /**
     * MapDB with transactions does not reuse freed space well and its compact()
     * does nothing, so the store compacts itself: when the file has grown well
     * past its live data, the live records are copied into a new file that
     * replaces the old one by rename. A crash before the rename leaves the old
     * file, closed cleanly; the half-written copy is deleted on the next open.
     * Runs on the committer thread, so no write is in flight.
     */
    private void maybeCompact() {
        if (++commitsSinceCheck < options.checkEveryCommits()) {
            return;
        }
        commitsSinceCheck = 0;
        long size = sizeOf(file);
        if (size <= Math.max(options.compactFloorBytes(), options.compactRatio() * liveBytes)) {
            return;
        }
        swap.writeLock().lock();
        try {
            Path copy = compactFile(file);
            deleteIfExists(copy);
            DB fresh = openDb(copy);
            records(fresh).putAll(records);
            fresh.commit();
            fresh.close();
            db.close();
            // The old store is closed cleanly and copied whole: no log of it may apply to the copy.
            try (DirectoryStream<Path> logs = Files.newDirectoryStream(file.getParent(),
                    file.getFileName() + ".wal.*")) {
                for (Path log : logs) {
                    Files.delete(log);
                }
            }
            Files.move(copy, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            db = openDb(file);
            records = records(db);
            LOG.info("Compacted the state store from {} to {} bytes", size, sizeOf(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compact the state store " + file, e);
        } finally {
            swap.writeLock().unlock();
        }
    }

    private static Path compactFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".compacting");
    }

    private static long liveBytes(BTreeMap<String, byte[]> records) {
        long n = 0;
        for (Map.Entry<String, byte[]> e : records.entrySet()) {
            n += e.getKey().length() + e.getValue().length;
        }
        return n;
    }

    /** On the committer thread only. */
    private void put(String key, byte[] value) {
        byte[] old = records.put(key, value);
        liveBytes += value.length - (old == null ? -key.length() : old.length);
    }

    /** On the committer thread only. */
    private void remove(String key) {
        byte[] old = records.remove(key);
        if (old != null) {
            liveBytes -= key.length() + old.length;
        }
    }

    private <T> T read(java.util.function.Supplier<T> reader) {
        swap.readLock().lock();
        try {
            if (records == null) { // closed after a failed write, and not yet opened again
                StoreFault fault = committer.fault();
                throw new StoreUnavailableException(fault != null ? fault
                        : new StoreFault(Instant.now(), "the store is being opened again"));
            }
            return reader.get();
        } finally {
            swap.readLock().unlock();
        }
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    private static void deleteIfExists(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + p, e);
        }
    }

    private int rebuild(List<TaskFiles.AllocRecord> allocs) {
        committer.submit(() -> putAll(allocs));
        return allocs.size();
    }

    private void use(DB opened) {
        db = opened;
        records = records(opened);
    }

    /** On the committer thread, the file just opened. */
    private int rebuildNow(List<TaskFiles.AllocRecord> allocs) {
        putAll(allocs);
        db.commit();
        return allocs.size();
    }

    private void putAll(List<TaskFiles.AllocRecord> allocs) {
        for (TaskFiles.AllocRecord a : allocs) {
            String id = a.allocation().id();
            put(allocKey(id), RecordCodec.encode(a.allocation(), RecordCodec::allocation));
            a.tasks().forEach((task, r) -> {
                put(localKey(id, task), RecordCodec.encode(r.local(), RecordCodec::localState));
                put(stateKey(id, task), RecordCodec.encode(r.state(), RecordCodec::taskState));
            });
        }
    }

    // ---- StateStore ----------------------------------------------------------------------------

    @Override
    public List<Allocation> allocations() {
        return read(() -> {
            List<Allocation> result = new ArrayList<>();
            for (Map.Entry<String, byte[]> e : records.subMap("alloc/", "alloc/\uffff").entrySet()) {
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
            changes.add(() -> put(allocKey(a.id()), value));
        }
        CompletableFuture<Void> durable = committer.submitAllAsync(changes);
        try {
            TaskFiles.sync(filed);
        } catch (UncheckedIOException e) {
            // Stored all the same: the file is the rebuild source, needed only should the store be damaged.
            LOG.warn("Allocation files not made durable: {}", e.getMessage());
        }
        join(durable);
    }

    @Override
    public void deleteAllocation(String allocId) {
        refuseWhileFaulted();
        committer.submit(() -> {
            remove(allocKey(allocId));
            removePrefix("local/" + allocId + "/");
            removePrefix("state/" + allocId + "/");
        });
        files.deleteAllocation(allocId);
        filedPhase.keySet().removeIf(k -> k.startsWith("state/" + allocId + "/"));
        latestState.keySet().removeIf(k -> k.startsWith("state/" + allocId + "/"));
        latestLocal.keySet().removeIf(k -> k.startsWith("local/" + allocId + "/"));
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


    private void removePrefix(String prefix) {
        ConcurrentNavigableMap<String, byte[]> range = records.subMap(prefix, prefix + "\uffff");
        for (String key : new ArrayList<>(range.keySet())) {
            remove(key);
        }
    }

    @Override
    public Optional<LocalTaskState> localState(String allocId, String task) {
        return get(localKey(allocId, task), RecordCodec::localState);
    }

    @Override
    public void putLocalState(String allocId, String task, LocalTaskState state) {
        join(putLocalStateAsync(allocId, task, state));
    }

    @Override
    public CompletableFuture<Void> putLocalStateAsync(String allocId, String task, LocalTaskState state) {
        byte[] value = RecordCodec.encode(state, RecordCodec::localState);
        String key = localKey(allocId, task);
        latestLocal.put(key, state);
        CompletableFuture<Void> durable = committer.submitAsync(() -> put(key, value));
        // The task file is the rebuild source if the store is ever damaged: written from what was
        // last put, since the queued puts may not be in the store yet.
        TaskState current = latest(latestState, stateKey(allocId, task), () -> taskState(allocId, task))
                .orElse(TaskState.initial());
        if (writeTaskFile(allocId, task, state, current)) {
            filedPhase.put(stateKey(allocId, task), current.phase());
        }
        return durable;
    }

    @Override
    public Optional<TaskState> taskState(String allocId, String task) {
        return get(stateKey(allocId, task), RecordCodec::taskState);
    }

    private <T> Optional<T> get(String key, RecordCodec.Reader<T> reader) {
        return read(() -> Optional.ofNullable(records.get(key))).map(v -> RecordCodec.decode(key, v, reader));
    }

    @Override
    public void putTaskState(String allocId, String task, TaskState state) {
        join(putTaskStateAsync(allocId, task, state));
    }

    @Override
    public CompletableFuture<Void> putTaskStateAsync(String allocId, String task, TaskState state) {
        byte[] value = RecordCodec.encode(state, RecordCodec::taskState);
        String key = stateKey(allocId, task);
        latestState.put(key, state);
        CompletableFuture<Void> durable = committer.submitAsync(() -> put(key, value));
        // Keep the task file in step at every phase change (start, restart, death): events
        // in between are what a rebuild may lose, never a transition.
        if (filedPhase.get(key) != state.phase()) {
            latest(latestLocal, localKey(allocId, task), () -> localState(allocId, task)).ifPresent(local -> {
                if (writeTaskFile(allocId, task, local, state)) {
                    filedPhase.put(key, state.phase());
                } else {
                    filedPhase.remove(key); // written at the next put instead
                }
            });
        }
        return durable;
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

    private static <T> Optional<T> latest(Map<String, T> pending, String key,
            java.util.function.Supplier<Optional<T>> stored) {
        T v = pending.get(key);
        return v != null ? Optional.of(v) : stored.get();
    }

    private void join(CompletableFuture<Void> durable) {
        committer.await(durable);
    }

    /** Commits what is pending and closes the file. */
    @Override
    public void close() {
        committer.close();
        swap.writeLock().lock();
        try {
            // A store that failed to write is closed as it stands: the file holds the last commit.
            if (broken) {
                closeQuietly(db);
            } else if (db != null) {
                db.close();
            }
        } finally {
            swap.writeLock().unlock();
        }
    }

    static String allocKey(String allocId) {
        return "alloc/" + allocId;
    }

    static String localKey(String allocId, String task) {
        return "local/" + allocId + "/" + task;
    }

    static String stateKey(String allocId, String task) {
        return "state/" + allocId + "/" + task;
    }

    private static String reason(Throwable t) {
        String msg = t.getMessage();
        return t.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
    }

    private static void closeQuietly(DB db) {
        if (db != null) {
            try {
                db.close();
            } catch (RuntimeException ignored) {
                // it is being moved aside anyway
            }
        }
    }

    /** Commit counts and times since the store opened. */
    public org.drover.runner.api.state.CommitStats commitStats() {
        return committer.stats();
    }
}
