package org.drover.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Processes as /proc shows them: found by their command line, told apart from a reused pid by start time. */
final class Procs {

    /** A process: its pid and its start time in clock ticks since boot. */
    record Proc(long pid, long start) {
        /** Alive and the same process; a zombie has died. */
        boolean alive() {
            String[] stat = stat(pid);
            return stat != null && !stat[0].equals("Z") && Long.parseLong(stat[19]) == start;
        }

        long ppid() {
            String[] stat = stat(pid);
            return stat == null ? -1 : Long.parseLong(stat[1]);
        }
    }

    private Procs() {
    }

    /** Every live process with {@code marker} in its command line. */
    static List<Proc> with(String marker) {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .filter(p -> cmdline(p).contains(marker))
                    .map(p -> of(Long.parseLong(p.getFileName().toString())))
                    .filter(p -> p != null && p.alive()).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Proc of(long pid) {
        String[] stat = stat(pid);
        return stat == null ? null : new Proc(pid, Long.parseLong(stat[19]));
    }

    /** The {@code SigBlk} and {@code SigIgn} lines of a process's status (of its main thread). */
    static List<String> signalState(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(l -> l.startsWith("SigBlk:") || l.startsWith("SigIgn:")).toList();
    }

    /** Whether signal {@code n} is in a status line's mask (e.g. {@code SigIgn:\t0000000000000002}). */
    static boolean inMask(String line, int n) {
        return (Long.parseUnsignedLong(line.substring(line.indexOf('\t') + 1).trim(), 16) & (1L << (n - 1))) != 0;
    }

    private static String cmdline(Path proc) {
        try {
            return new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    /** The fields of /proc/PID/stat after the command name: state(0), ppid(1), ... starttime(19). */
    private static String[] stat(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
