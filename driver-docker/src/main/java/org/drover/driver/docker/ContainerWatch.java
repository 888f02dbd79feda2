package org.drover.driver.docker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.drover.driver.docker.engine.Engine;
import org.drover.driver.docker.engine.EngineException;
import org.drover.driver.docker.engine.Frames;
import org.drover.driver.docker.logs.LogCursor;
import org.drover.driver.docker.logs.RotatingLog;
import org.drover.runner.api.alloc.TaskDir;
import org.drover.runner.api.driver.ExitResult;
import org.drover.runner.api.driver.TaskConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Follows one container: copies its log, from where the last copy stopped,
 * into the task's rotated files, and learns its exit when the log ends (the
 * Engine ends a followed log when the container stops). For a container whose
 * log cannot be read back, it waits on the Engine instead. One thread per
 * running container; it ends with the container or when the driver leaves.
 */
final class ContainerWatch implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerWatch.class);
    static final String CURSOR_FILE = "log-cursor";
    private static final long SAVE_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final Engine engine;
    private final String containerId;
    private final Path runDir;
    private final TaskConfig task;
    private final boolean readableLogs;
    final CompletableFuture<ExitResult> exit = new CompletableFuture<>();
    private volatile boolean closed;
    private volatile Engine.Streaming stream;
    private Thread thread;

    ContainerWatch(Engine engine, String containerId, Path runDir, TaskConfig task, boolean readableLogs) {
        this.engine = engine;
        this.containerId = containerId;
        this.runDir = runDir;
        this.task = task;
        this.readableLogs = readableLogs;
    }

    void start() {
        thread = new Thread(this, "drover-docker-" + containerId.substring(0, Math.min(12, containerId.length())));
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * The driver leaves: stop following, and return once this watch has written its last line and
     * saved its cursor, so that nothing of an old driver instance writes beside a new one. The
     * container and its log go on, and a later driver resumes.
     */
    void close() {
        closed = true;
        Engine.Streaming s = stream;
        if (s != null) {
            s.close();
        }
        if (thread != null && thread != Thread.currentThread()) {
            thread.interrupt();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void run() {
        long backoffMillis = 100;
        while (!closed && !exit.isDone()) {
            try {
                if (readableLogs) {
                    copyLogs(true);
                } else {
                    engine.await(containerId);
                }
                if (finishIfStopped()) {
                    return;
                }
            } catch (EngineException e) {
                if (e.status() == 404) {
                    exit.complete(ExitResult.failed("container " + containerId + " was removed"));
                    return;
                }
                LOG.warn("Following container {}: {}", containerId, e.getMessage());
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.debug("Following container {} stopped: {}", containerId, e.toString());
            }
            if (!closed && !exit.isDone()) {
                // The Engine went away or cut the stream: try again, a little later each time.
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException e) {
                    return;
                }
                backoffMillis = Math.min(backoffMillis * 2, 5_000);
                try {
                    finishIfStopped();
                } catch (IOException | RuntimeException e) {
                    LOG.debug("Inspecting container {}: {}", containerId, e.toString());
                }
            }
        }
    }

    /**
     * Completes the exit if the container has stopped: its code, and whether the kernel killed it
     * for memory. Its log is read to the end first: a followed log may end when the container
     * does, before the Engine has handed over its last lines (Engine 20.10 does).
     */
    boolean finishIfStopped() throws IOException {
        JsonNode state = engine.inspect(containerId).map(c -> c.path("State")).orElse(null);
        if (state == null) {
            exit.complete(ExitResult.failed("container " + containerId + " was removed"));
            return true;
        }
        String status = state.path("Status").asText();
        if (state.path("Running").asBoolean() || status.equals("created") || status.equals("restarting")) {
            return false;
        }
        if (readableLogs) {
            copyLogs(false);
        }
        exit.complete(exitOf(state));
        return true;
    }

    /** Nomad reports a container's code as the Engine gives it (128+n for a signal), with signal 0. */
    static ExitResult exitOf(JsonNode state) {
        return new ExitResult(state.path("ExitCode").asInt(), 0, state.path("OOMKilled").asBoolean(),
                state.path("Error").asText(""));
    }

    private void copyLogs(boolean follow) throws IOException {
        Path logDir = task.logDir();
        long maxBytes = task.logs().maxFileSizeMb() * 1024L * 1024L;
        String outPrefix = TaskDir.logPrefix(task.taskName(), TaskDir.STDOUT);
        String errPrefix = TaskDir.logPrefix(task.taskName(), TaskDir.STDERR);
        LogCursor[] saved = loadCursors();
        Copier out = new Copier(saved[0].resume(logDir, outPrefix),
                new RotatingLog(logDir, outPrefix, task.logs().maxFiles(), maxBytes));
        Copier err = new Copier(saved[1].resume(logDir, errPrefix),
                new RotatingLog(logDir, errPrefix, task.logs().maxFiles(), maxBytes));
        Instant since = saved[0].last().isBefore(saved[1].last()) ? saved[0].last() : saved[1].last();
        long lastSave = System.nanoTime();
        try (Engine.Streaming s = engine.logs(containerId, since.getEpochSecond() + "." + String.format("%09d",
                since.getNano()), follow)) {
            stream = s;
            if (closed) {
                return;
            }
            Frames frames = new Frames(s.body());
            for (Frames.Frame f = frames.next(); f != null; f = frames.next()) {
                (f.stream() == Frames.STDERR ? err : out).entry(f.payload());
                if (System.nanoTime() - lastSave > SAVE_EVERY_NANOS) {
                    saveCursors(out.cursor, err.cursor);
                    lastSave = System.nanoTime();
                }
            }
        } finally {
            stream = null;
            saveCursors(out.cursor, err.cursor);
            out.log.close();
            err.log.close();
        }
    }

    /** One stream's copy: skips what an earlier copy wrote, appends the rest. */
    private static final class Copier {
        final RotatingLog log;
        LogCursor cursor;
        private final LogCursor start;
        private int sameTimeSkipped;
        private long alreadyWritten;

        Copier(LogCursor.Resume resume, RotatingLog log) {
            this.log = log;
            this.start = resume.cursor();
            this.cursor = resume.cursor();
            this.alreadyWritten = resume.alreadyWritten();
        }

        /** A frame: {@code <RFC 3339 time> <text>}, the text ending in a newline unless the Engine split it. */
        void entry(byte[] payload) throws IOException {
            int space = indexOf(payload, (byte) ' ');
            Instant at;
            try {
                at = Instant.parse(new String(payload, 0, Math.max(space, 0), StandardCharsets.US_ASCII));
            } catch (DateTimeParseException e) {
                throw new IOException("a log entry without a timestamp from the Docker Engine");
            }
            if (at.isBefore(start.last())) {
                return;
            }
            if (at.equals(start.last()) && sameTimeSkipped < start.sameTime()) {
                sameTimeSkipped++;
                return;
            }
            if (alreadyWritten > 0) {
                alreadyWritten--;
            } else {
                byte[] text = new byte[payload.length - space - 1];
                System.arraycopy(payload, space + 1, text, 0, text.length);
                log.write(text);
            }
            cursor = cursor.after(at, log.index(), log.size());
        }

        private static int indexOf(byte[] b, byte c) {
            for (int i = 0; i < b.length; i++) {
                if (b[i] == c) {
                    return i;
                }
            }
            return -1;
        }
    }

    private LogCursor[] loadCursors() throws IOException {
        Path file = runDir.resolve(CURSOR_FILE);
        if (!Files.exists(file)) {
            return new LogCursor[] {LogCursor.START, LogCursor.START};
        }
        String[] lines = Files.readString(file).split("\n");
        return new LogCursor[] {LogCursor.decode(lines[0]), LogCursor.decode(lines[1])};
    }

    private void saveCursors(LogCursor out, LogCursor err) throws IOException {
        Path tmp = runDir.resolve(CURSOR_FILE + ".tmp");
        Files.writeString(tmp, out.encode() + "\n" + err.encode() + "\n");
        Files.move(tmp, runDir.resolve(CURSOR_FILE), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }
}
