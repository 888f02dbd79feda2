package org.drover.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.drover.driver.docker.DockerDriver;
import org.drover.driver.docker.engine.Engine;
import org.drover.runner.api.alloc.TaskDir;
import org.drover.runner.api.driver.TaskConfig;
import org.drover.runner.api.driver.TaskHandle;
import org.drover.runner.api.model.LogConfig;
import org.drover.runner.api.model.Resources;

/**
 * P7: the time to create and start a container, three ways, interleaved
 * round by round so that drift in the Engine's speed hits all three alike:
 * through the docker driver's {@code startTask} (image check, create, start,
 * log following), through the same two Engine API calls made bare, and with
 * {@code docker run -d}. Every container is removed between rounds, unmeasured.
 */
final class DockerStartBenchmark {

    static final String IMAGE = "drover-test/busybox:latest";
    static final URI ENDPOINT = URI.create("unix:///var/run/docker.sock");

    private final int rounds;

    DockerStartBenchmark(boolean quick) {
        this.rounds = quick ? 30 : 200;
    }

    String run() throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        Path data = Files.createTempDirectory("drover-bench-p7");
        Engine engine = new Engine(ENDPOINT, timer, Duration.ofMinutes(1));
        DockerDriver driver = DockerDriver.standalone(ENDPOINT, data);
        long[] viaDriver = new long[rounds];
        long[] raw = new long[rounds];
        long[] cli = new long[rounds];
        try {
            for (int i = -3; i < rounds; i++) { // three rounds of warm-up
                long d = driverStart(driver, data, i);
                long r = rawStart(engine);
                long c = cliStart();
                if (i >= 0) {
                    viaDriver[i] = d;
                    raw[i] = r;
                    cli[i] = c;
                }
            }
        } finally {
            driver.deactivate();
            timer.shutdownNow();
        }
        return table(viaDriver, raw, cli);
    }

    private long driverStart(DockerDriver driver, Path data, int round) throws IOException {
        TaskDir dirs = TaskDir.of(data.resolve("a" + (round + 3)), "t");
        dirs.create();
        TaskConfig task = new TaskConfig("bench-" + (round + 3) + "/t/" + Long.toHexString(System.nanoTime()),
                "bench-" + (round + 3), "bench", "g", "t", Map.of("image", IMAGE, "command", "sleep",
                        "args", List.of("60")), Map.of(), new Resources(100, 64), "", dirs.allocDir(), dirs.taskDir(),
                dirs.logDir(), LogConfig.DEFAULT);
        long start = System.nanoTime();
        TaskHandle h = driver.startTask(task);
        long took = System.nanoTime() - start;
        driver.destroyTask(h, true);
        return took;
    }

    /** The same container (limits, mounts, labels aside) with the two calls alone. */
    private static long rawStart(Engine engine) throws IOException {
        var spec = Engine.object();
        spec.put("Image", IMAGE);
        spec.putArray("Cmd").add("sleep").add("60");
        spec.putObject("HostConfig").put("Memory", 64L * 1024 * 1024).put("CpuShares", 100);
        long start = System.nanoTime();
        String id = engine.create("drover-bench-raw-" + System.nanoTime(), spec);
        engine.start(id);
        long took = System.nanoTime() - start;
        engine.remove(id, true);
        return took;
    }

    private static long cliStart() throws Exception {
        long start = System.nanoTime();
        Process p = new ProcessBuilder("docker", "run", "-d", "--memory", "64m", "--cpu-shares", "100", IMAGE,
                "sleep", "60").redirectErrorStream(true).start();
        String id = new String(p.getInputStream().readAllBytes()).strip();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("docker run failed: " + id);
        }
        long took = System.nanoTime() - start;
        new ProcessBuilder("docker", "rm", "-f", id).redirectErrorStream(true).start().waitFor();
        return took;
    }

    private String table(long[] viaDriver, long[] raw, long[] cli) {
        double rawP50 = percentile(raw, 0.5);
        StringBuilder s = new StringBuilder();
        s.append(rounds).append(" rounds after 3 of warm-up; in each, one container started each way (`sleep 60`"
                + " in `").append(IMAGE).append("`, 64 MB, 100 CPU shares), then removed unmeasured.\n\n");
        s.append("| | p50 | p90 | mean | p50 ratio to raw API |\n|---|---|---|---|---|\n");
        row(s, "docker driver `startTask`", viaDriver, rawP50);
        row(s, "baseline: raw Engine API calls (create, start)", raw, rawP50);
        row(s, "reference: `docker run -d`", cli, rawP50);
        double ratio = percentile(viaDriver, 0.5) / rawP50;
        boolean met = ratio <= 1.1 && percentile(viaDriver, 0.5) < percentile(cli, 0.5);
        s.append("\nTarget: ≤ 1.1 × the raw Engine API calls and faster than `docker run -d` — ")
                .append(met ? "met" : "not met").append(String.format(" (%.2f×).%n", ratio));
        return s.toString();
    }

    private static void row(StringBuilder s, String name, long[] nanos, double rawP50) {
        s.append(String.format("| %s | %.1f ms | %.1f ms | %.1f ms | %.2f× |%n", name, percentile(nanos, 0.5) / 1e6,
                percentile(nanos, 0.9) / 1e6, Arrays.stream(nanos).average().orElse(0) / 1e6,
                percentile(nanos, 0.5) / rawP50));
    }

    private static double percentile(long[] nanos, double p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
