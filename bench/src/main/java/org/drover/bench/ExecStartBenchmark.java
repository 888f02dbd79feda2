package org.drover.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.drover.driver.exec.RawExecDriver;
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
        RawExecDriver driver = RawExecDriver.standalone(data.resolve("bin"));
        long[] viaDriver = new long[starts];
        long[] bare = new long[starts];
        try {
            for (int i = -20; i < starts; i++) { // 20 starts of warm-up
                long d = driverStart(driver, data, i);
                long b = bareStart();
                if (i >= 0) {
                    viaDriver[i] = d;
                    bare[i] = b;
                }
            }
        } finally {
            driver.deactivate();
        }
        return table(viaDriver, bare);
    }

    private static long driverStart(RawExecDriver driver, Path data, int i) throws Exception {
        Path alloc = data.resolve("a" + (i + 20));
        Path task = alloc.resolve("t");
        Files.createDirectories(task.resolve("local"));
        TaskConfig config = new TaskConfig("a" + (i + 20) + "/t/" + Long.toHexString(System.nanoTime()),
                "a" + (i + 20), "bench", "g", "t", Map.of("command", "/bin/sleep", "args", List.of("60")),
                Map.of("PATH", "/usr/bin:/bin"), new Resources(100, 64), "", alloc, task, alloc.resolve("alloc/logs"),
                LogConfig.DEFAULT);
        long start = System.nanoTime();
        TaskHandle h = driver.startTask(config);
        long took = System.nanoTime() - start;
        driver.stopTask(h.taskId(), Duration.ofSeconds(5), "SIGKILL").toCompletableFuture().get(30, TimeUnit.SECONDS);
        driver.destroyTask(h.taskId(), true);
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

    static double pct(long[] nanos, double p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
