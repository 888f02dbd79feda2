package org.drover.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real launcher from the built distribution, run as a separate process,
 * its console captured to a file that tests read as it grows.
 */
final class AgentProcess implements AutoCloseable {

    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    static final Path DISTRIBUTION = Path.of(System.getProperty("drover.distribution", "target/drover"));

    private final Process process;
    private final Path console;
    private final int httpPort;

    private AgentProcess(Process process, Path console, int httpPort) {
        this.process = process;
        this.console = console;
        this.httpPort = httpPort;
    }

    /**
     * Starts {@code drover ARGS} with its output going to {@code console}. An agent gets a free
     * port for its API unless the arguments give one: tests run beside whatever else listens.
     */
    static AgentProcess start(Path console, String... args) throws IOException {
        return startThrough(List.of(), List.of(), console, args);
    }

    /** Starts {@code drover ARGS} in a JVM with these options too, as {@code JAVA_OPTS} gives them. */
    static AgentProcess startWithJvmOptions(List<String> jvmOptions, Path console, String... args)
            throws IOException {
        return startThrough(List.of(), jvmOptions, console, args);
    }

    /**
     * Starts {@code drover ARGS} as a script would: {@code sh -c 'SETUP; exec drover ARGS'}, so the
     * agent inherits what the script set up (e.g. {@code trap '' INT}, as a {@code &} does).
     */
    static AgentProcess startFromScript(String setup, Path console, String... args) throws IOException {
        return startThrough(List.of("sh", "-c", setup + "; exec \"$@\"", "sh"), List.of(), console, args);
    }

    private static AgentProcess startThrough(List<String> prefix, List<String> jvmOptions, Path console,
            String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(args));
        int port = 0;
        if (!all.isEmpty() && all.get(0).equals("agent") && !all.contains("--http-addr")) {
            port = freePort();
            all.addAll(List.of("--http-addr", "127.0.0.1:" + port));
        }
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(command(jvmOptions, all.toArray(String[]::new)));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectErrorStream(true);
        pb.redirectOutput(console.toFile());
        return new AgentProcess(pb.start(), console, port);
    }

    static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The agent's API, {@code http://127.0.0.1:PORT}. */
    String api() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** Runs {@code drover ARGS} to completion and returns what it did. */
    static Result run(Path workDir, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(workDir, "out", ".txt");
        Path err = Files.createTempFile(workDir, "err", ".txt");
        Process p = new ProcessBuilder(command(List.of(), args))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("drover " + String.join(" ", args) + " did not exit");
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    record Result(int exitCode, String stdout, String stderr) {
        List<String> stderrLines() {
            return stderr.lines().toList();
        }
    }

    private static List<String> command(List<String> jvmOptions, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (Runtime.version().feature() >= 23) {
            cmd.add("--sun-misc-unsafe-memory-access=allow"); // as bin/drover does: Felix 7 uses Unsafe
        }
        cmd.addAll(jvmOptions);
        cmd.add("-jar");
        cmd.add(DISTRIBUTION.resolve("lib/drover-launcher.jar").toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    long pid() {
        return process.pid();
    }

    /** Types a line on the agent's console, its standard input. */
    void type(String line) throws IOException {
        process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String console() throws IOException {
        return Files.readString(console, StandardCharsets.UTF_8);
    }

    /**
     * Waits for a console line matching {@code regex} at or after line {@code from};
     * returns its match. Fails early if the process exits.
     */
    Matcher awaitLine(String regex, int from, Duration timeout) throws IOException, InterruptedException {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<Matcher> found = find(pattern, from);
            if (found.isPresent()) {
                return found.get();
            }
            if (!process.isAlive() && find(pattern, from).isEmpty()) {
                throw new AssertionError("agent exited (" + process.exitValue() + ") before printing /" + regex
                        + "/; console:\n" + console());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no line /" + regex + "/ within " + timeout + "; console:\n" + console());
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    Matcher awaitLine(String regex) throws IOException, InterruptedException {
        return awaitLine(regex, 0, START_TIMEOUT);
    }

    int lineCount() throws IOException {
        return (int) console().lines().count();
    }

    private Optional<Matcher> find(Pattern pattern, int from) throws IOException {
        List<String> lines = console().lines().toList();
        for (int i = from; i < lines.size(); i++) {
            Matcher m = pattern.matcher(lines.get(i));
            if (m.find()) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** Sends SIGINT, as Ctrl-C in a terminal does. */
    void interrupt() throws IOException, InterruptedException {
        if (new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor() != 0) {
            throw new AssertionError("kill -INT " + process.pid() + " failed");
        }
    }

    /** Waits for the process to exit on its own and returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("process did not exit within " + timeout);
        }
        return process.exitValue();
    }

    /** Sends SIGTERM and returns the exit code. */
    int terminate(Duration timeout) throws InterruptedException {
        process.destroy(); // SIGTERM on Linux
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("agent did not stop within " + timeout + " of SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
