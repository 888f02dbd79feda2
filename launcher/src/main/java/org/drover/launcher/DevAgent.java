package org.drover.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;

/**
 * An agent started inside a command, like {@code nomad agent -dev}: a
 * temporary data dir, a free loopback port, its log in the data dir only. It
 * is stopped, and its data dir removed, when the command is done.
 */
public final class DevAgent implements AutoCloseable {

    private final Agent agent;
    private final Thread thread;
    private final Path dataDir;
    private final HttpAddress http;
    private final java.util.concurrent.atomic.AtomicBoolean closing;

    private DevAgent(Agent agent, Thread thread, Path dataDir, HttpAddress http,
            java.util.concurrent.atomic.AtomicBoolean closing) {
        this.agent = agent;
        this.thread = thread;
        this.dataDir = dataDir;
        this.http = http;
        this.closing = closing;
    }

    /**
     * Starts the agent and waits until it is ready. Interrupted meanwhile (Ctrl-C), it stops the
     * agent and removes the data dir before it throws.
     */
    public static DevAgent start(java.util.function.Consumer<Path> created)
            throws LaunchException, IOException, InterruptedException {
        // exec and java tasks run as nobody, who must reach the task directories.
        Path data = Files.createTempDirectory("drover-dev",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx--x--x")));
        created.accept(data);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        HttpAddress http = new HttpAddress("127.0.0.1", port);
        AgentLogging.quietConsole();
        // The command decides what SIGINT means (stop the job, then this agent): not the agent.
        Agent agent = new Agent(AgentLayout.of(data, null), Distribution.locate(), http, "", false, false);
        java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();
        Thread thread = new Thread(() -> {
            try {
                agent.run();
            } catch (LaunchException | RuntimeException e) {
                if (!closing.get()) {
                    System.err.println("drover: the dev agent failed: " + e.getMessage());
                }
            }
        }, "drover-dev-agent");
        DevAgent dev = new DevAgent(agent, thread, data, http, closing);
        thread.start();
        try {
            if (!agent.awaitReady(Duration.ofSeconds(60))) {
                agent.stop();
                throw new LaunchException("the dev agent did not start; its log: " + data.resolve("logs/agent.log"));
            }
        } catch (InterruptedException e) {
            Thread.interrupted();
            dev.close();
            throw e;
        }
        return dev;
    }

    public String address() {
        return http.url();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Stops the agent and removes its data dir, even when interrupted meanwhile (the interrupt is kept). */
    @Override
    public void close() {
        closing.set(true);
        agent.stop();
        boolean interrupted = Thread.interrupted();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (thread.isAlive() && System.nanoTime() < deadline) {
            try {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary dir left behind
        }
    }
}
