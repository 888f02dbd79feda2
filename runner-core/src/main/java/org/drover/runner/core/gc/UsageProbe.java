package org.drover.runner.core.gc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How full the file system holding the allocation directories is, in blocks and in inodes. */
public interface UsageProbe {

    /** Percent of the space and of the inodes in use. */
    record Usage(double diskPercent, double inodePercent) {
        public static final Usage NONE = new Usage(0, 0);
    }

    Usage read();

    /**
     * The file system of {@code dir}. Space comes from the JDK; the JDK has no inode counts, so
     * those come from coreutils' {@code stat -f}, the one portable way there is without native
     * code. Without {@code stat}, inodes are not a reason to collect, said once.
     */
    static UsageProbe of(Path dir) {
        Logger log = LoggerFactory.getLogger(UsageProbe.class);
        boolean[] warned = {false};
        return () -> {
            double disk = 0;
            try {
                FileStore store = Files.getFileStore(dir);
                // As Nomad reads it: used over what users can use (root's reserve left out).
                double used = store.getTotalSpace() - store.getUnallocatedSpace();
                double usable = used + store.getUsableSpace();
                disk = usable <= 0 ? 0 : 100.0 * used / usable;
            } catch (IOException e) {
                log.debug("Cannot read the space of {}: {}", dir, e.toString());
            }
            double inodes = 0;
            try {
                Process p = new ProcessBuilder("stat", "-f", "-c", "%c %d", dir.toString()).redirectErrorStream(true)
                        .start();
                // Its one line fits the pipe: wait first, so a stat stuck on a hung mount is bounded.
                boolean ended = p.waitFor(5, TimeUnit.SECONDS);
                if (!ended) {
                    p.destroyForcibly();
                }
                String out = ended ? new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim()
                        : "no answer within 5s";
                if (ended && p.exitValue() == 0) {
                    String[] f = out.split(" ");
                    long total = Long.parseLong(f[0]);
                    long free = Long.parseLong(f[1]);
                    inodes = total <= 0 ? 0 : 100.0 * (total - free) / total;
                } else if (!warned[0]) {
                    warned[0] = true;
                    log.warn("Cannot read the inode use of {} (stat -f: {}); inodes are not a reason to collect",
                            dir, out);
                }
            } catch (IOException | RuntimeException e) {
                if (!warned[0]) {
                    warned[0] = true;
                    log.warn("Cannot read the inode use of {} ({}); inodes are not a reason to collect", dir,
                            e.toString());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Usage(disk, inodes);
        };
    }
}
