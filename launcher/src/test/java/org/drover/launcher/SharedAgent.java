package org.drover.launcher;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test class whose cases share one real agent, on a data dir of its own: a subclass's
 * {@code @BeforeAll} puts into {@link #data} what the agent must find there, then calls
 * {@link #startAgent}; the agent is stopped after the last case.
 */
abstract class SharedAgent {

    @TempDir
    static Path tmp;

    static AgentProcess agent;
    static Path data;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void dataDir() {
        data = tmp.resolve("data");
    }

    /** Starts {@code drover agent} on {@link #data}, with these arguments too, and waits until it is ready. */
    static void startAgent(String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("agent", "--data-dir", data.toString()));
        all.addAll(List.of(args));
        agent = AgentProcess.start(tmp.resolve("console.txt"), all.toArray(String[]::new));
        agent.awaitLine(LauncherIT.READY);
    }

    @AfterAll
    static void stopAgent() throws Exception {
        agent.terminate(Duration.ofSeconds(30));
    }
}
