package org.drover.driver.process;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.drover.runner.api.driver.ExitResult;

/**
 * A task under a monitor: where its run dir is, which processes the task and its monitor are
 * (pid and start time, so a reused pid is never mistaken for either), the boot they started in,
 * and the task's exit once known.
 */
public final class MonitoredTask {

    /** A process by its pid and its start time in clock ticks since boot; pid 0 when unknown. */
    public record Proc(long pid, long start) {
        public static final Proc UNKNOWN = new Proc(0, 0);

        boolean known() {
            return pid > 0;
        }

        boolean alive() {
            return ProcStat.isAlive(pid, start);
        }
    }

    public final String id;
    public final Path runDir;
    public final Proc task;
    public final Proc monitor;
    /** The boot the run started in, empty when unknown: no process of it outlives a reboot. */
    final String bootId;
    /** The task's cgroups, memory first; empty for raw_exec. */
    final List<Path> cgroups;
    /** Whether the monitor listens on its run dir's {@code sock} (monitors of handle version 2 on). */
    final boolean listens;
    final CompletableFuture<ExitResult> exit = new CompletableFuture<>();

    public MonitoredTask(String id, Path runDir, Proc task, Proc monitor, String bootId, List<Path> cgroups,
            boolean listens) {
        this.id = id;
        this.runDir = runDir;
        this.task = task;
        this.monitor = monitor;
        this.bootId = bootId;
        this.cgroups = List.copyOf(cgroups);
        this.listens = listens;
    }

    /** The same run with its monitor found after all (a version 1 handle records none). */
    MonitoredTask withMonitor(Proc found, String boot) {
        return new MonitoredTask(id, runDir, task, found, boot, cgroups, listens);
    }

    /** The start time no process of the run can predate: its monitor's, or the task's when that is unknown. */
    long earliestStart() {
        return monitor.known() ? monitor.start() : task.start();
    }

    /**
     * The handle's opaque state, version 2: {@code key=value} lines ({@code run_dir}, {@code pid},
     * {@code start}, {@code monitor_pid}, {@code monitor_start}, {@code boot_id}, a {@code cgroup}
     * line per cgroup). Version 1 was positional: run dir, pid, start time, then the cgroups.
     */
    public byte[] encode() {
        StringBuilder text = new StringBuilder()
                .append("run_dir=").append(runDir).append('\n')
                .append("pid=").append(task.pid()).append('\n')
                .append("start=").append(task.start()).append('\n')
                .append("monitor_pid=").append(monitor.pid()).append('\n')
                .append("monitor_start=").append(monitor.start()).append('\n')
                .append("boot_id=").append(bootId).append('\n');
        cgroups.forEach(c -> text.append("cgroup=").append(c).append('\n'));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads a handle's state of either version; an unreadable one is an IllegalArgumentException. */
    public static MonitoredTask decode(String id, int version, byte[] state) {
        String[] lines = new String(state, StandardCharsets.UTF_8).split("\n");
        return switch (version) {
            case 1 -> decodeV1(id, lines);
            case 2 -> decodeV2(id, lines);
            default -> throw new IllegalArgumentException("handle version " + version + " is not supported");
        };
    }

    private static MonitoredTask decodeV1(String id, String[] lines) {
        if (lines.length < 3) {
            throw new IllegalArgumentException("malformed handle state");
        }
        List<Path> cgroups = new ArrayList<>();
        for (int i = 3; i < lines.length; i++) {
            cgroups.add(Path.of(lines[i]));
        }
        Proc task = new Proc(Long.parseLong(lines[1]), Long.parseLong(lines[2]));
        return new MonitoredTask(id, Path.of(lines[0]), task, Proc.UNKNOWN, "", cgroups, false);
    }

    private static MonitoredTask decodeV2(String id, String[] lines) {
        Map<String, String> fields = new HashMap<>();
        List<Path> cgroups = new ArrayList<>();
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("malformed handle state line: " + line);
            }
            String key = line.substring(0, eq);
            String value = line.substring(eq + 1);
            if (key.equals("cgroup")) {
                cgroups.add(Path.of(value));
            } else {
                fields.put(key, value);
            }
        }
        Proc task = new Proc(number(fields, "pid"), number(fields, "start"));
        Proc monitor = new Proc(number(fields, "monitor_pid"), number(fields, "monitor_start"));
        return new MonitoredTask(id, Path.of(required(fields, "run_dir")), task, monitor,
                fields.getOrDefault("boot_id", ""), cgroups, true);
    }

    private static String required(Map<String, String> fields, String key) {
        String value = fields.get(key);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("handle state has no " + key);
        }
        return value;
    }

    private static long number(Map<String, String> fields, String key) {
        return Long.parseLong(required(fields, key));
    }
}
