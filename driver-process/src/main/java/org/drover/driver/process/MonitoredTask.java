package org.drover.driver.process;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import org.drover.runner.api.driver.ExitResult;

/**
 * A task under a monitor: where its run dir is, which process it is (pid and
 * start time, so a reused pid is never mistaken for it), and its exit once known.
 */
public final class MonitoredTask {

    public final String id;
    public final Path runDir;
    public final long pid;
    public final long startTime;
    /** The task's cgroups, memory first; empty for raw_exec. */
    final java.util.List<Path> cgroups;
    final CompletableFuture<ExitResult> exit = new CompletableFuture<>();

    public MonitoredTask(String id, Path runDir, long pid, long startTime, java.util.List<Path> cgroups) {
        this.id = id;
        this.runDir = runDir;
        this.pid = pid;
        this.startTime = startTime;
        this.cgroups = java.util.List.copyOf(cgroups);
    }

    /** The handle's opaque state, version 1: "RUNDIR\nPID\nSTARTTIME\n" then, for exec, a line per cgroup. */
    public byte[] encode() {
        StringBuilder text = new StringBuilder().append(runDir).append('\n').append(pid).append('\n')
                .append(startTime).append('\n');
        cgroups.forEach(c -> text.append(c).append('\n'));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static MonitoredTask decode(String id, byte[] state) {
        String[] lines = new String(state, StandardCharsets.UTF_8).split("\n");
        if (lines.length < 3) {
            throw new IllegalArgumentException("malformed handle state");
        }
        java.util.List<Path> cgroups = new java.util.ArrayList<>();
        for (int i = 3; i < lines.length; i++) {
            cgroups.add(Path.of(lines[i]));
        }
        return new MonitoredTask(id, Path.of(lines[0]), Long.parseLong(lines[1]), Long.parseLong(lines[2]), cgroups);
    }
}
