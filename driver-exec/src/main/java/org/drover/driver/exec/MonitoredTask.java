package org.drover.driver.exec;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import org.drover.runner.api.driver.ExitResult;

/**
 * A task under a monitor: where its run dir is, which process it is (pid and
 * start time, so a reused pid is never mistaken for it), and its exit once known.
 */
final class MonitoredTask {

    final String id;
    final Path runDir;
    final long pid;
    final long startTime;
    /** The cgroup counting the task's memory, or null (raw_exec). */
    final Path memoryCgroup;
    final CompletableFuture<ExitResult> exit = new CompletableFuture<>();

    MonitoredTask(String id, Path runDir, long pid, long startTime, Path memoryCgroup) {
        this.id = id;
        this.runDir = runDir;
        this.pid = pid;
        this.startTime = startTime;
        this.memoryCgroup = memoryCgroup;
    }

    /** The handle's opaque state, version 1: "RUNDIR\nPID\nSTARTTIME\n" and, for exec, "CGROUP\n". */
    byte[] encode() {
        String text = runDir + "\n" + pid + "\n" + startTime + "\n" + (memoryCgroup == null ? "" : memoryCgroup + "\n");
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static MonitoredTask decode(String id, byte[] state) {
        String[] lines = new String(state, StandardCharsets.UTF_8).split("\n");
        if (lines.length < 3) {
            throw new IllegalArgumentException("malformed exec handle state");
        }
        return new MonitoredTask(id, Path.of(lines[0]), Long.parseLong(lines[1]), Long.parseLong(lines[2]),
                lines.length > 3 ? Path.of(lines[3]) : null);
    }
}
