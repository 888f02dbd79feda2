package org.drover.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A real agent's HTTP API, as the tests that drive one through it use it. */
final class AgentApi {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    AgentApi(AgentProcess agent) {
        this.base = agent.api();
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        // Bounded, so an answer that never comes fails the test instead of holding it.
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(2)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    JsonNode get(String path) throws Exception {
        HttpResponse<String> r = send("GET", path, null);
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    void submit(String jobJson) throws Exception {
        HttpResponse<String> r = send("PUT", "/v1/jobs", jobJson);
        assertEquals(200, r.statusCode(), r.body());
    }

    void stop(String job) throws Exception {
        HttpResponse<String> r = send("DELETE", "/v1/job/" + job + "?wait=true", null);
        assertEquals(200, r.statusCode(), r.body());
    }

    /** The allocations of {@code job}: their IDs and task groups. */
    List<JsonNode> allocations(String job) throws Exception {
        List<JsonNode> allocs = new ArrayList<>();
        get("/v1/job/" + job + "/allocations").forEach(allocs::add);
        return allocs;
    }

    JsonNode task(String alloc, String task) throws Exception {
        return get("/v1/allocation/" + alloc).path("TaskStates").path(task);
    }

    JsonNode awaitTask(String alloc, String task, Predicate<JsonNode> condition, Duration timeout, String what)
            throws Exception {
        Poll.until(() -> {
            try {
                return condition.test(task(alloc, task));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, timeout, () -> {
            try {
                return what + ": " + task(alloc, task);
            } catch (Exception e) {
                return what + ": " + e;
            }
        });
        return task(alloc, task);
    }

    static List<String> types(JsonNode task) {
        List<String> types = new ArrayList<>();
        task.path("Events").forEach(e -> types.add(e.path("Type").asText()));
        return types;
    }

    /** The first event of {@code type}, or a missing node. */
    static JsonNode event(JsonNode task, String type) {
        for (JsonNode e : task.path("Events")) {
            if (e.path("Type").asText().equals(type)) {
                return e;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    static String quoted(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
