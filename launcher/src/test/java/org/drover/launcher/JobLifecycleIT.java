package org.drover.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A job's life over the API as Nomad's users live it: stopped and run again, changed in a stanza
 * Drover does not act on, purged; and the submissions Nomad refuses, refused the same way. The
 * docker driver is pointed at an Engine that is not there, so it is unhealthy.
 */
class JobLifecycleIT extends SharedAgent {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    @BeforeAll
    static void start() throws Exception {
        Path deploy = Files.createDirectories(data.resolve("deploy"));
        Files.writeString(deploy.resolve("org.drover.driver.docker.cfg"),
                "endpoint = unix://" + tmp.resolve("no-engine.sock") + "\n");
        startAgent();
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(agent.api() + path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    JsonNode ok(String method, String path, String body) throws Exception {
        HttpResponse<String> r = send(method, path, body);
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    static String job(String id, String extra) {
        return "{\"Job\": {\"ID\": \"" + id + "\", \"Type\": \"service\"" + extra + ", \"TaskGroups\": [{\"Name\": \"g\","
                + " \"Tasks\": [{\"Name\": \"t\", \"Driver\": \"raw_exec\", \"KillTimeout\": 1000000000,"
                + " \"Config\": {\"command\": \"/bin/sleep\", \"args\": [\"600\"]}}]}]}}";
    }

    List<JsonNode> allocs(String job) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        HttpResponse<String> r = send("GET", "/v1/job/" + job + "/allocations", null);
        if (r.statusCode() == 404) {
            return out;
        }
        JSON.readTree(r.body()).forEach(out::add);
        return out;
    }

    void awaitStatus(String job, String status) throws Exception {
        Poll.until(() -> {
            try {
                return ok("GET", "/v1/job/" + job, null).path("Status").asText().equals(status)
                        && allocs(job).stream().allMatch(a -> !a.path("ClientStatus").asText().equals("pending"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, TIMEOUT, () -> job + " not " + status);
    }

    @Test
    void aStoppedJobRunsAgainAsItsNextVersion() throws Exception {
        JsonNode first = ok("PUT", "/v1/jobs", job("again", ""));
        awaitStatus("again", "running");
        assertEquals(0, ok("GET", "/v1/job/again", null).path("Version").asInt());

        ok("DELETE", "/v1/job/again?wait=true", null);
        JsonNode stopped = ok("GET", "/v1/job/again", null);
        assertEquals("dead", stopped.path("Status").asText());
        assertTrue(stopped.path("Stop").asBoolean());
        assertEquals("stop", allocs("again").get(0).path("DesiredStatus").asText());

        JsonNode rerun = ok("PUT", "/v1/jobs", job("again", ""));
        assertFalse(rerun.path("Unchanged").asBoolean(), "a stopped job runs again: " + rerun);
        assertFalse(rerun.path("AllocIDs").get(0).asText().equals(first.path("AllocIDs").get(0).asText()));
        awaitStatus("again", "running");
        JsonNode view = ok("GET", "/v1/job/again", null);
        assertEquals(1, view.path("Version").asInt());
        assertFalse(view.path("Stop").asBoolean());
        Poll.until(() -> {
            try {
                return allocs("again").size() == 1;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, TIMEOUT, () -> "the stopped version is not gone");
        assertEquals("run", allocs("again").get(0).path("DesiredStatus").asText());

        JsonNode same = ok("PUT", "/v1/jobs", job("again", ""));
        assertTrue(same.path("Unchanged").asBoolean(), "resubmitted as it runs: unchanged");
        ok("DELETE", "/v1/job/again?purge=true&wait=true", null);
    }

    @Test
    void aChangeInAStanzaDroverDoesNotActOnIsANewVersion() throws Exception {
        ok("PUT", "/v1/jobs", job("stanza", ""));
        awaitStatus("stanza", "running");
        String before = allocs("stanza").get(0).path("ID").asText();

        JsonNode changed = ok("PUT", "/v1/jobs", job("stanza", ", \"Update\": {\"MaxParallel\": 2}"));
        assertFalse(changed.path("Unchanged").asBoolean());
        assertTrue(changed.path("Warnings").asText().contains("Job.Update"), changed.toString());
        awaitStatus("stanza", "running");
        assertEquals(1, ok("GET", "/v1/job/stanza", null).path("Version").asInt());
        Poll.until(() -> {
            try {
                return allocs("stanza").stream().noneMatch(a -> a.path("ID").asText().equals(before));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, TIMEOUT, () -> "the old version is still there");
        ok("DELETE", "/v1/job/stanza?purge=true&wait=true", null);
    }

    @Test
    void aPurgedJobIsForgottenWithItsAllocationsAndTheirDirectories() throws Exception {
        ok("PUT", "/v1/jobs", job("purged", ""));
        awaitStatus("purged", "running");
        String alloc = allocs("purged").get(0).path("ID").asText();
        assertTrue(Files.isDirectory(data.resolve("alloc").resolve(alloc)));

        ok("DELETE", "/v1/job/purged?purge=true&wait=true", null);
        Poll.until(() -> {
            try {
                return send("GET", "/v1/job/purged", null).statusCode() == 404
                        && send("GET", "/v1/allocation/" + alloc, null).statusCode() == 404;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, TIMEOUT, () -> "the purged job is still there");
        assertFalse(Files.exists(data.resolve("alloc").resolve(alloc)), "its directory went first");
    }

    @Test
    void whatNomadRefusesIsRefusedAtItsFieldAndNothingIsStoredAndAMissingDriverWaits() throws Exception {
        HttpResponse<String> space = send("PUT", "/v1/jobs", job("my job", ""));
        assertEquals(400, space.statusCode(), space.body());
        assertEquals("Job.ID: Job ID contains a space", JSON.readTree(space.body()).path("message").asText());

        HttpResponse<String> periodic = send("PUT", "/v1/jobs",
                job("nightly", ", \"Periodic\": {\"Spec\": \"0 3 * * *\", \"Enabled\": true}"));
        assertEquals(400, periodic.statusCode(), periodic.body());
        assertTrue(periodic.body().contains("Job.Periodic: periodic jobs are not supported yet"), periodic.body());

        String docker = "{\"Job\": {\"ID\": \"boxed\", \"TaskGroups\": [{\"Name\": \"g\", \"Tasks\": [{\"Name\": \"t\","
                + " \"Driver\": \"docker\", \"Config\": {\"image\": \"busybox\"}}]}]}}";
        // A driver the node reports unhealthy is Nomad's "missing drivers": the job waits, it is not refused.
        JsonNode waiting = ok("PUT", "/v1/jobs", docker);
        assertEquals(List.of(), JSON.convertValue(waiting.path("AllocIDs"), List.class));
        JsonNode eval = ok("GET", "/v1/evaluation/" + waiting.path("EvalID").asText(), null);
        assertEquals("complete", eval.path("Status").asText(), eval.toString());
        assertEquals(1, eval.path("FailedTGAllocs").path("g").path("ConstraintFiltered").path("missing drivers")
                .asInt(), eval.toString());
        assertEquals("pending", ok("GET", "/v1/job/boxed", null).path("Status").asText());
        ok("DELETE", "/v1/job/boxed?purge=true&wait=true", null);

        for (String id : List.of("my job", "nightly", "boxed")) {
            assertEquals(404, send("GET", "/v1/job/" + id.replace(" ", "%20"), null).statusCode(), id);
        }
    }

    @Test
    void aJobKeyWrittenInAnotherCaseIsReadAsNomadsDecoderReadsIt() throws Exception {
        String lower = "{\"job\": {\"id\": \"lower\", \"type\": \"batch\", \"taskgroups\": [{\"name\": \"g\","
                + " \"tasks\": [{\"name\": \"t\", \"driver\": \"raw_exec\", \"config\": {\"command\": \"/bin/true\"}}]}]}}";
        assertEquals("lower", ok("PUT", "/v1/jobs", lower).path("JobID").asText());
        awaitStatus("lower", "dead");
        ok("DELETE", "/v1/job/lower?purge=true&wait=true", null);
    }
}
