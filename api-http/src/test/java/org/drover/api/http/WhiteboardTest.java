package org.drover.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.drover.api.http.ApiHarness.Answer;
import org.drover.api.http.spi.ApiEndpoint;
import org.drover.api.http.spi.ApiException;
import org.drover.api.http.spi.ApiResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.osgi.framework.Constants;

/**
 * Other bundles' endpoints, added and removed as their services would be (the
 * properties the framework gives a bind method), served by the real handler
 * over a real server.
 */
class WhiteboardTest {

    @RegisterExtension
    final ApiHarness api = ApiHarness.started();
    long nextServiceId = 100;
    final List<String> calls = new ArrayList<>();


    Map<String, Object> register(ApiEndpoint endpoint, Object path, int ranking) {
        Map<String, Object> props = new HashMap<>();
        props.put(Constants.SERVICE_ID, nextServiceId++);
        props.put(Constants.SERVICE_RANKING, ranking);
        if (path != null) {
            props.put(ApiEndpoint.PATH, path);
        }
        api.handler.endpoints().add(endpoint, props);
        return props;
    }

    Map<String, Object> register(ApiEndpoint endpoint, String path) {
        return register(endpoint, path, 0);
    }

    /** Answers with what it was asked, as text. */
    ApiEndpoint echo(String name) {
        return r -> {
            calls.add(name);
            return ApiResponse.text(200, name + " " + r.method() + " " + r.path() + " rest=" + r.rest() + " q="
                    + r.param("q") + " h=" + r.header("X-Test") + " body=" + new String(r.body(), StandardCharsets.UTF_8));
        };
    }

    @Test
    void anEndpointServesItsPathAndWhatIsUnderIt() throws Exception {
        register(echo("hello"), "/v1/hello");
        Answer a = api.call("PUT", "/v1/hello/big%20world?q=a%26b", "{\"x\": 1}");
        assertEquals(200, a.status());
        assertEquals("text/plain; charset=utf-8", a.contentType());
        assertEquals("hello PUT /v1/hello/big world rest=/big world q=a&b h=null body={\"x\": 1}", a.body());
        assertEquals("hello GET /v1/hello rest= q=null h=null body=", api.get("/v1/hello").body());
        assertEquals(404, api.get("/v1/hellothere").status());
        assertEquals(404, api.get("/v1").status());
    }

    @Test
    void anEndpointSharesTheTokenAndIsNotCalledWithoutIt() throws Exception {
        register(echo("hello"), "/v1/hello");
        Answer none = api.call("GET", "/v1/hello", null, null);
        assertEquals(401, none.status());
        assertEquals("{\"message\":\"this agent requires a token (X-Nomad-Token)\"}", none.body());
        assertEquals(403, api.call("GET", "/v1/hello", null, "guess").status());
        assertEquals(List.of(), calls);
    }

    @Test
    void aBodyOverTheLimitIsRefusedBeforeTheEndpointSeesIt() throws Exception {
        register(echo("hello"), "/v1/hello");
        Answer a = api.call("POST", "/v1/hello", "x".repeat(ApiHandler.MAX_BODY + 1));
        assertEquals(413, a.status());
        assertEquals("{\"message\":\"the body is larger than 1048576 bytes\"}", a.body());
        assertEquals(List.of(), calls);
        assertEquals(200, api.call("POST", "/v1/hello", "x".repeat(ApiHandler.MAX_BODY)).status());
    }

    @Test
    void aThrowingEndpointIsA500AndTheServerGoesOn() throws Exception {
        register(r -> {
            throw new IllegalStateException("boom");
        }, "/v1/broken");
        register(r -> {
            throw new NoClassDefFoundError("org/example/Gone");
        }, "/v1/gone");
        register(r -> null, "/v1/silent");
        register(r -> {
            throw new java.io.IOException("disk");
        }, "/v1/io");
        register(echo("hello"), "/v1/hello");
        Answer broken = api.get("/v1/broken/x");
        assertEquals(500, broken.status());
        assertEquals("application/json", broken.contentType());
        assertEquals("{\"message\":\"internal error: the endpoint for /v1/broken failed:"
                + " java.lang.IllegalStateException: boom\"}", broken.body());
        assertEquals("{\"message\":\"internal error: the endpoint for /v1/gone failed:"
                + " java.lang.NoClassDefFoundError: org/example/Gone\"}", api.get("/v1/gone").body());
        assertEquals("{\"message\":\"internal error: the endpoint for /v1/silent gave no answer\"}",
                api.get("/v1/silent").body());
        assertEquals(500, api.get("/v1/io").status());
        assertEquals(200, api.get("/v1/hello").status());
        assertEquals(200, api.get("/v1/jobs").status());
    }

    @Test
    void anEndpointRefusesWithTheApisErrorShape() throws Exception {
        register(r -> {
            throw new ApiException(422, "no \"such\" thing");
        }, "/v1/picky");
        Answer a = api.get("/v1/picky");
        assertEquals(422, a.status());
        assertEquals("application/json", a.contentType());
        assertEquals("{\"message\":\"no \\\"such\\\" thing\"}", a.body());
    }

    @Test
    void theApisOwnPathsCannotBeTakenNorShadowed() throws Exception {
        String jobs = api.get("/v1/jobs").body();
        for (String path : List.of("/v1/jobs", "/v1/job", "/v1/job/web/extra", "/v1/client/allocation",
                "/v1/agent/self", "/v1/metrics", "/v1/allocation", "/v1/system", "/v1/validate", "/v1/drivers")) {
            register(echo(path), path);
        }
        assertEquals(List.of(), api.handler.endpoints().entries());
        assertEquals(jobs, api.get("/v1/jobs").body());
        assertEquals(404, api.get("/v1/job/web/extra").status());
        assertEquals(404, api.get("/v1/agent/self").status());
        assertEquals(405, api.call("DELETE", "/v1/jobs", null).status());
        assertEquals(List.of(), calls);
    }

    @Test
    void aPathThatIsNoPathUnderV1IsNotServed() throws Exception {
        for (Object path : java.util.Arrays.asList(null, "/v1", "/v1/", "hello", "/v2/hello", "/v1/hello/",
                "/v1//hello", "/v1/a/../jobs", "/v1/..", "/v1/a b", "/v1/a?b", new String[] {"/v1/a", "/v1/b"})) {
            register(echo("x"), path, 0);
        }
        assertEquals(List.of(), api.handler.endpoints().entries());
    }

    @Test
    void theLongestPathWinsThenTheHighestRankingThenTheOldest() throws Exception {
        Map<String, Object> a = register(echo("a"), "/v1/a");
        register(echo("ab"), "/v1/a/b");
        Map<String, Object> low = register(echo("low"), "/v1/c", 0);
        Map<String, Object> high = register(echo("high"), "/v1/c", 5);
        register(echo("later"), "/v1/c", 5);
        assertEquals("ab", first(api.get("/v1/a/b/c")));
        assertEquals("a", first(api.get("/v1/a/bc")));
        assertEquals("high", first(api.get("/v1/c")));
        api.handler.endpoints().remove(high);
        assertEquals("later", first(api.get("/v1/c")));
        api.handler.endpoints().remove(a);
        assertEquals(404, api.get("/v1/a/bc").status());
        assertEquals("ab", first(api.get("/v1/a/b")));
        low.put(ApiEndpoint.PATH, "/v1/moved");
        api.handler.endpoints().add(echo("low"), low);
        assertEquals("low", first(api.get("/v1/moved")));
        assertEquals(List.of("/v1/moved", "/v1/a/b", "/v1/c"),
                api.handler.endpoints().entries().stream().map(Endpoints.Entry::path).toList());
    }

    private static String first(Answer a) {
        assertEquals(200, a.status(), a.body());
        return a.body().split(" ")[0];
    }
}
