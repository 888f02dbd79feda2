package org.drover.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The HTTP API end to end: a real agent, real HTTP, real tasks. */
class ApiIT extends SharedAgent {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "s3cret-token";

    @BeforeAll
    static void start() throws Exception {
        startAgent("--token", TOKEN);
    }

    HttpResponse<String> call(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(agent.api() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("X-Nomad-Token", token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode ok(String method, String path, String body) throws Exception {
        HttpResponse<String> r = call(method, path, body, TOKEN);
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    static String message(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body()).path("message").asText();
    }

    static String job(String id, String type, String driver, String config) {
        return "{\"Job\": {\"ID\": \"" + id + "\", \"Type\": \"" + type + "\", \"TaskGroups\": [{\"Name\": \"g\","
                + " \"RestartPolicy\": {\"Attempts\": 0, \"Mode\": \"fail\"}, \"Tasks\": [{\"Name\": \"t\", \"Driver\": \""
                + driver + "\", \"Config\": " + config + ", \"KillTimeout\": 2000000000}]}]}}";
    }

    static String shell(String script) throws Exception {
        return "{\"command\": \"/bin/sh\", \"args\": [\"-c\", " + JSON.writeValueAsString(script) + "]}";
    }

    JsonNode alloc(String id) throws Exception {
        return ok("GET", "/v1/allocation/" + id, null);
    }

    void awaitTask(String allocId, String state) throws Exception {
        Poll.until(() -> {
            try {
                return alloc(allocId).path("TaskStates").path("t").path("State").asText().equals(state);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, Duration.ofSeconds(60), () -> "task of " + allocId + " not " + state);
    }

    @Test
    void requestsNeedTheToken() throws Exception {
        String body = job("tokened", "batch", "raw_exec", shell("true"));
        HttpResponse<String> none = call("PUT", "/v1/jobs", body, null);
        assertEquals(401, none.statusCode());
        assertEquals("this agent requires a token (X-Nomad-Token)", message(none));
        HttpResponse<String> wrong = call("PUT", "/v1/jobs", body, "guess");
        assertEquals(403, wrong.statusCode());
        assertEquals("the token is not valid", message(wrong));
        assertEquals(401, call("DELETE", "/v1/job/tokened", null, null).statusCode());
        // Every endpoint that is not a read, with no token and with a wrong one.
        for (String[] endpoint : new String[][] {{"PUT", "/v1/jobs"}, {"POST", "/v1/jobs"}, {"PUT", "/v1/validate/job"},
            {"POST", "/v1/validate/job"}, {"DELETE", "/v1/job/tokened"}}) {
            String b = endpoint[0].equals("DELETE") ? null : body;
            assertEquals(401, call(endpoint[0], endpoint[1], b, null).statusCode(), String.join(" ", endpoint));
            assertEquals(403, call(endpoint[0], endpoint[1], b, "s3cret-tokeN").statusCode(), String.join(" ", endpoint));
        }
        for (int i = 0; i < 50; i++) {
            // Refusals, body unread by the handler, must leave the client's pooled connection usable.
            assertEquals(401, call("PUT", "/v1/jobs", body, null).statusCode());
            assertEquals(403, call("PUT", "/v1/jobs", body, "guess").statusCode());
        }
        assertEquals(401, call("GET", "/v1/jobs", null, null).statusCode(), "reading needs the token too");
        assertFalse(call("GET", "/v1/jobs", null, TOKEN).body().contains("tokened"), "nothing was registered");
    }

    @Test
    void aJobRunsItsEventsShowAndItsLogFollowsUntilTheTaskEnds() throws Exception {
        String script = "for i in 1 2 3; do echo line $i; done; echo oops >&2;"
                + " while [ ! -e $NOMAD_TASK_DIR/gate ]; do sleep 0.05; done; echo line 4; exit 3";
        JsonNode r = ok("PUT", "/v1/jobs", job("follow", "batch", "raw_exec", shell(script)));
        assertFalse(r.path("Unchanged").asBoolean());
        String allocId = r.path("AllocIDs").get(0).asText();
        awaitTask(allocId, "running");
        assertTrue(ok("PUT", "/v1/jobs", job("follow", "batch", "raw_exec", shell(script))).path("Unchanged")
                .asBoolean(), "the same job again changes nothing");

        CompletableFuture<String> followed = CompletableFuture.supplyAsync(() -> {
            try {
                HttpResponse<InputStream> s = http.send(HttpRequest.newBuilder(URI.create(agent.api()
                        + "/v1/client/fs/logs/" + allocId + "?task=t&type=stdout&follow=true"))
                        .header("X-Nomad-Token", TOKEN).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                return new String(s.body().readAllBytes(), StandardCharsets.UTF_8);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Path gate = data.resolve("alloc").resolve(allocId).resolve("t/local/gate");
        Files.writeString(gate, "go");
        assertEquals("line 1\nline 2\nline 3\nline 4\n", followed.get(60, TimeUnit.SECONDS),
                "the follow ends once the task is dead and everything was sent");
        awaitTask(allocId, "dead");

        JsonNode a = alloc(allocId);
        assertEquals("failed", a.path("ClientStatus").asText());
        List<String> types = new java.util.ArrayList<>();
        a.path("TaskStates").path("t").path("Events").forEach(e -> types.add(e.path("Type").asText()));
        assertEquals(List.of("Received", "Task Setup", "Started", "Terminated", "Not Restarting"), types);
        assertEquals("Exit Code: 3", a.path("TaskStates").path("t").path("Events").get(3).path("DisplayMessage")
                .asText());
        HttpResponse<String> err = call("GET", "/v1/client/fs/logs/" + allocId.substring(0, 8)
                + "?task=t&type=stderr", null, TOKEN);
        assertEquals("oops\n", err.body(), "a unique prefix names the allocation");
        assertEquals("dead", ok("GET", "/v1/job/follow", null).path("Status").asText());
    }

    @Test
    void stoppingAServiceJobKillsItsTasks() throws Exception {
        String id = ok("PUT", "/v1/jobs", job("svc", "service", "raw_exec",
                shell("trap 'exit 0' INT; while :; do sleep 0.05; done"))).path("AllocIDs").get(0).asText();
        awaitTask(id, "running");
        ok("DELETE", "/v1/job/svc?wait=true", null);
        JsonNode t = alloc(id).path("TaskStates").path("t");
        assertEquals("dead", t.path("State").asText());
        assertFalse(t.path("Failed").asBoolean());
        assertEquals("dead", ok("GET", "/v1/job/svc", null).path("Status").asText());
    }

    @Test
    void badRequestsAre4xxNamingTheFieldAndNothingIsRegistered() throws Exception {
        record Case(String body, int status, String message) {
        }
        List<Case> cases = List.of(
                new Case("{\"Job\": ", 400, "the body is not valid JSON: Unexpected end-of-input"),
                new Case("", 400, "the body is empty; expected a job as JSON"),
                new Case("{\"Job\": {\"ID\": \"bad1\", \"TaskGroups\": [{\"Name\": \"g\", \"Tasks\": [{\"Name\": \"t\","
                        + " \"Driver\": \"raw_exec\", \"Config\": {\"command\": \"true\"}, \"Resources\": {\"MemoryMB\":"
                        + " \"lots\"}}]}]}}", 400,
                        "Job.TaskGroups[\"g\"].Tasks[\"t\"].Resources.MemoryMB: must be a whole number, got \"lots\""
                                + " (string)"),
                new Case(job("bad3", "batch", "raw_exec", "{\"command\": \"true\", \"comand\": \"x\"}"), 400,
                        "Job.TaskGroups[\"g\"].Tasks[\"t\"].Config: driver raw_exec: unknown config key \"comand\""),
                new Case(job("bad4", "batch", "raw_exec", "{\"command\": 7}"), 400,
                        "Job.TaskGroups[\"g\"].Tasks[\"t\"].Config: driver raw_exec: config key \"command\" must be a"
                                + " string, got 7 (number)"));
        for (Case c : cases) {
            HttpResponse<String> r = call("PUT", "/v1/jobs", c.body(), TOKEN);
            assertEquals(c.status(), r.statusCode(), r.body());
            assertTrue(message(r).startsWith(c.message()), "expected " + c.message() + "\nbut got " + message(r));
        }
        String jobs = call("GET", "/v1/jobs", null, TOKEN).body();
        for (String id : List.of("bad1", "bad2", "bad3", "bad4")) {
            assertFalse(jobs.contains("\"" + id + "\""), id + " must not be registered");
        }
        assertEquals(404, call("GET", "/v1/job/bad1", null, TOKEN).statusCode());
        assertEquals(404, call("GET", "/v1/nowhere", null, TOKEN).statusCode());
        assertEquals(405, call("DELETE", "/v1/jobs", null, TOKEN).statusCode());
    }

    @Test
    void filesAreServedFromInsideTheAllocationOnly() throws Exception {
        String id = ok("PUT", "/v1/jobs", job("files", "batch", "raw_exec",
                shell("echo inside > $NOMAD_TASK_DIR/note; ln -s /etc $NOMAD_TASK_DIR/etc"))).path("AllocIDs").get(0)
                .asText();
        awaitTask(id, "dead");
        HttpResponse<String> note = call("GET", "/v1/client/fs/cat/" + id + "?path=t/local/note", null, TOKEN);
        assertEquals("inside\n", note.body());
        HttpResponse<String> up = call("GET", "/v1/client/fs/cat/" + id + "?path=../../state/state.db", null, TOKEN);
        assertEquals(403, up.statusCode());
        assertEquals("path: \"../../state/state.db\" is outside the allocation directory", message(up));
        HttpResponse<String> link = call("GET", "/v1/client/fs/cat/" + id + "?path=t/local/etc/passwd", null, TOKEN);
        assertEquals(403, link.statusCode());
        assertEquals("path: \"t/local/etc/passwd\" passes through a symbolic link, \"t/local/etc\", and links are"
                + " never followed", message(link));
        HttpResponse<String> absolute = call("GET", "/v1/client/fs/cat/" + id + "?path=/etc/passwd", null, TOKEN);
        assertEquals(404, absolute.statusCode(), "an absolute path is read inside the allocation");
        assertEquals("path: no file \"/etc/passwd\" in the allocation directory", message(absolute));
        String other = ok("PUT", "/v1/jobs", job("other", "batch", "raw_exec", shell("echo s > $NOMAD_SECRETS_DIR/key")))
                .path("AllocIDs").get(0).asText();
        awaitTask(other, "dead");
        HttpResponse<String> theirs = call("GET", "/v1/client/fs/cat/" + id + "?path=../" + other + "/t/secrets/key",
                null, TOKEN);
        assertEquals(403, theirs.statusCode(), "another allocation's secrets");
        HttpResponse<String> own = call("GET", "/v1/client/fs/cat/" + other + "?path=t/secrets/key", null, TOKEN);
        assertEquals(403, own.statusCode(), "nor its own: Nomad serves no file of a secrets directory");
        assertEquals("Reading secret file prohibited: t/secrets/key", message(own));
        HttpResponse<String> task = call("GET", "/v1/client/fs/logs/" + id + "?task=../../t", null, TOKEN);
        assertEquals(400, task.statusCode());
        assertTrue(message(task).startsWith("task: allocation " + id + " has no task \"../../t\""), message(task));
    }

    @Test
    void driversHealthAndMetricsDescribeTheNode() throws Exception {
        JsonNode drivers = ok("GET", "/v1/drivers", null);
        assertTrue(drivers.path("raw_exec").path("Healthy").asBoolean());
        assertEquals("1", drivers.path("raw_exec").path("Attributes").path("driver.raw_exec").asText());
        assertTrue(ok("GET", "/v1/agent/health", null).path("client").path("ok").asBoolean());
        // As Nomad: compact JSON unless asked for ?pretty.
        assertEquals("{\"client\":{\"ok\":true,\"message\":\"ok\"}}",
                call("GET", "/v1/agent/health", null, null).body(), "the health check needs no token");
        assertTrue(call("GET", "/v1/agent/health?pretty", null, null).body().startsWith("{\n  \"client\" : {"));

        String id = ok("PUT", "/v1/jobs", job("metered", "service", "raw_exec",
                shell("while :; do sleep 0.05; done"))).path("AllocIDs").get(0).asText();
        awaitTask(id, "running");
        Poll.until(() -> metrics().contains("drover_task_memory_rss_bytes{job=\"metered\",group=\"g\",alloc=\"" + id
                + "\",task=\"t\"}"), Duration.ofSeconds(30), () -> metrics());
        String m = metrics();
        assertTrue(m.contains("# TYPE drover_allocations gauge\n"), m);
        assertTrue(m.contains("drover_driver_healthy{driver=\"raw_exec\"} 1\n"), m);
        long commits = Long.parseLong(m.lines().filter(l -> l.startsWith("drover_store_commit_seconds_count "))
                .findFirst().orElseThrow().split(" ")[1]);
        assertTrue(commits > 0, "every task transition is committed: " + m);
        assertTrue(m.contains("drover_task_restarts_total{job=\"metered\",group=\"g\",alloc=\"" + id
                + "\",task=\"t\"} 0\n"), m);
        ok("DELETE", "/v1/job/metered?wait=true", null);
    }

    String metrics() {
        try {
            return call("GET", "/v1/metrics", null, TOKEN).body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The API's whiteboard, end to end: a bundle dropped into the deploy dir adds an endpoint,
     * guarded by the token; its failure is a 500 the server outlives; deleting the bundle takes
     * the endpoint away.
     */
    @Test
    void aDeployedBundleAddsAnEndpointUntilItIsDeleted() throws Exception {
        Path deploy = data.resolve("deploy");
        Path written = org.drover.launcher.endpoint.HelloEndpoint.bundle(deploy.resolve("hello.jar.part"));
        Path jar = Files.move(written, deploy.resolve("hello-endpoint.jar"),
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Poll.until(() -> status("/v1/hello/there") == 200, Duration.ofSeconds(30), () -> "no /v1/hello");
        assertEquals("{\"hello\":\"/there\",\"method\":\"PUT\"}", ok("PUT", "/v1/hello/there", "{}").toString());
        assertEquals(401, call("GET", "/v1/hello", null, null).statusCode());
        HttpResponse<String> boom = call("GET", "/v1/hello/boom", null, TOKEN);
        assertEquals(500, boom.statusCode());
        assertTrue(message(boom).contains("java.lang.IllegalStateException: boom"), boom.body());
        assertEquals(200, status("/v1/hello"));
        Files.delete(jar);
        Poll.until(() -> status("/v1/hello") == 404, Duration.ofSeconds(30), () -> "/v1/hello still served");
        assertEquals(200, status("/v1/jobs"));
    }

    int status(String path) {
        try {
            return call("GET", path, null, TOKEN).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
