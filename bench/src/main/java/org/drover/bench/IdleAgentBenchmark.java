package org.drover.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * P8: the agent from launch to its ready line, and its resident memory once
 * idle (no tasks), against two baselines started with the same JVM options in
 * the same run: a JVM that does nothing but print a line and wait, and the
 * platform Drover is built on without any of Drover above it
 * ({@link PlatformFloor}).
 */
final class IdleAgentBenchmark {

    /** P8's targets: the agent's memory over the platform it is built on, measured in the same run. */
    static final int RSS_OVER_PLATFORM_MB = 16;
    static final double READY_SECONDS = 1.0;

    private final Path distribution;
    private final int runs;

    IdleAgentBenchmark(Path distribution) {
        this.distribution = distribution;
        this.runs = 5;
    }

    /** The baseline: a JVM that is ready as soon as it runs. */
    public static final class Idle {
        public static void main(String[] args) throws InterruptedException {
            System.out.println("ready");
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    record Sample(long readyNanos, long rssKb) {
    }

    String run() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Sample> agent = new ArrayList<>();
        List<Sample> platform = new ArrayList<>();
        List<Sample> bare = new ArrayList<>();
        List<String> options = List.of();
        for (int i = 0; i < runs; i++) {
            Path data = Files.createTempDirectory("drover-bench-p8");
            var seen = new java.util.concurrent.atomic.AtomicReference<List<String>>();
            agent.add(measure(AgentUnderTest.command(distribution, List.of("agent", "--data-dir", data.toString(),
                    "--http-addr", "127.0.0.1:" + AgentUnderTest.freePort())), "Drover agent ready",
                    pid -> seen.set(AgentUnderTest.jvmOptions(pid))));
            options = seen.get();
            platform.add(measure(jvm(java, options, classPath(), PlatformFloor.class.getName(),
                    distribution.resolve("bundles").toString(), Files.createTempDirectory("drover-bench-p8").toString()),
                    "platform ready", pid -> { }));
            bare.add(measure(jvm(java, options, System.getProperty("java.class.path"), Idle.class.getName()),
                    "ready", pid -> { }));
        }
        return table(agent, platform, bare, options);
    }

    private static ProcessBuilder jvm(String java, List<String> options, String classPath, String... main) {
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(options);
        command.addAll(List.of("-cp", classPath));
        command.addAll(List.of(main));
        return new ProcessBuilder(command);
    }

    /**
     * The framework jar the launcher runs with, slf4j-api (the bundles import it) without a provider,
     * and the benchmark's own classes: the logging backend is part of what the agent adds.
     */
    private String classPath() throws Exception {
        List<String> jars = new ArrayList<>();
        try (var files = Files.list(distribution.resolve("lib"))) {
            files.map(Path::toString)
                    .filter(n -> n.contains("org.apache.felix.framework-") || n.contains("slf4j-api-"))
                    .sorted().forEach(jars::add);
        }
        jars.add(Path.of(PlatformFloor.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        return String.join(java.io.File.pathSeparator, jars);
    }

    private interface PidCheck {
        void accept(long pid) throws IOException;
    }

    private static Sample measure(ProcessBuilder command, String readyText, PidCheck onReady) throws Exception {
        long start = System.nanoTime();
        Process p = command.redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.contains(readyText)) {
                // the lines before the ready one
            }
            if (line == null) {
                throw new IOException(command.command() + " ended before it was ready");
            }
            long ready = System.nanoTime() - start;
            onReady.accept(p.pid());
            Thread drain = new Thread(() -> {
                try {
                    while (out.readLine() != null) {
                        // keep the pipe empty
                    }
                } catch (IOException e) {
                    // the process is gone
                }
            });
            drain.setDaemon(true);
            drain.start();
            long rss = AgentUnderTest.settledRssKb(p.pid());
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
            return new Sample(ready, rss);
        } finally {
            p.destroyForcibly();
        }
    }

    private String table(List<Sample> agent, List<Sample> platform, List<Sample> bare, List<String> options) {
        double aReady = readySeconds(agent);
        double pReady = readySeconds(platform);
        double bReady = readySeconds(bare);
        double aRss = rssMb(agent);
        double pRss = rssMb(platform);
        double bRss = rssMb(bare);
        StringBuilder s = new StringBuilder();
        s.append(runs).append(" launches each, alternating; medians. RSS is VmRSS once it has settled (at least"
                + " five seconds, then three half-second samples within 1 MB), no task running. All three JVMs"
                + " with the options bin/drover chose for the agent (`").append(String.join(" ", options))
                .append("`).\n\n");
        s.append("| | launch to ready | idle RSS |\n|---|---|---|\n");
        s.append(String.format("| Drover agent (`bin/drover agent`: all bundles, HTTP API, drivers) | %.2f s | %.1f MB |%n",
                aReady, aRss));
        s.append(String.format("| the platform alone: Felix, SCR, ConfigAdmin, FileInstall, a MapDB store"
                + " (MapDB, Kotlin, Eclipse Collections, Guava, Elsa, LZ4); none of Drover above it | %.2f s | %.1f MB |%n",
                pReady, pRss));
        s.append(String.format("| a JVM that prints a line and waits | %.2f s | %.1f MB |%n", bReady, bRss));
        s.append(String.format("| agent / platform alone | %.1f× | %.2f× (+%.1f MB) |%n", aReady / pReady, aRss / pRss,
                aRss - pRss));
        s.append(String.format("| agent / bare JVM | %.1f× | %.1f× |%n", aReady / bReady, aRss / bRss));
        boolean memory = aRss <= pRss + RSS_OVER_PLATFORM_MB;
        boolean ready = aReady <= READY_SECONDS;
        s.append(String.format("%nTarget: RSS ≤ the platform alone + %d MB (%.1f MB in this run), launch to ready"
                + " ≤ %.0f s — ", RSS_OVER_PLATFORM_MB, pRss + RSS_OVER_PLATFORM_MB, READY_SECONDS))
                .append(memory && ready ? "met" : "not met")
                .append(ready ? " (ready time met" : " (ready time not met")
                .append(memory ? ", memory met)." : ", memory not met).").append('\n');
        return s.toString();
    }

    private static double readySeconds(List<Sample> samples) {
        return median(samples.stream().mapToLong(Sample::readyNanos).toArray()) / 1e9;
    }

    private static double rssMb(List<Sample> samples) {
        return median(samples.stream().mapToLong(Sample::rssKb).toArray()) / 1024.0;
    }

    private static double median(long[] v) {
        long[] sorted = v.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
