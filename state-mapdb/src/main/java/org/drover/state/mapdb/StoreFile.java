package org.drover.state.mapdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Supplier;

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
 * The store's MapDB file and its life: opened with transactions on and
 * verified (a file that opens is a file that reads), set aside whole into
 * {@code damaged-<time>/} when it does not, compacted by copy and rename when
 * it has grown well past its live records, closed and opened again after a
 * failed write. Holds the records map; what the records mean, and rebuilding
 * them after damage, is the {@link MapDbStateStore}'s.
 *
 * <p>Changes, commits, compaction and reopening happen on the committer thread
 * only; reads come from any thread and are held off while the file is swapped.
 */
final class StoreFile implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StoreFile.class);

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

    /** A file that did not open or read, now in {@code aside}; the file in its place is empty. */
    record Damage(Path aside, String reason) {
    }

    /** Refills the empty file that replaced a damaged one, on the committer thread. */
    interface Rebuild {
        void into(StoreFile fresh, Damage damage);
    }

    private final Path path;
    private final Options options;
    private final Supplier<StoreFault> whyClosed;
    private final ReadWriteLock swap = new ReentrantReadWriteLock();
    /** Replaced by a compaction or a reopen, on the committer thread, under the write lock. */
    private DB db;
    private BTreeMap<String, byte[]> records;
    private long liveBytes;
    private int commitsSinceCheck;
    private final Damage damagedAtOpen;
    /** Set after a failed batch: the next change first closes the file and opens it again. */
    private volatile boolean broken;

    private StoreFile(Path path, Options options, Supplier<StoreFault> whyClosed, DB db, Damage damagedAtOpen) {
        this.path = path;
        this.options = options;
        this.whyClosed = whyClosed;
        this.damagedAtOpen = damagedAtOpen;
        use(db);
    }

    /**
     * Opens the file at {@code path}. Never fails for a damaged file: it is moved
     * aside and an empty one opened, and {@link #damagedAtOpen} says so. A read
     * while the file is closed for a reopen fails with {@code whyClosed}'s fault.
     */
    static StoreFile open(Path path, Options options, Supplier<StoreFault> whyClosed) {
        deleteIfExists(compactFile(path)); // an unfinished compaction: the old file is intact
        try {
            Files.createDirectories(path.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + path.getParent(), e);
        }
        DB db = null;
        try {
            db = openDb(path);
            verify(db);
            return new StoreFile(path, options, whyClosed, db, null);
        } catch (RuntimeException damage) {
            closeQuietly(db);
            Damage found = new Damage(moveAside(path), reason(damage));
            return new StoreFile(path, options, whyClosed, openDb(path), found);
        }
    }

    Path path() {
        return path;
    }

    /** The damage that made {@link #open} set the file aside: the records are to be rebuilt. */
    Optional<Damage> damagedAtOpen() {
        return Optional.ofNullable(damagedAtOpen);
    }

    /**
     * MapDB cannot roll back a write-ahead log it failed to extend, and fails every commit after
     * that; the file itself holds the last commit. So the file is opened afresh before the next
     * change: then, not now, so that a disk still full fails that change, which is tried again.
     */
    void markBroken() {
        broken = true;
    }

    /** Before a change, on the committer thread: a file broken by a failed write is opened again. */
    void reopenIfBroken(Rebuild rebuild) {
        if (!broken) {
            return;
        }
        swap.writeLock().lock();
        try {
            closeQuietly(db);
            db = null;
            records = null;
            DB fresh = openDb(path);
            try {
                verify(fresh);
                use(fresh);
            } catch (RuntimeException damage) {
                closeQuietly(fresh);
                Damage found = new Damage(moveAside(path), reason(damage));
                use(openDb(path));
                rebuild.into(this, found);
            }
            broken = false;
        } finally {
            swap.writeLock().unlock();
        }
    }

    /** Reads the records, from any thread. */
    <T> T read(Function<ConcurrentNavigableMap<String, byte[]>, T> reader) {
        swap.readLock().lock();
        try {
            if (records == null) { // closed after a failed write, and not yet opened again
                StoreFault fault = whyClosed.get();
                throw new StoreUnavailableException(fault != null ? fault
                        : new StoreFault(Instant.now(), "the store is being opened again"));
            }
            return reader.apply(records);
        } finally {
            swap.readLock().unlock();
        }
    }

    /** On the committer thread only. */
    void put(String key, byte[] value) {
        byte[] old = records.put(key, value);
        liveBytes += value.length - (old == null ? -key.length() : old.length);
    }

    /** On the committer thread only. */
    void removePrefix(String prefix) {
        ConcurrentNavigableMap<String, byte[]> range = records.subMap(prefix, prefix + "\uffff");
        for (String key : new java.util.ArrayList<>(range.keySet())) {
            remove(key);
        }
    }

    /** On the committer thread only. */
    void remove(String key) {
        byte[] old = records.remove(key);
        if (old != null) {
            liveBytes -= key.length() + old.length;
        }
    }

    /** Makes the changes so far durable, on the committer thread; now and then compacts. */
    void commit() {
        db.commit();
        maybeCompact();
    }

    /** Closes the file; one that failed to write is closed as it stands: it holds the last commit. */
    @Override
    public void close() {
        swap.writeLock().lock();
        try {
            if (broken) {
                closeQuietly(db);
            } else if (db != null) {
                db.close();
            }
        } finally {
            swap.writeLock().unlock();
        }
    }

    private void use(DB opened) {
        db = opened;
        records = records(opened);
        liveBytes = liveBytes(records);
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
        records.forEach(RecordKeys::decode);
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
        long size = sizeOf(path);
        if (size <= Math.max(options.compactFloorBytes(), options.compactRatio() * liveBytes)) {
            return;
        }
        swap.writeLock().lock();
        try {
            Path copy = compactFile(path);
            deleteIfExists(copy);
            DB fresh = openDb(copy);
            records(fresh).putAll(records);
            fresh.commit();
            fresh.close();
            db.close();
            // The old store is closed cleanly and copied whole: no log of it may apply to the copy.
            try (DirectoryStream<Path> logs = Files.newDirectoryStream(path.getParent(),
                    path.getFileName() + ".wal.*")) {
                for (Path log : logs) {
                    Files.delete(log);
                }
            }
            Files.move(copy, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            db = openDb(path);
            records = records(db);
            LOG.info("Compacted the state store from {} to {} bytes", size, sizeOf(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compact the state store " + path, e);
        } finally {
            swap.writeLock().unlock();
        }
    }

    private static Path compactFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".compacting");
    }

    private static long liveBytes(Map<String, byte[]> records) {
        long n = 0;
        for (Map.Entry<String, byte[]> e : records.entrySet()) {
            n += e.getKey().length() + e.getValue().length;
        }
        return n;
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
}
