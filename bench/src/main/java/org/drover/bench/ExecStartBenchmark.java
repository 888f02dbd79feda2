package org.drover.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.drover.driver.exec.ExecDriver;
import org.drover.driver.exec.RawExecDriver;
import org.drover.driver.process.MonitoredDriver;
import org.drover.runner.api.alloc.TaskDir;
import org.drover.runner.api.driver.TaskConfig;
import org.drover.runner.api.driver.TaskHandle;
import org.drover.runner.api.model.LogConfig;
import org.drover.runner.api.model.Resources;

/**
 * P1: the time from {@code startTask} to a running process, through the
 * raw_exec driver (its per-task monitor, run dir, logs), against a bare
 * {@code ProcessBuilder} spawn of the same command, interleaved start by
 * start. Each process is stopped and reaped between starts, unmeasured.
 */
final class ExecStartBenchmark {

    private final int starts;

    ExecStartBenchmark(boolean quick) {
        this.starts = quick ? 200 : 1000;
    }

    String run() throws Exception {
        Path data = Files.createTempDirectory("drover-bench-p1");
        // exec tasks run as nobody, who must reach their directories
        Files.setPosixFilePermissions(data, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        RawExecDriver driver = RawExecDriver.standalone(data.resolve("bin"));
        ExecDriver exec = ExecDriver.standalone(data.resolve("bin"));
        boolean isolated = exec.fingerprint().health() == org.drover.runner.api.driver.Health.HEALTHY;
        long[] viaDriver = new long[starts];
        long[] viaExec = new long[starts];
        long[] bare = new long[starts];
        try {
            for (int i = -20; i < starts; i++) { // 20 starts of warm-up
                long d = driverStart(driver, data, "r" + i);
                long e = isolated ? driverStart(exec, data, "e" + i) : 0;
                long b = bareStart();
                if (i >= 0) {
                    viaDriver[i] = d;
                    viaExec[i] = e;
                    bare[i] = b;
                }
            }
        } finally {
            driver.deactivate();
            exec.deactivate();
        }
        return table(viaDriver, bare) + (isolated ? execRow(viaExec, bare)
                : "\nThe exec driver is unhealthy here (not root, or no cgroups); its row is left out.\n");
    }

    private static long driverStart(MonitoredDriver driver, Path data, String name) throws Exception {
        TaskDir dirs = TaskDir.of(data.resolve(name), "t");
        dirs.create();
        TaskConfig config = new TaskConfig(name + "/t/" + Long.toHexString(System.nanoTime()),
                name, "bench", "g", "t", Map.of("command", "/bin/sleep", "args", List.of("60")),
                Map.of("PATH", "/usr/bin:/bin"), new Resources(100, 64), "", dirs.allocDir(), dirs.taskDir(),
                dirs.logDir(), LogConfig.DEFAULT);
        long start = System.nanoTime();
        TaskHandle h = driver.startTask(config);
        long took = System.nanoTime() - start;
        driver.stopTask(h.taskId(), Duration.ofSeconds(5), "SIGKILL").toCompletableFuture().get(30, TimeUnit.SECONDS);
        driver.destroyTask(h, true);
        return took;
    }

    private static long bareStart() throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process p = new ProcessBuilder("/bin/sleep", "60").start();
        long took = System.nanoTime() - start;
        p.destroyForcibly();
        p.waitFor();
        return took;
    }

    private String table(long[] viaDriver, long[] bare) {
        double d50 = pct(viaDriver, 0.5);
        double d99 = pct(viaDriver, 0.99);
        double b50 = pct(bare, 0.5);
        double b99 = pct(bare, 0.99);
        StringBuilder s = new StringBuilder();
        s.append(starts).append(" starts each, interleaved, after 20 of warm-up: `/bin/sleep 60`, stopped and reaped"
                + " between starts, unmeasured.\n\n");
        s.append("| | p50 | p99 |\n|---|---|---|\n");
        s.append(String.format("| raw_exec `startTask` (process running) | %.2f ms | %.2f ms |%n", d50 / 1e6, d99 / 1e6));
        s.append(String.format("| baseline: bare `ProcessBuilder.start()` | %.2f ms | %.2f ms |%n", b50 / 1e6, b99 / 1e6));
        s.append(String.format("| difference | +%.2f ms (%.1f×) | +%.2f ms (%.1f×) |%n", (d50 - b50) / 1e6, d50 / b50,
                (d99 - b99) / 1e6, d99 / b99));
        boolean met = d50 - b50 <= 2e6 && d99 - b99 <= 10e6;
        s.append("\nTarget: p50 ≤ bare + 2 ms, p99 ≤ bare + 10 ms — ").append(met ? "met" : "not met").append(".\n");
        return s.toString();
    }

    private String execRow(long[] viaExec, long[] bare) {
        double e50 = pct(viaExec, 0.5);
        double e99 = pct(viaExec, 0.99);
        return String.format("%nThe exec driver in the same rounds (its own cgroups with limits, run as nobody, task"
                + " directories given to that user): p50 %.2f ms, p99 %.2f ms; +%.2f ms and +%.2f ms over the bare"
                + " spawn. The target concerns raw_exec's start; exec's extra is isolation's own work.%n",
                e50 / 1e6, e99 / 1e6, (e50 - pct(bare, 0.5)) / 1e6, (e99 - pct(bare, 0.99)) / 1e6);
    }

    static double pct(long[] nanos, double p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
