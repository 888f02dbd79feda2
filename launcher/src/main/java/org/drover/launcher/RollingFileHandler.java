package org.drover.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/**
 * The agent's log file: {@code agent.log} is always the current one; past the
 * size limit it becomes {@code agent.1.log}, the older ones move up by one, and
 * the oldest beyond the number kept is deleted. (The JDK's FileHandler numbers
 * the current file too, so its name would change with every rotation.)
 */
final class RollingFileHandler extends Handler {

    private final Path dir;
    private final String name;
    private final long limit;
    private final int kept;
    private OutputStream out;
    private long size;

    RollingFileHandler(Path dir, String name, long limit, int kept) throws IOException {
        this.dir = dir;
        this.name = name;
        this.limit = limit;
        this.kept = kept;
        setFormatter(LineFormat.file());
        open();
    }

    private void open() throws IOException {
        Path current = dir.resolve(name);
        out = Files.newOutputStream(current, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        size = Files.size(current);
    }

    @Override
    public synchronized void publish(LogRecord record) {
        if (out == null || !isLoggable(record)) {
            return;
        }
        try {
            byte[] line = getFormatter().format(record).getBytes(StandardCharsets.UTF_8);
            if (size > 0 && size + line.length > limit) {
                rotate();
            }
            out.write(line);
            out.flush();
            size += line.length;
        } catch (IOException | RuntimeException e) {
            reportError("cannot write the log file", e, ErrorManager.WRITE_FAILURE);
        }
    }

    private void rotate() throws IOException {
        out.close();
        Files.deleteIfExists(numbered(kept));
        for (int i = kept - 1; i >= 1; i--) {
            if (Files.exists(numbered(i))) {
                Files.move(numbered(i), numbered(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(dir.resolve(name), numbered(1), StandardCopyOption.REPLACE_EXISTING);
        open();
    }

    /** {@code agent.3.log} for {@code agent.log}. */
    Path numbered(int i) {
        int dot = name.lastIndexOf('.');
        return dir.resolve(dot < 0 ? name + "." + i : name.substring(0, dot) + "." + i + name.substring(dot));
    }

    @Override
    public synchronized void flush() {
        try {
            if (out != null) {
                out.flush();
            }
        } catch (IOException e) {
            reportError("cannot flush the log file", e, ErrorManager.FLUSH_FAILURE);
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException e) {
            reportError("cannot close the log file", e, ErrorManager.CLOSE_FAILURE);
        } finally {
            out = null;
        }
    }
}
