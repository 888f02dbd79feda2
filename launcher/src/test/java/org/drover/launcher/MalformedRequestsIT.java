package org.drover.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

import org.drover.jobspec.BrokenJobs;
import org.drover.jobspec.BrokenJobs.Mutation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * R4 over HTTP: broken jobs and bodies that are not jobs at all, against a real
 * agent. Each is answered with a 4xx whose message names the field (or says
 * the body is not JSON); nothing is ever registered; the agent stays up.
 * {@code jqwik.tries.default} sets how many (1,000 in the build; the full-size
 * run in docs/reliability.md passes 10,000).
 */
class MalformedRequestsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "r4-token";
    /**
     * The valid job, each task's config with a key its driver does not know: even a harmless break is
     * refused, at Config (a driver the node lacks is no refusal: the job would wait for it).
     */
    private static final String BASE = BrokenJobs.VALID.replace("\"Config\": {", "\"Config\": {\"no-such-key\": 1, ");

    private static Path dir;
    private static AgentProcess agent;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeContainer
    static void startAgent() throws Exception {
        dir = Files.createTempDirectory("drover-r4");
        agent = AgentProcess.start(dir.resolve("console.txt"), "agent", "--data-dir", dir.resolve("data").toString(),
                "--token", TOKEN);
        agent.awaitLine(LauncherIT.READY);
    }

    @AfterContainer
    static void stopAgent() throws Exception {
        assertTrue(agent.isAlive(), "the agent is still up");
        assertEquals(0, agent.terminate(Duration.ofSeconds(30)));
    }

    private static HttpResponse<String> put(byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(agent.api() + "/v1/jobs")).header("X-Nomad-Token", TOKEN)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String get(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(agent.api() + path))
                .header("X-Nomad-Token", TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    private static String message(HttpResponse<String> r) throws Exception {
        JsonNode body = JSON.readTree(r.body());
        assertTrue(body.path("message").isTextual(), "a JSON message: " + r.body());
        return body.path("message").asText();
    }

    @Property
    void aBrokenJobIsRefusedNamingTheFieldAndNothingIsRegistered(@ForAll("broken") Mutation m) throws Exception {
        byte[] body = JSON.writeValueAsBytes(m.apply(JSON.readTree(BASE)));
        HttpResponse<String> r = put(body);
        assertEquals(400, r.statusCode(), m + ": " + r.body());
        String message = message(r);
        String field = m.named().toLowerCase(Locale.ROOT);
        // A rule over two fields (log storage against the disk) is reported at the block that holds them.
        String[] steps = m.place().pointer().split("/");
        String block = steps.length > 2 ? "." + steps[steps.length - 2] + ": " : "\u0000";
        assertTrue(message.toLowerCase(Locale.ROOT).contains(field)
                || message.contains("unknown config key \"no-such-key\"") || m.place().pointer().equals("/Job")
                || message.contains(block),
                m + " refused without naming " + m.named() + ": " + message);
        assertEquals("[]", get("/v1/jobs"), "nothing registered");
    }

    @Provide
    Arbitrary<Mutation> broken() {
        return BrokenJobs.of(BASE);
    }

    @Property
    void aBodyThatIsNoJobIsA400(@ForAll("garbage") byte[] body) throws Exception {
        HttpResponse<String> r = put(body);
        assertEquals(400, r.statusCode(), r.body());
        assertFalse(message(r).isBlank());
        assertEquals("[]", get("/v1/allocations"), "nothing registered");
    }

    /** Text of any kind, the valid job cut short, nesting deeper than the reader allows, bytes that are not UTF-8. */
    @Provide
    Arbitrary<byte[]> garbage() {
        Arbitrary<byte[]> text = Arbitraries.strings().all().ofMaxLength(2000).map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> cut = Arbitraries.integers().between(1, BASE.length() - 1)
                .map(n -> BASE.substring(0, n).getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> deep = Arbitraries.integers().between(1001, 5000)
                .map(n -> ("{\"Job\": " + "[".repeat(n) + "]".repeat(n) + "}").getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(2000);
        return Arbitraries.oneOf(text, cut, deep, bytes).filter(b -> b.length > 0 && !new String(b,
                StandardCharsets.UTF_8).isBlank());
    }

    @Example
    void aBodyOverTheLimitIsA413() throws Exception {
        byte[] body = new byte[2 * 1024 * 1024];
        java.util.Arrays.fill(body, (byte) ' ');
        HttpResponse<String> r = put(body);
        assertEquals(413, r.statusCode(), r.body());
        assertEquals("the body is larger than 1048576 bytes", message(r));
    }
}
