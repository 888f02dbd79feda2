package org.drover.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Random;

/**
 * What the kill-loop tests share: one data dir, the agent started on it again after every kill
 * (each run with a console file of its own), and the seed the kills' moments are drawn from,
 * which every failure names so that the run can be told again.
 */
final class KillRounds {

    final long seed = System.nanoTime();
    final Random random = new Random(seed);
    final Path data;
    private final Path dir;
    private final HttpClient http = HttpClient.newHttpClient();
    private AgentProcess agent;
    private int launches;

    KillRounds(Path dir) {
        this.dir = dir;
        this.data = dir.resolve("data");
    }

    /** Starts the agent again and waits until it is ready, which is once its store opened. */
    AgentProcess launch() throws IOException, InterruptedException {
        launches++;
        agent = AgentProcess.start(dir.resolve("console-" + launches + ".txt"), "agent", "--data-dir",
                data.toString());
        agent.awaitLine(LauncherIT.READY);
        return agent;
    }

    /** The agent of the latest launch. */
    AgentProcess agent() {
        return agent;
    }

    int launches() {
        return launches;
    }

    /** How a failure in {@code round} names it. */
    String context(int round) {
        return "round " + round + " (seed " + seed + ")";
    }

    /** A request to the agent of the latest launch. */
    HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(agent.api() + path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
