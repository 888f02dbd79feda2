package org.drover.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.drover.api.http.ApiHarness.Answer;
import org.drover.runner.api.state.StoreFault;
import org.drover.runner.api.state.StoreUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each route of {@link ApiHandler} through a real server over in-memory
 * services: what it asks of them, and what it answers when they refuse or fail.
 * The answers' bodies are pinned by {@link GoldenAnswersTest}.
 */
class RoutesTest {

    /** Every route, once: the token guards all of them but the health check. */
    static final List<String> GUARDED = List.of("GET /v1/drivers", "GET /v1/metrics", "GET /v1/nodes",
            "GET /v1/node/self", "GET /v1/node/self/allocations", "GET /v1/jobs", "PUT /v1/jobs",
            "POST /v1/jobs", "POST /v1/validate/job", "PUT /v1/validate/job", "GET /v1/job/web",
            "DELETE /v1/job/web", "GET /v1/job/web/allocations", "GET /v1/job/cache/evaluations",
            "GET /v1/evaluation/" + Node.CACHE_BLOCKED, "GET /v1/allocations",
            "GET /v1/allocation/" + Node.WEB_0, "GET /v1/client/fs/logs/" + Node.WEB_0 + "?task=server",
            "GET /v1/client/fs/cat/" + Node.WEB_0 + "?path=alloc/logs", "PUT /v1/system/gc", "PUT /v1/client/gc");

    @TempDir
    Path tmp;
    ApiHarness api;

    @BeforeEach
    void start() throws Exception {
        api = new ApiHarness(tmp);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    Answer call(String route, String token) throws Exception {
        String[] r = route.split(" ");
        return api.call(r[0], r[1], null, token);
    }

    @Test
    void everyRouteButHealthNeedsTheTokenAndNothingIsDoneWithoutIt() throws Exception {
        for (String route : GUARDED) {
            assertEquals(401, call(route, null).status(), route);
            assertEquals(403, call(route, "s3cret-not").status(), route);
            assertEquals(403, call(route, "").status(), route);
        }
        assertEquals(List.of(), api.node.jobs.stopped);
        assertEquals(0, api.node.jobs.garbageCollections + api.node.allocs.garbageCollections);
        assertEquals(200, api.call("GET", "/v1/agent/health", null, null).status());
    }

    @Test
    void theTokenMayComeAsABearerToken() throws Exception {
        var client = java.net.http.HttpClient.newHttpClient();
        Answer plain = api.get("/v1/jobs");
        assertEquals(200, plain.status());
        var r = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(api.address() + "/v1/jobs"))
                .header("Authorization", "Bearer " + ApiHarness.TOKEN).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals(plain.body(), r.body());
    }

    @Test
    void aJobIsRegisteredOnlyOnceEveryCheckPassed() throws Exception {
        api.node.jobs.nextAllocIds = List.of("a1");
        assertEquals(400, api.call("PUT", "/v1/jobs", "{\"Job\": {\"ID\": \"x\", \"TaskGroups\": [{\"Name\": \"g\","
                + " \"Tasks\": [{\"Name\": \"t\", \"Driver\": \"mock\", \"Config\": {\"nope\": 1}}]}]}}").status());
        assertEquals(List.of(), api.node.jobs.registered);
        Answer ok = api.call("POST", "/v1/jobs", GoldenAnswersTest.JOB);
        assertEquals(200, ok.status(), ok.body());
        assertEquals(1, api.node.jobs.registered.size());
        assertEquals("api", api.node.jobs.registered.get(0).id());
        assertEquals(2, api.node.jobs.registered.get(0).groups().get(0).count());
    }

    @Test
    void validationRegistersNothing() throws Exception {
        assertEquals(200, api.call("POST", "/v1/validate/job", GoldenAnswersTest.JOB).status());
        assertEquals(List.of(), api.node.jobs.registered);
    }

    @Test
    void strictRefusesWhatIsOtherwiseAWarning() throws Exception {
        Answer a = api.call("PUT", "/v1/jobs?strict=true", GoldenAnswersTest.JOB);
        assertEquals(400, a.status(), a.body());
        assertTrue(a.body().contains("Job.Update"), a.body());
        assertEquals(List.of(), api.node.jobs.registered);
    }

    /** As in Nomad, a driver the node lacks, or has unhealthy, leaves the job waiting: it is no refusal. */
    @Test
    void aJobWithADriverTheNodeCannotUseIsRegistered() throws Exception {
        Answer missing = api.call("PUT", "/v1/jobs", "{\"Job\": {\"ID\": \"x\", \"TaskGroups\": [{\"Name\": \"g\","
                + " \"Tasks\": [{\"Name\": \"t\", \"Driver\": \"nope\"}]}]}}");
        assertEquals(200, missing.status(), missing.body());
        Answer unhealthy = api.call("PUT", "/v1/jobs", "{\"Job\": {\"ID\": \"y\", \"TaskGroups\": [{\"Name\": \"g\","
                + " \"Tasks\": [{\"Name\": \"t\", \"Driver\": \"docker\", \"Config\": {\"image\": \"redis\"}}]}]}}");
        assertEquals(200, unhealthy.status(), unhealthy.body());
        assertEquals(List.of("x", "y"), api.node.jobs.registered.stream().map(j -> j.id()).toList());
    }

    /** The schema of a driver that is present is checked, healthy or not. */
    @Test
    void anUnhealthyDriversSchemaStillRefusesABadConfig() throws Exception {
        Answer a = api.call("PUT", "/v1/jobs", "{\"Job\": {\"ID\": \"y\", \"TaskGroups\": [{\"Name\": \"g\","
                + " \"Tasks\": [{\"Name\": \"t\", \"Driver\": \"docker\"}]}]}}");
        assertEquals(400, a.status(), a.body());
        assertTrue(a.body().contains("Job.TaskGroups[\\\"g\\\"].Tasks[\\\"t\\\"].Config"), a.body());
        assertEquals(List.of(), api.node.jobs.registered);
    }

    @Test
    void aStopIsPassedOnWithPurge() throws Exception {
        assertEquals("{\"JobID\":\"web\"}", api.call("DELETE", "/v1/job/web", null).body());
        assertEquals(200, api.call("DELETE", "/v1/job/web?purge=true&wait=true", null).status());
        assertEquals(List.of("web", "web purge"), api.node.jobs.stopped);
    }

    @Test
    void aStopTheStoreCannotRecordIsA503SayingTheTasksStopAnyway() throws Exception {
        api.node.jobs.refuse = new StoreUnavailableException(new StoreFault(Instant.EPOCH, "No space left on device"));
        Answer a = api.call("DELETE", "/v1/job/web", null);
        assertEquals(503, a.status());
        assertTrue(a.body().startsWith("{\"message\":\"the job's tasks are being stopped, but the stop cannot be"
                + " recorded: the state store cannot write since 1970-01-01T00:00:00Z: No space left on device;"),
                a.body());
    }

    @Test
    void garbageCollectionIsAskedOfTheRightService() throws Exception {
        assertEquals("{}", api.call("PUT", "/v1/system/gc", null).body());
        assertEquals(1, api.node.jobs.garbageCollections);
        assertEquals("{}", api.call("PUT", "/v1/client/gc", "ignored").body());
        assertEquals(1, api.node.allocs.garbageCollections);
    }

    @Test
    void anAllocationIsFoundByAUniquePrefix() throws Exception {
        Answer whole = api.get("/v1/allocation/" + Node.WEB_1);
        assertEquals(whole.body(), api.get("/v1/allocation/5b7a9").body());
        assertEquals(whole.body(), api.get("/v1/allocation/" + Node.WEB_1.substring(0, 2 + 8)).body());
        Answer logs = api.get("/v1/client/fs/logs/c0?task=nope");
        assertEquals(400, logs.status());
        assertTrue(logs.body().contains("allocation " + Node.NIGHTLY_0 + " has no task"), logs.body());
    }

    @Test
    void logsAndFilesAreReadFromTheAllocationDirectory() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(Node.WEB_0).resolve("alloc/logs"));
        Files.writeString(dir.resolve("server.stdout.0"), "one\n");
        Files.writeString(dir.resolve("server.stderr.0"), "two\n");
        Answer out = api.get("/v1/client/fs/logs/" + Node.WEB_0 + "?task=server");
        assertEquals(200, out.status());
        assertEquals("text/plain; charset=utf-8", out.contentType());
        assertEquals("one\n", out.body());
        assertEquals("two\n", api.get("/v1/client/fs/logs/" + Node.WEB_0 + "?task=server&type=stderr").body());
        Answer cat = api.get("/v1/client/fs/cat/" + Node.WEB_0 + "?path=alloc/logs/server.stdout.0");
        assertEquals("application/octet-stream", cat.contentType());
        assertEquals("one\n", cat.body());
        assertEquals(404, api.get("/v1/client/fs/cat/" + Node.WEB_0 + "?path=alloc/logs/none").status());
    }

    @Test
    void aBodyOverTheLimitIsA413AndTheConnectionServesTheNextRequest() throws Exception {
        String big = "{\"Job\": \"" + "x".repeat(ApiHandler.MAX_BODY) + "\"}";
        Answer a = api.call("PUT", "/v1/jobs", big);
        assertEquals(413, a.status());
        assertEquals("{\"message\":\"the body is larger than 1048576 bytes\"}", a.body());
        assertEquals(List.of(), api.node.jobs.registered);
        assertEquals(200, api.get("/v1/jobs").status());
    }

    @Test
    void aFailingServiceIsA500AndTheServerGoesOn() throws Exception {
        api.node.allocs.listFails = new IllegalStateException("the runner is gone");
        Answer a = api.get("/v1/allocations");
        assertEquals(500, a.status());
        assertEquals("{\"message\":\"internal error: java.lang.IllegalStateException: the runner is gone\"}",
                a.body());
        api.node.allocs.listFails = null;
        assertEquals(200, api.get("/v1/allocations").status());
    }

    @Test
    void prettyIsOnlyLayout() throws Exception {
        assertEquals(api.get("/v1/jobs").body(), api.get("/v1/jobs?pretty=false").body());
        assertTrue(api.get("/v1/jobs?pretty").body().startsWith("[ {\n"));
    }
}
