package org.drover.api.http;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The race {@link AllocFiles} cannot close with the JDK: a name seen as a regular file and a named
 * pipe by the time it is opened. Here the open is made on the pipe itself, as the race would.
 */
class FileOpenerTest {

    @TempDir
    Path tmp;

    @SuppressWarnings("unchecked")
    static SecureDirectoryStream<Path> dir(Path p) throws Exception {
        return (SecureDirectoryStream<Path>) Files.newDirectoryStream(p);
    }

    static SeekableByteChannel openForReading(SecureDirectoryStream<Path> d, Path n) throws java.io.IOException {
        return d.newByteChannel(n, Set.of(StandardOpenOption.READ, NOFOLLOW_LINKS));
    }

    @Test
    void anOpenThatBlocksOnAPipeIsGivenUpInBoundedTimeAndHoldsOnlyItsAllocation() throws Exception {
        Path fifo = tmp.resolve("t.stdout.0");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Files.writeString(tmp.resolve("note"), "inside");
        FileOpener opener = new FileOpener();

        long t0 = System.nanoTime();
        FileOpener.Abandoned e = assertThrows(FileOpener.Abandoned.class,
                () -> opener.open("a1", "alloc/logs/t.stdout.0", dir(tmp), fifo.getFileName(),
                        FileOpenerTest::openForReading));
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(waited < FileOpener.LIMIT.toMillis() + 2000, "given up after " + waited + " ms");
        assertEquals(409, e.status());
        assertEquals("path: \"alloc/logs/t.stdout.0\" did not open within 3 s: it was swapped for something that is"
                + " not a regular file (a named pipe?)", e.getMessage());

        ApiError held = assertThrows(ApiError.class,
                () -> opener.open("a1", "t/note", dir(tmp), Path.of("note"), FileOpenerTest::openForReading));
        assertEquals(503, held.status(), "the same allocation waits for its open to return");
        try (SeekableByteChannel other = opener.open("a2", "t/note", dir(tmp), Path.of("note"),
                FileOpenerTest::openForReading)) {
            assertTrue(other.isOpen(), "another allocation is not held");
        }

        // A writer releases the open; the allocation's reads resume and the pipe is closed unread.
        try (var writer = Files.newOutputStream(fifo)) {
            Poll.until(() -> {
                try (SeekableByteChannel c = opener.open("a1", "t/note", dir(tmp), Path.of("note"),
                        FileOpenerTest::openForReading)) {
                    return c.isOpen();
                } catch (ApiError busy) {
                    assertEquals(503, busy.status());
                    return false;
                } catch (Exception other) {
                    throw new AssertionError(other);
                }
            });
        }
    }

    @Test
    void whatAChannelHasOpenIsToldFromTheKernelNotFromAName() throws Exception {
        Path file = Files.writeString(tmp.resolve("f"), "x");
        try (SeekableByteChannel c = Files.newByteChannel(file)) {
            OpenedFile opened = OpenedFile.of(c).orElseThrow();
            assertTrue(opened.attributes().isRegularFile());
            assertEquals(Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey(),
                    opened.attributes().fileKey());
            assertEquals(1, opened.links());
            assertEquals(0, c.position());
            Files.move(file, tmp.resolve("g"));
            Files.writeString(file, "another");
            assertEquals(opened.attributes().fileKey(), OpenedFile.of(c).orElseThrow().attributes().fileKey(),
                    "a name swapped after the open changes nothing");
        }
        try (SeekableByteChannel zero = Files.newByteChannel(Path.of("/dev/zero"))) {
            assertFalse(OpenedFile.of(zero).filter(o -> o.attributes().isRegularFile()).isPresent(),
                    "a device is never taken for a regular file");
        }
    }

    /** The launcher tests' wait, for this module. */
    static final class Poll {
        static void until(java.util.function.BooleanSupplier condition) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!condition.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("not reached within 30 s");
                }
                TimeUnit.MILLISECONDS.sleep(10);
            }
        }
    }
}
