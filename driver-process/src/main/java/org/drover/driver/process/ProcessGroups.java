package org.drover.driver.process;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Resource use per process group, from one scan of /proc shared by every task
 * for a short while: a thousand tasks polled each second cost one scan, not a
 * thousand.
 */
final class ProcessGroups {

    /** Linux's USER_HZ, the unit of utime and stime in /proc; 100 on every mainstream kernel. */
    static final long TICKS_PER_SECOND = 100;
    static final long PAGE_SIZE = 4096;
    static final long MAX_AGE_NANOS = 500_000_000L;

    /** CPU ticks and resident bytes of a process group. */
    record Usage(long userTicks, long systemTicks, long rssBytes) {
        Usage plus(Usage o) {
            return new Usage(userTicks + o.userTicks, systemTicks + o.systemTicks, rssBytes + o.rssBytes);
        }
    }

    private Map<Long, Usage> byGroup = Map.of();
    private long scannedAt = Long.MIN_VALUE / 2;

    synchronized Usage of(long pgid) {
        long now = System.nanoTime();
        if (now - scannedAt > MAX_AGE_NANOS) {
            byGroup = scan();
            scannedAt = now;
        }
        return byGroup.getOrDefault(pgid, new Usage(0, 0, 0));
    }

    private static Map<Long, Usage> scan() {
        Map<Long, Usage> groups = new HashMap<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> isPid(p))) {
            for (Path proc : procs) {
                try {
                    String stat = Files.readString(proc.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    // After the command: state(0) ppid(1) pgrp(2) ... utime(11) stime(12) ... rss(21)
                    long pgrp = Long.parseLong(f[2]);
                    Usage u = new Usage(Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[21]) * PAGE_SIZE);
                    groups.merge(pgrp, u, Usage::plus);
                } catch (IOException | RuntimeException e) {
                    // the process ended during the scan
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return groups;
    }

    private static boolean isPid(Path p) {
        String name = p.getFileName().toString();
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }
}
