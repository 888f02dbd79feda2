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
 * idle (no tasks), against a JVM that does nothing but print a line and wait,
 * started the same way, in the same run.
 */
final class IdleAgentBenchmark {

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
        List<Sample> bare = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            Path data = Files.createTempDirectory("drover-bench-p8");
            agent.add(measure(AgentUnderTest.command(distribution, List.of("agent", "--data-dir", data.toString(),
                    "--http-addr", "127.0.0.1:" + AgentUnderTest.freePort())), "Drover agent ready"));
            List<String> baseline = new ArrayList<>(List.of(java));
            baseline.addAll(AgentUnderTest.defaultJvmOptions(distribution));
            baseline.addAll(List.of("-cp", System.getProperty("java.class.path"), Idle.class.getName()));
            bare.add(measure(new ProcessBuilder(baseline), "ready"));
        }
        return table(agent, bare);
    }

    private static Sample measure(ProcessBuilder command, String readyText) throws Exception {
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

    private String table(List<Sample> agent, List<Sample> bare) throws IOException {
        double aReady = median(agent.stream().mapToLong(Sample::readyNanos).toArray()) / 1e9;
        double bReady = median(bare.stream().mapToLong(Sample::readyNanos).toArray()) / 1e9;
        double aRss = median(agent.stream().mapToLong(Sample::rssKb).toArray()) / 1024.0;
        double bRss = median(bare.stream().mapToLong(Sample::rssKb).toArray()) / 1024.0;
        StringBuilder s = new StringBuilder();
        s.append(runs).append(" launches each, alternating; medians. RSS is VmRSS once it has settled (three"
                + " half-second samples within 1 MB), no task running. Both JVMs with the options bin/drover gives (`" + String.join(" ",
                AgentUnderTest.defaultJvmOptions(distribution)) + "`).\n\n");
        s.append("| | launch to ready | idle RSS |\n|---|---|---|\n");
        s.append(String.format("| Drover agent (`bin/drover agent`: all bundles, HTTP API, drivers) | %.2f s | %.1f MB |%n", aReady, aRss));
        s.append(String.format("| baseline: a JVM that prints a line and waits | %.2f s | %.1f MB |%n", bReady, bRss));
        s.append(String.format("| ratio | %.1f× | %.1f× |%n", aReady / bReady, aRss / bRss));
        boolean met = aRss <= 80 && aReady <= 1.5;
        s.append("\nTarget: ≤ 80 MB RSS, launch to ready ≤ 1.5 s — ").append(met ? "met" : "not met")
                .append(aReady <= 1.5 ? " (ready time met" : " (ready time not met")
                .append(aRss <= 80 ? ", memory met)." : ", memory not met).").append('\n');
        return s.toString();
    }

    private static double median(long[] v) {
        long[] sorted = v.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
