package org.drover.api.http;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What an open channel refers to, from the kernel: its attributes and link count, read through
 * {@code /proc/self/fd}.
 * <p>
 * The JDK has no fstat of a channel, and a name checked before it was opened may have been swapped
 * for a device node between the check and the open (a container keeps CAP_MKNOD). So the channel's
 * file descriptor is found by a mark: the channel is moved to a random position in the unused
 * upper range of a 32-bit offset, and the one descriptor of this process at that position is the
 * channel's. Its {@code /proc/self/fd/N} entry is then stat'ed, which reaches the open file itself,
 * not a name. A character device that ignores the move, a pipe that cannot move, or a second
 * descriptor at the same position all leave the channel unknown, and the caller refuses it.
 */
record OpenedFile(BasicFileAttributes attributes, int links) {

    private static final Path FDINFO = Path.of("/proc/self/fdinfo");
    private static final Path FD = Path.of("/proc/self/fd");
    /** Positions a 4 GiB file system still takes, and far past any log an agent reads. */
    private static final long MARK_FROM = 1L << 31;
    private static final long MARK_SPAN = (1L << 31) - (1L << 20);

    /** The file the channel has open, or empty when that cannot be told; the channel's position is left at 0. */
    static Optional<OpenedFile> of(SeekableByteChannel channel) throws IOException {
        long mark = MARK_FROM + ThreadLocalRandom.current().nextLong(MARK_SPAN);
        try {
            channel.position(mark);
            if (channel.position() != mark) {
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty(); // a pipe: lseek fails
        }
        Path found = null;
        try (DirectoryStream<Path> infos = Files.newDirectoryStream(FDINFO)) {
            for (Path info : infos) {
                if (position(info) == mark) {
                    if (found != null) {
                        return Optional.empty();
                    }
                    found = FD.resolve(info.getFileName().toString());
                }
            }
        }
        if (found == null) {
            return Optional.empty();
        }
        BasicFileAttributes a = Files.readAttributes(found, BasicFileAttributes.class);
        int links = ((Number) Files.getAttribute(found, "unix:nlink")).intValue();
        channel.position(0);
        return Optional.of(new OpenedFile(a, links));
    }

    /** The {@code pos:} line of an fdinfo entry; -1 when the descriptor closed meanwhile. */
    private static long position(Path info) {
        try {
            String text = new String(Files.readAllBytes(info), StandardCharsets.US_ASCII);
            int start = text.indexOf("pos:");
            if (start < 0) {
                return -1;
            }
            int end = text.indexOf('\n', start);
            return Long.parseLong(text.substring(start + 4, end < 0 ? text.length() : end).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
