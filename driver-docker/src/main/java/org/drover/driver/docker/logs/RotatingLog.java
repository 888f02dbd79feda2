package org.drover.driver.docker.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/**
 * One of a task's log streams as Nomad lays them out, {@code <task>.stdout.N}:
 * appends to the highest index present, starts the next file when a line
 * would take the current one past its size (a line longer than a whole file
 * still goes in whole), and keeps the newest {@code maxFiles}. The same rules
 * as the process drivers' monitor, so every driver's logs read alike.
 */
public final class RotatingLog implements AutoCloseable {

    private final Path dir;
    private final String prefix;
    private final int maxFiles;
    private final long maxBytes;
    private int index;
    private FileChannel current;
    private long size;

    /** @param prefix e.g. {@code web.stdout}, the files being {@code web.stdout.0}, {@code .1}, ... */
    public RotatingLog(Path dir, String prefix, int maxFiles, long maxBytes) throws IOException {
        this.dir = dir;
        this.prefix = prefix;
        this.maxFiles = Math.max(1, maxFiles);
        this.maxBytes = Math.max(1, maxBytes);
        Files.createDirectories(dir);
        this.index = Math.max(0, highestIndex(dir, prefix));
        open();
    }

    /** The highest index among {@code prefix.N} in {@code dir}, or -1 when there is none. */
    public static int highestIndex(Path dir, String prefix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return -1;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix + "."))
                    .map(n -> n.substring(prefix.length() + 1)).filter(s -> s.matches("\\d{1,9}"))
                    .mapToInt(Integer::parseInt).max().orElse(-1);
        }
    }

    public static Path file(Path dir, String prefix, int index) {
        return dir.resolve(prefix + "." + index);
    }

    private void open() throws IOException {
        current = FileChannel.open(file(dir, prefix, index), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        size = current.size();
    }

    /** Appends {@code bytes} (a whole line, or a piece of one too long for the Engine to keep whole). */
    public void write(byte[] bytes) throws IOException {
        if (size > 0 && size + bytes.length > maxBytes) {
            rotate();
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            current.write(buffer);
        }
        size += bytes.length;
    }

    private void rotate() throws IOException {
        current.close();
        index++;
        Files.deleteIfExists(file(dir, prefix, index - maxFiles));
        open();
    }

    /** Where the next byte goes: the file index and its size. */
    public int index() {
        return index;
    }

    public long size() {
        return size;
    }

    @Override
    public void close() throws IOException {
        current.close();
    }
}
