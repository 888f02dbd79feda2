package org.drover.state.mapdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.drover.runner.api.state.StoreFault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a small file can be written in a directory, asked at most once a
 * second. A store with nothing to commit never fails a commit, but its next
 * change would: a full or read-only disk is reported before it costs anything.
 */
final class WriteProbe {

    private static final Logger LOG = LoggerFactory.getLogger(WriteProbe.class);
    private static final long EVERY_NANOS = 1_000_000_000L;

    private final Path file;
    private volatile long probedAt = System.nanoTime() - EVERY_NANOS;
    private volatile StoreFault fault;

    WriteProbe(Path dir) {
        this.file = dir.resolve(".probe");
    }

    /** The fault seen by the latest probe, or null when the directory took the write. */
    StoreFault fault() {
        long now = System.nanoTime();
        if (now - probedAt >= EVERY_NANOS) {
            probedAt = now;
            probe();
        }
        return fault;
    }

    /** What the latest probe saw, without probing: for paths that must not wait for a disk write. */
    StoreFault last() {
        return fault;
    }

    private synchronized void probe() {
        try {
            TaskFiles.write(file, new byte[] {1});
            Files.deleteIfExists(file);
            if (fault != null) {
                LOG.info("{} can be written again", file.getParent());
            }
            fault = null;
        } catch (IOException | UncheckedIOException e) {
            if (fault == null) {
                fault = new StoreFault(Instant.now(), GroupCommitter.cause(e));
                LOG.error("{} cannot be written: {}", file.getParent(), fault.cause());
            }
        }
    }
}
