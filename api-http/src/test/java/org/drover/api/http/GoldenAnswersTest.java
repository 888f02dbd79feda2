package org.drover.api.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.drover.api.http.ApiHarness.Answer;
import org.drover.json.JsonTrees;
import org.drover.runner.api.state.StoreFault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The API's answers about a fixed {@link Node}, pinned byte for byte by the
 * files under {@code src/test/resources/golden} (see {@link Golden} to
 * regenerate them): field names, order, types and messages are what clients
 * parse, so a change to any of them shows here as a diff to review.
 */
class GoldenAnswersTest {

    static final String JOB = "{\"Job\": {\"ID\": \"api\", \"Type\": \"service\", \"TaskGroups\": [{\"Name\": \"g\","
            + " \"Count\": 2, \"Tasks\": [{\"Name\": \"t\", \"Driver\": \"mock\", \"Config\": {\"run_for\": \"1m\"}}]}],"
            + " \"Update\": {\"MaxParallel\": 1}}}";

    @RegisterExtension
    final ApiHarness api = ApiHarness.started();


    /**
     * The pretty answer is the golden file; the compact one, which clients get without
     * {@code ?pretty}, is the same document without the layout.
     */
    void json(String golden, int status, String method, String path, String body) throws Exception {
        Answer pretty = api.call(method, path + (path.contains("?") ? "&" : "?") + "pretty=true", body);
        assertEquals(status, pretty.status(), pretty.body());
        assertEquals("application/json", pretty.contentType());
        Golden.assertMatches(golden, pretty.bytes());
        Answer compact = api.call(method, path, body);
        byte[] expected = Files.readAllBytes(Path.of(System.getProperty("basedir", "."),
                "src/test/resources/golden", golden));
        assertArrayEquals(JsonTrees.write(JsonTrees.read(expected)), compact.bytes(), compact.body());
    }

    void json(String golden, String path) throws Exception {
        json(golden, 200, "GET", path, null);
    }

    @Test
    void jobs() throws Exception {
        json("jobs.json", "/v1/jobs");
    }

    @Test
    void job() throws Exception {
        json("job.json", "/v1/job/web");
    }

    @Test
    void jobAllocations() throws Exception {
        json("job-allocations.json", "/v1/job/web/allocations");
    }

    @Test
    void blockedJob() throws Exception {
        json("job-pending.json", "/v1/job/cache");
    }

    @Test
    void jobEvaluations() throws Exception {
        json("job-evaluations.json", "/v1/job/cache/evaluations");
    }

    @Test
    void evaluation() throws Exception {
        json("evaluation-blocked.json", "/v1/evaluation/" + Node.CACHE_BLOCKED);
    }

    @Test
    void allocations() throws Exception {
        json("allocations.json", "/v1/allocations");
    }

    @Test
    void allocation() throws Exception {
        json("allocation.json", "/v1/allocation/" + Node.WEB_0);
    }

    @Test
    void drivers() throws Exception {
        json("drivers.json", "/v1/drivers");
    }

    @Test
    void nodeSelf() throws Exception {
        json("node.json", "/v1/node/self");
        json("node.json", "/v1/node/" + FakeNode.ID);
    }

    @Test
    void nodes() throws Exception {
        json("nodes.json", "/v1/nodes");
        json("nodes-resources.json", "/v1/nodes?resources=true&os=true");
        json("nodes-none.json", "/v1/nodes?prefix=ffff");
    }

    @Test
    void health() throws Exception {
        json("health.json", "/v1/agent/health");
        api.node.store.fault = new StoreFault(Instant.ofEpochSecond(Node.T0 / Node.SECOND), "No space left on device");
        json("health-store-fault.json", 500, "GET", "/v1/agent/health", null);
    }

    @Test
    void registration() throws Exception {
        api.node.jobs.nextAllocIds = List.of("0a1b2c3d-0000-4000-8000-000000000001",
                "0a1b2c3d-0000-4000-8000-000000000002");
        json("register.json", 200, "PUT", "/v1/jobs", JOB);
    }

    @Test
    void validation() throws Exception {
        json("validate-ok.json", 200, "PUT", "/v1/validate/job", JOB);
        json("validate-errors.json", 200, "PUT", "/v1/validate/job", "{\"Job\": {\"ID\": \"bad\", \"TaskGroups\":"
                + " [{\"Name\": \"g\", \"Tasks\": [{\"Name\": \"t\", \"Driver\": \"docker\"},"
                + " {\"Name\": \"u\", \"Driver\": \"mock\", \"Config\": {\"exit_code\": \"zero\"}}]}]}}");
    }

    @Test
    void metricsInPrometheusText() throws Exception {
        Answer a = api.get("/v1/metrics");
        assertEquals(200, a.status());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", a.contentType());
        Golden.assertMatches("metrics.prom", a.bytes());
    }

    /** Each refusal as {@code METHOD path [body] -> status message-body}, one a line. */
    @Test
    void refusals() throws Exception {
        StringBuilder out = new StringBuilder();
        refusal(out, "GET", "/", null, ApiHarness.TOKEN);
        refusal(out, "GET", "/v2/jobs", null, ApiHarness.TOKEN);
        refusal(out, "GET", "/v1", null, ApiHarness.TOKEN);
        refusal(out, "GET", "/v1/nothing", null, ApiHarness.TOKEN);
        refusal(out, "GET", "/v1/jobs", null, null);
        refusal(out, "GET", "/v1/jobs", null, "wrong");
        refusal(out, "DELETE", "/v1/jobs", null, ApiHarness.TOKEN);
        refusal(out, "POST", "/v1/allocations", null, ApiHarness.TOKEN);
        refusal(out, "GET", "/v1/system/gc", null, ApiHarness.TOKEN);
        refusal(out, "PUT", "/v1/agent/health", null, ApiHarness.TOKEN);
        refusal(out, "PUT", "/v1/validate/job", "{\"Job\": {\"ID\": \"bad\", \"TaskGroups\": [{\"Name\": \"g\","
                + " \"Count\": -1, \"Tasks\": [{\"Name\": \"t\", \"Driver\": \"mock\"}]}]}}", ApiHarness.TOKEN);
        refusal(out, "GET", "/v1/node/3f2b8c1d", null, ApiHarness.TOKEN);
        refusal(out, "GET", "/v1/node/nope/allocations", null, ApiHarness.TOKEN);
        refusal(out, "GET", "/v1/nodes?resources=yes", null, ApiHarness.TOKEN);
        refusal(out, "PUT", "/v1/node/self", null, ApiHarness.TOKEN);
        refusal(out, "GET", "/v1/job/nope", null, ApiHarness.TOKEN);
        refusal(out, "DELETE", "/v1/job/nope", null, ApiHarness.TOKEN);
        refusal(out, "GET", "/v1/job/nope/allocations", null, ApiHarness.TOKEN);
        refusal(out, "GET", "/v1/allocation/ffff", null, ApiHarness.TOKEN);
        refusal(out, "GET", "/v1/allocation/5", null, ApiHarness.TOKEN);
        refusal(out, "GET", "/v1/allocation/5b7a", null, ApiHarness.TOKEN);
        refusal(out, "PUT", "/v1/jobs", "", ApiHarness.TOKEN);
        refusal(out, "PUT", "/v1/jobs", "{\"Job\": ", ApiHarness.TOKEN);
        refusal(out, "PUT", "/v1/jobs", "[1, 2]", ApiHarness.TOKEN);
        refusal(out, "PUT", "/v1/jobs", "{\"Job\": {\"ID\": \"x\", \"TaskGroups\": [{\"Name\": \"g\", \"Tasks\":"
                + " [{\"Name\": \"t\", \"Driver\": \"docker\", \"Config\": {\"image\": 1}}]}]}}",
                ApiHarness.TOKEN);
        refusal(out, "GET", "/v1/evaluation/nope", null, ApiHarness.TOKEN);
        refusal(out, "GET", "/v1/job/nope/evaluations", null, ApiHarness.TOKEN);
        refusal(out, "GET", "/v1/client/fs/logs/" + Node.WEB_0, null, ApiHarness.TOKEN);
        refusal(out, "GET", "/v1/client/fs/logs/" + Node.WEB_0 + "?task=server&type=stdin", null, ApiHarness.TOKEN);
        refusal(out, "GET", "/v1/client/fs/logs/" + Node.WEB_0 + "?task=server&origin=middle", null,
                ApiHarness.TOKEN);
        refusal(out, "GET", "/v1/client/fs/logs/" + Node.WEB_0 + "?task=server", null, ApiHarness.TOKEN);
        refusal(out, "GET", "/v1/client/fs/cat/" + Node.WEB_0 + "?path=../../etc/passwd", null, ApiHarness.TOKEN);
        refusal(out, "GET", "/v1/client/fs/cat/" + Node.WEB_0 + "?path=server/local/x", null, ApiHarness.TOKEN);
        Golden.assertMatches("refusals.txt", out.toString());
    }

    private void refusal(StringBuilder out, String method, String path, String body, String token) throws Exception {
        Answer a = api.call(method, path, body, token);
        assertEquals("application/json", a.contentType(), path);
        String shown = body == null ? "" : body.isEmpty() ? " (empty body)" : " " + body;
        out.append(method).append(' ').append(path).append(shown)
                .append(token == null ? " (no token)" : token.equals(ApiHarness.TOKEN) ? "" : " (token " + token + ")")
                .append("\n  -> ").append(a.status()).append(' ').append(a.body()).append('\n');
    }
}
