package org.drover.driver.docker.logs;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * How far one stream of a container's log has been copied: the timestamp of
 * the last entry written, how many entries carried that same timestamp, and
 * where the log file stood then. The Engine replays entries from a timestamp
 * on; entries up to the cursor are skipped, so none is written twice.
 *
 * <p>The cursor is saved after the lines it covers are written; a crash in
 * between leaves lines in the file the cursor does not count. {@link #resume}
 * counts them from the file position and skips as many more, so none is
 * written twice then either. Entries are counted as lines: an entry the
 * Engine split (a line over 16 KiB) counts once, when its last piece ends it.
 *
 * @param last      the timestamp of the last entry copied; {@link Instant#EPOCH} before the first
 * @param sameTime  how many entries with timestamp {@code last} were copied
 * @param fileIndex the log file written to when the cursor was saved
 * @param fileSize  its size then
 */
public record LogCursor(Instant last, int sameTime, int fileIndex, long fileSize) {

    public static final LogCursor START = new LogCursor(Instant.EPOCH, 0, 0, 0);

    /** The cursor after copying an entry stamped {@code at}, the log now standing at {@code index}/{@code size}. */
    public LogCursor after(Instant at, int index, long size) {
        return new LogCursor(at, at.equals(last) ? sameTime + 1 : 1, index, size);
    }

    public String encode() {
        return last.getEpochSecond() + " " + last.getNano() + " " + sameTime + " " + fileIndex + " " + fileSize;
    }

    public static LogCursor decode(String text) {
        String[] f = text.trim().split(" ");
        return new LogCursor(Instant.ofEpochSecond(Long.parseLong(f[0]), Long.parseLong(f[1])),
                Integer.parseInt(f[2]), Integer.parseInt(f[3]), Long.parseLong(f[4]));
    }

    /**
     * What to skip when copying resumes: the entries the cursor counts, plus the whole lines the
     * files hold beyond the cursor's position (written before a crash, the cursor not yet saved).
     * A torn last line is cut off, so the entry is written again whole.
     */
    public Resume resume(Path dir, String prefix) throws IOException {
        int highest = RotatingLog.highestIndex(dir, prefix);
        long unaccounted = 0;
        for (int i = fileIndex; i <= highest; i++) {
            Path file = RotatingLog.file(dir, prefix, i);
            if (!Files.exists(file)) {
                continue;
            }
            if (i == highest) {
                cutTornLine(file, i == fileIndex ? fileSize : 0);
            }
            long from = i == fileIndex ? Math.min(fileSize, Files.size(file)) : 0;
            unaccounted += newlines(file, from);
        }
        return new Resume(this, unaccounted);
    }

    /** The cursor, and how many entries after it are already in the files. */
    public record Resume(LogCursor cursor, long alreadyWritten) {
    }

    /** Cuts an unfinished line after {@code floor}; what the cursor counts is never cut. */
    private static void cutTornLine(Path file, long floor) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            long end = f.length();
            long keep = end;
            while (keep > floor) {
                f.seek(keep - 1);
                if (f.read() == '\n') {
                    break;
                }
                keep--;
            }
            if (keep < end) {
                f.setLength(keep);
            }
        }
    }

    private static long newlines(Path file, long from) throws IOException {
        long count = 0;
        try (var in = Files.newInputStream(file)) {
            in.skipNBytes(from);
            byte[] buf = new byte[64 * 1024];
            for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        count++;
                    }
                }
            }
        }
        return count;
    }
}
