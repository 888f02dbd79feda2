package org.drover.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * R3: a restart storm. One job of 500 raw_exec tasks, each exiting at once
 * under a restart policy with a one-second delay, on a real agent with its
 * default caps, then with the start cap raised live. During the storm: the
 * agent's CPU, and the API's latency on three endpoints polled at a steady rate
 * as a dashboard would. Baselines in the same run: the same API while the same
 * tasks run quietly, and the bare cost of spawning as many processes per second
 * as the storm restarted.
 */
final class RestartStormBenchmark {

    private static final String[] ENDPOINTS = {"/v1/agent/health", "/v1/jobs", "/v1/allocations"};
    private static final long POLL_MILLIS = 200;

    private final Path home;
    private final int tasks;
    private final int seconds;
    private final HttpClient http = HttpClient.newHttpClient();

    RestartStormBenchmark(Path home, boolean quick) {
        this.home = home;
        this.tasks = quick ? 200 : 500;
        this.seconds = quick ? 15 : 60;
    }

    /** Measured over one window. */
    private record Window(Map<String, Latencies> api, double agentCores, long restarts, double seconds) {
    }

    String run() throws Exception {
        Path root = Files.createTempDirectory("drover-bench-storm");
        Path deploy = Files.createDirectories(root.resolve("deploy"));
        int cores = Runtime.getRuntime().availableProcessors();
        try (AgentUnderTest agent = new AgentUnderTest(home, root.resolve("data"), deploy)) {
            agent.launch();
            long t0 = System.nanoTime();
            agent.put("/v1/jobs", job("sleep 3600"));
            awaitRunning(agent);
            double placed = (System.nanoTime() - t0) / 1e9;
            Window quiet = measure(agent);

            // The same job, now crash-looping: a new version replaces every allocation.
            agent.put("/v1/jobs", job("exit 1"));
            awaitStorm(agent, 2);
            Window storm = measure(agent);
            double spawnCores = bareSpawns(storm.restarts() / storm.seconds(), seconds);

            // The operator raises the cap in the middle of the storm: the runner takes it up live.
            int raised = 4 * cores;
            Path part = deploy.resolve(".runner.part");
            Files.writeString(part, "max_concurrent_starts = " + raised + "\n");
            Files.move(part, deploy.resolve("org.drover.runner.cfg"), StandardCopyOption.ATOMIC_MOVE);
            awaitStorm(agent, restartsOfEach(agent) + 2);
            Window wide = measure(agent);
            agent.delete("/v1/job/storm");
            return report(placed, quiet, storm, wide, spawnCores, cores, raised);
        }
    }

    private String job(String script) {
        return "{\"Job\": {\"ID\": \"storm\", \"Type\": \"service\", \"TaskGroups\": [{\"Name\": \"g\", \"Count\": "
                + tasks + ", \"RestartPolicy\": {\"Attempts\": 50000, \"Interval\": 86400000000000,"
                + " \"Delay\": 1000000000, \"Mode\": \"delay\"}, \"Tasks\": [{\"Name\": \"t\", \"Driver\": \"raw_exec\","
                + " \"Config\": {\"command\": \"/bin/sh\", \"args\": [\"-c\", \"" + script + "\"]},"
                + " \"KillTimeout\": 1000000000}]}]}}";
    }

    private void awaitRunning(AgentUnderTest agent) throws Exception {
        TaskScaleBenchmark.Poll.until(() -> {
            try {
                for (JsonNode j : agent.get("/v1/jobs")) {
                    if (j.path("Allocations").path("running").asInt() == tasks) {
                        return true;
                    }
                }
                return false;
            } catch (IOException e) {
                return false;
            }
        }, 300, "all " + tasks + " tasks running");
    }

    /** Until the old version is gone and every new task has restarted {@code times}: a steady storm. */
    private void awaitStorm(AgentUnderTest agent, long times) throws Exception {
        TaskScaleBenchmark.Poll.until(() -> {
            try {
                JsonNode allocs = agent.get("/v1/allocations");
                if (allocs.size() != tasks) {
                    return false;
                }
                for (JsonNode a : allocs) {
                    if (a.path("TaskStates").path("t").path("Restarts").asLong() < times) {
                        return false;
                    }
                }
                return true;
            } catch (IOException e) {
                return false;
            }
        }, 300, "every crash-looping task restarted " + times + " times");
    }

    private Window measure(AgentUnderTest agent) throws Exception {
        Map<String, Latencies> api = new LinkedHashMap<>();
        ScheduledExecutorService pollers = Executors.newScheduledThreadPool(ENDPOINTS.length);
        long restartsBefore = restarts(agent);
        long t0 = System.nanoTime();
        long cpu0 = agent.cpuTicks();
        for (String path : ENDPOINTS) {
            Latencies l = new Latencies();
            api.put(path, l);
            URI uri = agent.uri(path);
            pollers.scheduleAtFixedRate(() -> timed(uri, l), 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
        }
        Thread.sleep(seconds * 1000L);
        pollers.shutdown();
        pollers.awaitTermination(30, TimeUnit.SECONDS);
        long cpu1 = agent.cpuTicks();
        double elapsed = (System.nanoTime() - t0) / 1e9;
        long restarts = restarts(agent) - restartsBefore;
        // the kernel counts CPU time in USER_HZ, 100 per second on Linux
        return new Window(api, (cpu1 - cpu0) / 100.0 / elapsed, restarts, elapsed);
    }

    private void timed(URI uri, Latencies into) {
        long start = System.nanoTime();
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() == 200) {
                into.record(System.nanoTime() - start);
            }
        } catch (IOException e) {
            // counted as missing: the report shows how many answered
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The fewest restarts of any task. */
    private static long restartsOfEach(AgentUnderTest agent) throws IOException {
        long min = Long.MAX_VALUE;
        for (JsonNode a : agent.get("/v1/allocations")) {
            min = Math.min(min, a.path("TaskStates").path("t").path("Restarts").asLong());
        }
        return min;
    }

    private static long restarts(AgentUnderTest agent) throws IOException {
        long n = 0;
        for (JsonNode a : agent.get("/v1/allocations")) {
            n += a.path("TaskStates").path("t").path("Restarts").asLong();
        }
        return n;
    }

    /**
     * The floor: this JVM spawning {@code /bin/sh -c 'exit 1'} at the storm's rate and reaping
     * each, its own CPU measured. What any supervisor pays for the same churn.
     */
    private static double bareSpawns(double perSecond, int seconds) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        long total = Math.round(perSecond * seconds);
        List<Process> live = new ArrayList<>();
        for (long i = 0; i < total; i++) {
            long due = t0 + (long) (i * 1e9 / perSecond);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            live.add(new ProcessBuilder("/bin/sh", "-c", "exit 1").start());
            live.removeIf(p -> !p.isAlive());
        }
        for (Process p : live) {
            p.waitFor();
        }
        return (os.getProcessCpuTime() - cpu0) / 1e9 / ((System.nanoTime() - t0) / 1e9);
    }

    private String report(double placed, Window quiet, Window storm, Window wide, double spawnCores, int cores,
            int raised) {
        StringBuilder s = new StringBuilder();
        s.append(String.format("%d raw_exec tasks (one job, %d allocations) exiting at once under a restart policy with"
                + " a 1 s delay (Nomad's jitter). Each endpoint polled every %d ms for %d s: first while the same tasks"
                + " ran quietly (`sleep 3600`); then once every task had restarted twice, with the default start cap"
                + " (two per core: %d); then with the cap raised to %d by rewriting `org.drover.runner.cfg` during"
                + " the storm.%n%n", tasks, tasks, POLL_MILLIS, seconds, 2 * cores, raised));
        s.append(String.format("The %d quiet tasks were placed and running in %.1f s.%n%n", tasks, placed));
        s.append(String.format("| | quiet | storm, %d starts in flight | storm, %d starts in flight |%n|---|---|---|---|%n",
                2 * cores, raised));
        s.append(String.format("| restarts | | %.0f/s | %.0f/s |%n", storm.restarts() / storm.seconds(),
                wide.restarts() / wide.seconds()));
        for (String path : ENDPOINTS) {
            s.append("| `GET ").append(path).append("` p50 / p99 |");
            for (Window w : List.of(quiet, storm, wide)) {
                Latencies l = w.api().get(path);
                s.append(String.format(" %.1f / %.1f ms (%d answers) |", l.percentileMillis(0.5),
                        l.percentileMillis(0.99), l.count()));
            }
            s.append('\n');
        }
        s.append(String.format("| the agent's CPU | %.2f cores | %.2f cores | %.2f cores |%n", quiet.agentCores(),
                storm.agentCores(), wide.agentCores()));
        double rate = storm.restarts() / storm.seconds();
        s.append(String.format("%nBaseline: this JVM spawning and reaping `sh -c 'exit 1'` at the storm's %.0f/s"
                + " used %.2f cores, %.2f ms per process; the agent used %.2f ms per restart (%.1f×): a restart is"
                + " also a monitor process, state commits, log files and events.%n", rate, spawnCores,
                spawnCores * 1000 / rate, storm.agentCores() * 1000 / rate, storm.agentCores() / spawnCores));
        double worst = 0;
        double worstQuiet = 0;
        for (String path : ENDPOINTS) {
            worst = Math.max(worst, storm.api().get(path).percentileMillis(0.99));
            worstQuiet = Math.max(worstQuiet, quiet.api().get(path).percentileMillis(0.99));
        }
        s.append(String.format("%nTarget, with the default cap: agent ≤ 1 core — %s (%.2f); API p99 ≤ 100 ms — %s"
                + " (worst %.1f ms, %.1f× the quiet worst).%n", storm.agentCores() <= 1 ? "met" : "not met",
                storm.agentCores(), worst <= 100 ? "met" : "not met", worst, worst / worstQuiet));
        return s.toString();
    }
}
