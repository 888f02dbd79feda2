package org.drover.api.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * A task's stdout or stderr across its rotated files ({@code <task>.stdout.N}),
 * from the oldest kept or from the end, and with {@code follow} on as it grows
 * and rotates, until the task is dead and everything is sent.
 */
final class LogStream {

    private final Path dir;
    private final String prefix;

    LogStream(Path dir, String prefix) {
        this.dir = dir;
        this.prefix = prefix;
    }

    int lowest() throws IOException {
        return indexes().min().orElse(0);
    }

    int highest() throws IOException {
        return indexes().max().orElse(0);
    }

    private java.util.stream.IntStream indexes() throws IOException {
        if (!Files.isDirectory(dir)) {
            return java.util.stream.IntStream.empty();
        }
        try (var files = Files.list(dir)) {
            int[] found = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix + "."))
                    .map(n -> n.substring(prefix.length() + 1)).filter(s -> s.matches("\\d{1,9}"))
                    .mapToInt(Integer::parseInt).toArray();
            return java.util.Arrays.stream(found);
        }
    }

    /**
     * @param fromEnd start at the end of the newest file (only new output)
     * @param follow  keep sending what is written until {@code dead} holds and nothing is left
     */
    void copy(OutputStream out, boolean fromEnd, boolean follow, BooleanSupplier dead) throws IOException {
        int index = fromEnd ? highest() : lowest();
        long offset = fromEnd ? size(index) : 0;
        byte[] buf = new byte[64 * 1024];
        while (true) {
            Path file = dir.resolve(prefix + "." + index);
            boolean sent = false;
            if (Files.exists(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    in.skipNBytes(offset);
                    for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                        out.write(buf, 0, n);
                        offset += n;
                        sent = true;
                    }
                }
            }
            if (Files.exists(dir.resolve(prefix + "." + (index + 1)))) {
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
            if (!follow || ended && size(index) <= offset && !Files.exists(dir.resolve(prefix + "." + (index + 1)))) {
                out.flush();
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private long size(int index) throws IOException {
        Path f = dir.resolve(prefix + "." + index);
        return Files.exists(f) ? Files.size(f) : 0;
    }
}
