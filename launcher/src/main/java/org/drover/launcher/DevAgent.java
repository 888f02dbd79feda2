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

    private DevAgent(Agent agent, Thread thread, Path dataDir, HttpAddress http) {
        this.agent = agent;
        this.thread = thread;
        this.dataDir = dataDir;
        this.http = http;
    }

    public static DevAgent start() throws LaunchException, IOException, InterruptedException {
        // exec and java tasks run as nobody, who must reach the task directories.
        Path data = Files.createTempDirectory("drover-dev",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx--x--x")));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        HttpAddress http = new HttpAddress("127.0.0.1", port);
        AgentLogging.quietConsole();
        Agent agent = new Agent(AgentLayout.of(data, null), Distribution.locate(), http, "", false);
        Thread thread = new Thread(() -> {
            try {
                agent.run();
            } catch (LaunchException e) {
                System.err.println("drover: the dev agent failed: " + e.getMessage());
            }
        }, "drover-dev-agent");
        thread.start();
        if (!agent.awaitReady(Duration.ofSeconds(60))) {
            agent.stop();
            throw new LaunchException("the dev agent did not start; its log: " + data.resolve("logs/agent.log"));
        }
        return new DevAgent(agent, thread, data, http);
    }

    public String address() {
        return http.url();
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() throws InterruptedException {
        agent.stop();
        thread.join(30_000);
        try (var files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary dir left behind
        }
    }
}
