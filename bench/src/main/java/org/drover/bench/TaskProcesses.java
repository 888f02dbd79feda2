package org.drover.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The machine's processes as /proc shows them: the tasks' sleeps, the monitors, bare spawns. */
final class TaskProcesses {

    private TaskProcesses() {
    }

    /** The PIDs of every {@code sleep <arg>}, whoever started it. */
    static List<Long> pids(String arg) {
        List<Long> out = new ArrayList<>();
        for (long pid : all()) {
            try {
                String[] argv = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                        StandardCharsets.UTF_8).split("\0");
                // the whole command line, so a monitor naming the command in its own is not counted
                if (argv.length == 2 && (argv[0].equals("sleep") || argv[0].endsWith("/sleep"))
                        && argv[1].equals(arg)) {
                    out.add(pid);
                }
            } catch (IOException e) {
                // gone meanwhile
            }
        }
        return out;
    }

    /** The PIDs of Drover's per-task monitor processes. */
    static List<Long> monitorPids() {
        List<Long> out = new ArrayList<>();
        for (long pid : all()) {
            try {
                Path exe = Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "exe"));
                if (exe.getFileName().toString().startsWith("drover-monitor")) {
                    out.add(pid);
                }
            } catch (IOException e) {
                // gone, or a kernel thread
            }
        }
        return out;
    }

    /** Summed RSS and PSS (shared pages divided among their users) in KB. */
    static long[] rssAndPssKb(List<Long> pids) throws IOException {
        long rss = 0;
        long pss = 0;
        for (long pid : pids) {
            for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
                if (l.startsWith("Rss:")) {
                    rss += Long.parseLong(l.replaceAll("\\D", ""));
                } else if (l.startsWith("Pss:")) {
                    pss += Long.parseLong(l.replaceAll("\\D", ""));
                }
            }
        }
        return new long[] {rss, pss};
    }

    static void killAll(String arg) {
        pids(arg).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    /** Nanoseconds to start n {@code /bin/sleep <arg>} with ProcessBuilder; they are then stopped, unmeasured. */
    static long bareSpawns(int n, String arg) throws IOException, InterruptedException {
        List<Process> started = new ArrayList<>(n);
        ProcessBuilder pb = new ProcessBuilder("/bin/sleep", arg);
        long t0 = System.nanoTime();
        try {
            for (int i = 0; i < n; i++) {
                started.add(pb.start());
            }
            return System.nanoTime() - t0;
        } finally {
            for (Process p : started) {
                p.destroyForcibly();
            }
            for (Process p : started) {
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private static List<Long> all() {
        try (Stream<Path> s = Files.list(Path.of("/proc"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
