package org.drover.state.mapdb;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.drover.runner.api.alloc.AllocLayout;
import org.drover.runner.api.alloc.TaskDir;
import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.Task;
import org.drover.runner.api.model.TaskState;
import org.drover.runner.api.state.LocalTaskState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's second durable record, kept for the day the store file is
 * damaged: beside each allocation, {@code .drover-alloc}; beside each task,
 * {@code .drover-task} with its local state (the handle that re-attaches it)
 * and its task state as of that write. Written only when a local state changes
 * (a start, an exit, a hook), each atomically: temporary file, fsync, rename.
 */
final class TaskFiles {

    private static final Logger LOG = LoggerFactory.getLogger(TaskFiles.class);
    static final String ALLOC_FILE = ".drover-alloc";
    static final String TASK_FILE = ".drover-task";

    /** What a task file holds. */
    record TaskRecord(LocalTaskState local, TaskState state) {
    }

    /** An allocation and its tasks' records, as read back. */
    record AllocRecord(Allocation allocation, java.util.Map<String, TaskRecord> tasks) {
    }

    private final AllocLayout layout;

    TaskFiles(Path allocRoot) {
        this.layout = new AllocLayout(allocRoot);
    }

    /**
     * Writes the allocation's file without waiting for the disk, and returns it for {@link #sync}:
     * a full or read-only disk refuses the write itself, so a caller learns of it at once and
     * makes the file durable while something else waits for the disk too.
     */
    Path writeAllocationUnsynced(Allocation alloc) {
        Path file = layout.allocDir(alloc.id()).resolve(ALLOC_FILE);
        write(file, RecordCodec.encode(alloc, RecordCodec::allocation), false);
        return file;
    }

    /** Makes files written by {@link #writeAllocationUnsynced} durable, with their directories. */
    static void sync(List<Path> files) {
        for (Path file : files) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                ch.force(true);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
            syncDir(file.getParent());
        }
    }

    private static void syncDir(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // Some file systems cannot sync a directory; the rename is still atomic.
        }
    }

    void writeTask(String allocId, String task, LocalTaskState local, TaskState state) {
        write(layout.task(allocId, task).taskDir().resolve(TASK_FILE),
                RecordCodec.encode(new TaskRecord(local, state), TaskFiles::taskRecord));
    }

    void deleteAllocation(String allocId) {
        Path dir = layout.allocDir(allocId);
        try {
            if (Files.isDirectory(dir)) {
                try (DirectoryStream<Path> tasks = Files.newDirectoryStream(dir, Files::isDirectory)) {
                    for (Path t : tasks) {
                        Files.deleteIfExists(t.resolve(TASK_FILE));
                    }
                }
            }
            Files.deleteIfExists(dir.resolve(ALLOC_FILE));
        } catch (IOException e) {
            LOG.warn("Could not delete the task files of allocation {}: {}", allocId, e.toString());
        }
    }

    /** Every allocation that has a readable allocation file; unreadable ones are logged and skipped. */
    List<AllocRecord> readAll() {
        List<AllocRecord> result = new ArrayList<>();
        if (!Files.isDirectory(layout.root())) {
            return result;
        }
        try (DirectoryStream<Path> allocs = Files.newDirectoryStream(layout.root(), Files::isDirectory)) {
            for (Path dir : allocs) {
                read(dir).ifPresent(result::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }

    private Optional<AllocRecord> read(Path dir) {
        Path allocFile = dir.resolve(ALLOC_FILE);
        if (!Files.exists(allocFile)) {
            return Optional.empty();
        }
        try {
            Allocation alloc = RecordCodec.decode(allocFile.toString(), Files.readAllBytes(allocFile),
                    RecordCodec::allocation);
            java.util.Map<String, TaskRecord> tasks = new java.util.LinkedHashMap<>();
            for (Task t : alloc.taskGroup().tasks()) {
                Path taskFile = TaskDir.of(dir, t.name()).taskDir().resolve(TASK_FILE);
                if (Files.exists(taskFile)) {
                    tasks.put(t.name(), RecordCodec.decode(taskFile.toString(), Files.readAllBytes(taskFile),
                            TaskFiles::taskRecord));
                }
            }
            return Optional.of(new AllocRecord(alloc, tasks));
        } catch (IOException | RuntimeException e) {
            LOG.error("Skipping allocation directory {}: {}", dir, e.getMessage());
            return Optional.empty();
        }
    }

    private static void taskRecord(DataOutputStream out, TaskRecord r) throws IOException {
        RecordCodec.localState(out, r.local());
        RecordCodec.taskState(out, r.state());
    }

    private static TaskRecord taskRecord(DataInputStream in, int format) throws IOException {
        return new TaskRecord(RecordCodec.localState(in, format), RecordCodec.taskState(in, format));
    }

    /** Temporary file, fsync, rename over the old one, fsync the directory: a reader sees old or new, whole. */
    static void write(Path file, byte[] data) {
        write(file, data, true);
    }

    private static void write(Path file, byte[] data, boolean durable) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(data);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                if (durable) {
                    ch.force(true);
                }
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            if (durable) {
                syncDir(file.getParent());
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp); // a full disk leaves no half-written file behind
            } catch (IOException ignored) {
                // the next write of this file truncates it anyway
            }
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
