package org.drover.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real agent process from the built distribution, with its own data dir,
 * deploy dir and API port; its output goes to a file in the data dir.
 */
final class AgentUnderTest implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final Path home;
    private final Path data;
    private final Path deploy;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();
    private Process process;
    private int launches;

    AgentUnderTest(Path home, Path data, Path deploy) throws IOException {
        this.home = home;
        this.data = data;
        this.deploy = deploy;
        this.port = freePort();
    }

    /** Launches the agent and returns the nanoseconds until its ready line. */
    long launch() throws IOException {
        Path log = data.resolve("agent-" + (++launches) + ".log");
        long start = System.nanoTime();
        process = command(home, List.of("agent", "--data-dir", data.toString(), "--deploy-dir", deploy.toString(),
                "--http-addr", "127.0.0.1:" + port)).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null && !line.contains("Drover agent ready")) {
            seen.append(line).append('\n');
        }
        if (line == null) {
            throw new IOException("the agent ended before it was ready:\n" + seen);
        }
        long ready = System.nanoTime() - start;
        Files.writeString(log, seen + line + "\n");
        Thread copy = new Thread(() -> {
            try {
                String l;
                while ((l = out.readLine()) != null) {
                    Files.writeString(log, l + "\n", StandardOpenOption.APPEND);
                }
            } catch (IOException e) {
                // the agent is gone
            }
        }, "agent-output");
        copy.setDaemon(true);
        copy.start();
        return ready;
    }

    /** bin/drover, as an operator starts it, on the JVM running the benchmark. */
    static ProcessBuilder command(Path home, List<String> args) {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(home.resolve("bin/drover").toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("JAVA_OPTS");
        return pb;
    }

    /**
     * The options a running JVM was started with (those before {@code -jar} or the class path), read
     * from the kernel: what bin/drover chose for this JVM, so a baseline can run with the same.
     */
    static List<String> jvmOptions(long pid) throws IOException {
        String[] argv = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                java.nio.charset.StandardCharsets.UTF_8).split("\0");
        List<String> options = new java.util.ArrayList<>();
        for (int i = 1; i < argv.length && !argv[i].equals("-jar") && !argv[i].equals("-cp"); i++) {
            options.add(argv[i]);
        }
        return options;
    }

    long pid() {
        return process.pid();
    }

    /** kill -9: the agent gets no chance to tidy up. */
    void killHard() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    JsonNode get(String path) throws IOException {
        return JSON.readTree(send(HttpRequest.newBuilder(uri(path)).build()));
    }

    String text(String path) throws IOException {
        return send(HttpRequest.newBuilder(uri(path)).build());
    }

    JsonNode put(String path, String body) throws IOException {
        return JSON.readTree(send(HttpRequest.newBuilder(uri(path))
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build()));
    }

    JsonNode delete(String path) throws IOException {
        return JSON.readTree(send(HttpRequest.newBuilder(uri(path)).DELETE().build()));
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private String send(HttpRequest request) throws IOException {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException(request.method() + " " + request.uri() + ": " + r.statusCode() + " " + r.body());
            }
            return r.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** The agent's VmRSS and thread count from /proc. */
    long[] rssKbAndThreads() {
        try {
            long rss = 0;
            long threads = 0;
            for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (l.startsWith("VmRSS:")) {
                    rss = Long.parseLong(l.replaceAll("\\D", ""));
                } else if (l.startsWith("Threads:")) {
                    threads = Long.parseLong(l.replaceAll("\\D", ""));
                }
            }
            return new long[] {rss, threads};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Heap in use after a full GC, in KB, through the JDK's jcmd. */
    long heapUsedAfterGcKb() throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        run(jcmd, Long.toString(pid()), "GC.run");
        String info = run(jcmd, Long.toString(pid()), "GC.heap_info");
        // G1 prints one "heap total ..K, used ..K" line, generational collectors one per generation;
        // Metaspace lines have no "total" and are left out.
        long used = 0;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("total \\d+K, used (\\d+)K").matcher(info);
        while (m.find()) {
            used += Long.parseLong(m.group(1));
        }
        return used;
    }

    /** The agent's CPU use over the given time, in percent of one core, from /proc's utime and stime. */
    double cpuPercent(long millis) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        long c0 = cpuTicks();
        Thread.sleep(millis);
        long c1 = cpuTicks();
        // the kernel counts in USER_HZ, 100 per second on Linux
        return (c1 - c0) * 10_000_000.0 / (System.nanoTime() - t0) * 100;
    }

    long cpuTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** The agent's threads by name, numbers blanked out so a pool's threads count together. */
    java.util.SortedMap<String, Integer> threadsByName() throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        java.util.SortedMap<String, Integer> out = new java.util.TreeMap<>();
        for (String l : run(jcmd, Long.toString(pid()), "Thread.print").split("\n")) {
            if (l.startsWith("\"")) {
                out.merge(l.substring(1, l.indexOf('"', 1)).replaceAll("\\d+", "N"), 1, Integer::sum);
            }
        }
        return out;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /**
     * VmRSS once it has settled: at least five seconds (bin/drover has the C library give freed
     * memory back every two), then until three half-second samples are within 1 MB, at most 20 s.
     */
    static long settledRssKb(long pid) throws Exception {
        long[] last = new long[3];
        for (int i = 0; i < 40; i++) {
            Thread.sleep(500);
            last[i % 3] = rss(pid);
            if (i >= 9 && Arrays.stream(last).max().getAsLong() - Arrays.stream(last).min().getAsLong() < 1024) {
                break;
            }
        }
        return rss(pid);
    }

    private static long rss(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(l -> l.startsWith("VmRSS:")).map(l -> Long.parseLong(l.replaceAll("\\D", "")))
                .findFirst().orElse(0L);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
