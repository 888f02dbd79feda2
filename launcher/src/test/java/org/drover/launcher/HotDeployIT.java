package org.drover.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A driver that is not part of the runtime (the sample sleeper) deployed into
 * a running agent's deploy folder, then replaced and deleted and copied back
 * while 50 of its tasks run: none is ever restarted.
 */
class HotDeployIT {

    static final Path SLEEPER = Path.of(System.getProperty("drover.test.bundles", "target/test-bundles"))
            .resolve("sleeper.jar");
    static final ObjectMapper JSON = new ObjectMapper();
    static final int TASKS = 50;

    @TempDir
    Path tmp;

    final HttpClient http = HttpClient.newHttpClient();
    String api;

    JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    JsonNode put(String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api + path))
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    /** The sleeper tasks' states, one per allocation. */
    List<JsonNode> tasks() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        get("/v1/job/sleepers/allocations").forEach(a -> out.add(a.path("TaskStates").path("s")));
        return out;
    }

    void awaitAll(Predicate<JsonNode> condition, String what) throws Exception {
        Poll.until(() -> {
            try {
                List<JsonNode> t = tasks();
                return t.size() == TASKS && t.stream().allMatch(condition);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, Duration.ofSeconds(60), () -> what);
    }

    static boolean reattachedAgain(JsonNode task, int times) {
        int n = 0;
        for (JsonNode e : task.path("Events")) {
            n += e.path("Type").asText().equals("Task Reattached") ? 1 : 0;
        }
        return task.path("DriverAttachment").asText().equals("attached") && n >= times;
    }

    @Test
    void aDeployedDriversTasksSurviveItsReplacementDeletionAndReturn() throws Exception {
        Path data = tmp.resolve("data");
        Path deploy = data.resolve("deploy");
        try (AgentProcess agent = AgentProcess.start(tmp.resolve("console.txt"), "agent", "--data-dir",
                data.toString())) {
            agent.awaitLine(LauncherIT.READY);
            api = agent.api();
            assertTrue(get("/v1/drivers").path("sleeper").isMissingNode());

            LauncherIT.deploy(SLEEPER, deploy.resolve("sleeper.jar"), 0);
            Poll.until(() -> {
                try {
                    return get("/v1/drivers").path("sleeper").path("Healthy").asBoolean();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, Duration.ofSeconds(30), () -> "sleeper not deployed");

            put("/v1/jobs", "{\"Job\": {\"ID\": \"sleepers\", \"Type\": \"service\", \"TaskGroups\": [{\"Name\": \"g\","
                    + " \"Count\": " + TASKS + ", \"Tasks\": [{\"Name\": \"s\", \"Driver\": \"sleeper\","
                    + " \"Config\": {\"duration\": \"10m\"}}]}]}}");
            awaitAll(t -> t.path("State").asText().equals("running")
                    && t.path("DriverAttachment").asText().equals("attached"), "all running");

            LauncherIT.deploy(SLEEPER, deploy.resolve("sleeper.jar"), 5); // replaced: an update in place
            awaitAll(t -> reattachedAgain(t, 1), "all re-attached after the replacement");

            Files.delete(deploy.resolve("sleeper.jar"));
            awaitAll(t -> t.path("State").asText().equals("running")
                    && t.path("DriverAttachment").asText().equals("waiting_for_driver"),
                    "all running and waiting for their driver");

            LauncherIT.deploy(SLEEPER, deploy.resolve("sleeper.jar"), 10);
            awaitAll(t -> reattachedAgain(t, 2), "all re-attached after the return");

            for (JsonNode t : tasks()) {
                assertEquals(0, t.path("Restarts").asInt());
                long started = 0;
                for (JsonNode e : t.path("Events")) {
                    started += e.path("Type").asText().equals("Started") ? 1 : 0;
                    assertTrue(!e.path("Type").asText().equals("Restarting"), t.toString());
                }
                assertEquals(1, started, "started once: " + t);
            }
            assertEquals(0, agent.terminate(Duration.ofSeconds(60)));
        }
    }
}
