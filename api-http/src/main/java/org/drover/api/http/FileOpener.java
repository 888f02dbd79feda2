package org.drover.api.http;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens names of an allocation's directories on threads of its own, and waits a bounded time.
 * <p>
 * A name is checked (not a link, a regular file or a directory) before it is opened, but a task can
 * swap it for a named pipe in between, and opening a pipe for reading blocks until someone opens it
 * for writing: the JDK cannot open without blocking. So the open runs here, and a request whose open
 * has not returned within {@link #LIMIT} is refused while the open stays behind. Such an open keeps
 * its thread and its directory (closed once it returns: a directory stream's close waits for the
 * calls in it), and until it returns that allocation's other file reads are refused at once, so a
 * task that keeps swapping costs one thread, never an API worker and never another allocation.
 */
final class FileOpener {

    private static final Logger LOG = LoggerFactory.getLogger(FileOpener.class);
    static final Duration LIMIT = Duration.ofSeconds(3);
    private static final int THREADS = 64;

    @FunctionalInterface
    interface Opening<T> {
        T open(SecureDirectoryStream<Path> dir, Path name) throws IOException;
    }

    /** Thrown when an open did not return: the directory passed in is this class's to close now. */
    static final class Abandoned extends ApiError {
        private static final long serialVersionUID = 1L;

        Abandoned(String message) {
            super(409, message);
        }
    }

    private final ThreadPoolExecutor threads;
    /** Allocation ID to the path whose open has not returned. */
    private final Map<String, String> stuck = new ConcurrentHashMap<>();

    FileOpener() {
        AtomicInteger n = new AtomicInteger();
        threads = new ThreadPoolExecutor(0, THREADS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "drover-api-open-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    <T extends Closeable> T open(String allocId, String shown, SecureDirectoryStream<Path> dir, Path name,
            Opening<T> opening) throws IOException {
        String waiting = stuck.get(allocId);
        if (waiting != null) {
            throw new ApiError(503, "path: \"" + shown + "\" not read: an open of \"" + waiting + "\" in allocation "
                    + allocId + " has not returned (a named pipe put in place of a file?); reads of its files"
                    + " resume when it does");
        }
        CompletableFuture<T> opened = new CompletableFuture<>();
        try {
            threads.execute(() -> {
                try {
                    opened.complete(opening.open(dir, name));
                } catch (Throwable e) {
                    opened.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            throw new ApiError(503, "path: \"" + shown + "\" not read: " + THREADS + " file opens are in progress");
        }
        try {
            return opened.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            abandon(allocId, shown, dir, opened);
            throw new Abandoned("path: \"" + shown + "\" did not open within " + LIMIT.toSeconds()
                    + " s: it was swapped for something that is not a regular file (a named pipe?)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon(allocId, shown, dir, opened);
            throw new Abandoned("path: \"" + shown + "\" not read: the agent is stopping");
        } catch (ExecutionException e) {
            throw rethrown(e.getCause());
        }
    }

    private <T extends Closeable> void abandon(String allocId, String shown, Closeable dir,
            CompletableFuture<T> opened) {
        stuck.put(allocId, shown);
        LOG.warn("the open of {} in allocation {} has not returned after {} s (a named pipe put in place of a file?);"
                + " reads of its files are refused until it does", shown, allocId, LIMIT.toSeconds());
        opened.whenComplete((file, error) -> {
            stuck.remove(allocId, shown);
            closeQuietly(file);
            closeQuietly(dir);
        });
    }

    private static IOException rethrown(Throwable cause) {
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof RuntimeException r) {
            throw r;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        throw new UncheckedIOException(new IOException(cause));
    }

    static void closeQuietly(Closeable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException e) {
            // nothing was written through it
        }
    }
}
