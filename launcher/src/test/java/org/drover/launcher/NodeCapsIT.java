package org.drover.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * R3: the node's caps, set by an operator's file in the deploy dir. As in
 * Nomad, allocations past {@code node_max_allocs} are not placed: the job is
 * registered with a blocked evaluation whose failure is the dimension
 * {@code max allocation exceeded}, and nothing running is stopped; a new
 * version's allocations each replace an old one, which is not counted;
 * raising the cap applies at once, places what waits and re-attaches running
 * tasks instead of restarting them.
 */
class NodeCapsIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    final HttpClient http = HttpClient.newHttpClient();
    AgentProcess agent;

    @Test
    void allocationsPastTheNodesCapWaitAndTheRunningOnesAreKept() throws Exception {
        Path data = tmp.resolve("data");
        Path deploy = Files.createDirectories(data.resolve("deploy"));
        writeConfig(deploy, "node_max_allocs = 3\nmax_concurrent_starts = 2\n");
        agent = AgentProcess.start(tmp.resolve("console.txt"), "agent", "--data-dir", data.toString());
        try {
            agent.awaitLine(LauncherIT.READY);

            List<String> first = allocIds(register("a", 2, "sleep 300"));
            awaitRunning(first);

            JsonNode b = register("b", 2, "sleep 300");
            List<String> bIds = allocIds(b);
            assertEquals(1, bIds.size(), b.toString());
            JsonNode eval = JSON.readTree(get("/v1/evaluation/" + b.path("EvalID").asText()).body());
            assertEquals(1, eval.path("FailedTGAllocs").path("g").path("DimensionExhausted")
                    .path("max allocation exceeded").asInt(), eval.toString());
            JsonNode blocked = JSON.readTree(get("/v1/evaluation/" + eval.path("BlockedEval").asText()).body());
            assertEquals("blocked", blocked.path("Status").asText(), blocked.toString());
            awaitRunning(first);
            awaitRunning(bIds);

            // A new version replaces the old one's two, one for one: two of its three fit, one waits.
            List<String> second = allocIds(register("a", 3, "sleep 301"));
            assertEquals(2, second.size());
            awaitRunning(second);
            Poll.until(() -> first.stream().allMatch(id -> status(id) == 404), Duration.ofSeconds(60),
                    () -> "the replaced allocations to be removed");
            String startedBefore = events(second.get(0));

            writeConfig(deploy, "node_max_allocs = 5\n");
            Poll.until(() -> running("a") == 3 && running("b") == 2, Duration.ofSeconds(60),
                    () -> "the raised cap to place what waits");
            awaitRunning(second);
            assertEquals(startedBefore, events(second.get(0)), "re-attached, not restarted");
            assertTrue(startedBefore.contains("Started"), startedBefore);
        } finally {
            // Tasks outlive the agent by design: every job is stopped, so that none is left behind.
            for (String job : List.of("a", "b")) {
                call("DELETE", "/v1/job/" + job + "?wait=true");
            }
            agent.terminate(Duration.ofSeconds(30));
        }
    }

    /** How many of the job's allocations run; -1 while the API is being re-activated. */
    int running(String job) {
        try {
            HttpResponse<String> r = get("/v1/job/" + job + "/allocations");
            if (r.statusCode() != 200) {
                return -1;
            }
            int n = 0;
            for (JsonNode a : JSON.readTree(r.body())) {
                n += "running".equals(a.path("ClientStatus").asText()) ? 1 : 0;
            }
            return n;
        } catch (Exception e) {
            return -1;
        }
    }

    /** Written under another name and renamed, as an operator deploys. */
    static void writeConfig(Path deploy, String text) throws Exception {
        Path part = deploy.resolve(".runner.part");
        Files.writeString(part, text);
        Files.move(part, deploy.resolve("org.drover.runner.cfg"), StandardCopyOption.ATOMIC_MOVE);
    }

    static String job(String id, int count, String script) throws Exception {
        return "{\"Job\": {\"ID\": \"" + id + "\", \"Type\": \"service\", \"TaskGroups\": [{\"Name\": \"g\", \"Count\": "
                + count + ", \"Tasks\": [{\"Name\": \"t\", \"Driver\": \"raw_exec\", \"Config\": {\"command\":"
                + " \"/bin/sh\", \"args\": [\"-c\", " + JSON.writeValueAsString(script) + "]},"
                + " \"KillTimeout\": 2000000000}]}]}}";
    }

    JsonNode register(String id, int count, String script) throws Exception {
        HttpResponse<String> r = put(job(id, count, script));
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    static List<String> allocIds(JsonNode registration) {
        List<String> ids = new ArrayList<>();
        registration.path("AllocIDs").forEach(n -> ids.add(n.asText()));
        return ids;
    }

    void awaitRunning(List<String> ids) throws InterruptedException {
        Poll.until(() -> ids.stream().allMatch(id -> "running".equals(clientStatus(id))), Duration.ofSeconds(60),
                () -> "allocations " + ids + " to run");
    }

    String clientStatus(String id) {
        return allocation(id).path("ClientStatus").asText();
    }

    /** The task's event types, in order. */
    String events(String id) {
        List<String> types = new ArrayList<>();
        allocation(id).path("TaskStates").path("t").path("Events").forEach(e -> types.add(e.path("Type").asText()));
        return String.join(",", types);
    }

    JsonNode allocation(String id) {
        try {
            HttpResponse<String> r = get("/v1/allocation/" + id);
            return r.statusCode() == 200 ? JSON.readTree(r.body()) : JSON.createObjectNode();
        } catch (Exception e) {
            return JSON.createObjectNode(); // the API is being re-activated
        }
    }

    int status(String id) {
        try {
            return get("/v1/allocation/" + id).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    HttpResponse<String> put(String body) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(agent.api() + "/v1/jobs"))
                    .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path) throws Exception {
        return call("GET", path);
    }

    HttpResponse<String> call(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(agent.api() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
