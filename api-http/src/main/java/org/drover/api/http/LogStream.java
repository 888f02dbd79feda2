package org.drover.api.http;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.drover.runner.api.alloc.TaskDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task's stdout or stderr across its rotated files ({@code alloc/logs/<task>.stdout.N}), from
 * the oldest kept or from the end, and with {@code follow} on as it grows and rotates, until the
 * task is dead and everything is sent. Every file is opened through {@link AllocFiles}, the ones
 * it moves on to as well: a file that is not a regular file of the allocation is refused before
 * anything is sent, and one that turns up later ends the stream unread.
 */
final class LogStream implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(LogStream.class);
    private static final long POLL_MILLIS = 100;
    /** A file swapped while it was opened is tried again, this many polls at most. */
    private static final int CHANGED_RETRIES = 20;

    private final AllocFiles files;
    private final String task;
    private final String type;
    private final String prefix;
    private int index;
    private long offset;
    private SeekableByteChannel current;

    LogStream(AllocFiles files, String task, String type) {
        this.files = files;
        this.task = task;
        this.type = type;
        this.prefix = TaskDir.logPrefix(task, type);
        file(999_999_999);
    }

    private AllocPath file(int i) {
        return inLogDir(TaskDir.logName(task, type, i));
    }

    /** The task's log directory, or a name in it, as a path of the allocation. */
    private AllocPath inLogDir(String... name) {
        List<String> names = new ArrayList<>();
        TaskDir.relative(task).logDir().forEach(n -> names.add(n.toString()));
        names.addAll(List.of(name));
        return AllocPath.of(names.toArray(String[]::new));
    }

    private List<Integer> indexes() throws IOException {
        return files.list(inLogDir()).stream().filter(n -> n.startsWith(prefix + "."))
                .map(n -> n.substring(prefix.length() + 1)).filter(s -> s.matches("\\d{1,9}"))
                .map(Integer::valueOf).sorted().toList();
    }

    /**
     * Picks the first file and opens it. Refuses, before anything is sent, a log file of the task
     * that is not a regular file of the allocation.
     *
     * @param fromEnd start at the end of the newest file (only new output)
     */
    void start(boolean fromEnd) throws IOException {
        List<Integer> present = indexes();
        for (int i : present) {
            AllocFiles.refuseUnlessFile(file(i), files.kind(file(i)));
        }
        index = present.isEmpty() ? 0 : fromEnd ? present.get(present.size() - 1) : present.get(0);
        current = openIfThere();
        offset = fromEnd && current != null ? current.size() : 0;
    }

    /**
     * Sends the output, then with {@code follow} what is written until {@code dead} holds and
     * nothing is left.
     */
    void copy(OutputStream out, boolean follow, BooleanSupplier dead) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        int changed = 0;
        while (true) {
            try {
                if (current == null) {
                    current = openIfThere();
                }
                changed = 0;
            } catch (ApiError e) {
                if (e.status() != 409 || ++changed > CHANGED_RETRIES) {
                    LOG.warn("log of {} ends early: {}", prefix, e.getMessage());
                    return;
                }
            }
            boolean sent = send(out, buf);
            if (files.kind(file(index + 1)) != null) {
                // The writer moves on only after its last write here: what came in since the read above is sent first.
                send(out, buf);
                close();
                index++;
                offset = 0;
                continue;
            }
            if (sent) {
                out.flush();
                continue;
            }
            // Dead is read before the last look: output written just before the end is still sent.
            boolean ended = dead.getAsBoolean();
            if (!follow || ended && (current == null || current.size() <= offset) && files.kind(file(index + 1)) == null) {
                out.flush();
                return;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private SeekableByteChannel openIfThere() throws IOException {
        try {
            return files.kind(file(index)) == null ? null : files.open(file(index));
        } catch (ApiError e) {
            if (e.status() == 404) {
                return null; // rotated away since it was looked at
            }
            throw e;
        }
    }

    private boolean send(OutputStream out, ByteBuffer buf) throws IOException {
        if (current == null) {
            return false;
        }
        boolean sent = false;
        current.position(offset);
        for (int n = current.read(buf.clear()); n > 0; n = current.read(buf.clear())) {
            out.write(buf.array(), 0, n);
            offset += n;
            sent = true;
        }
        return sent;
    }

    @Override
    public void close() throws IOException {
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
