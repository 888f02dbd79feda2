package org.drover.launcher.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The agent's HTTP API, for the command line. Failures carry the agent's own message. */
public final class ApiClient {

    static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public ApiClient(String address, String token) {
        this.base = URI.create(address.endsWith("/") ? address.substring(0, address.length() - 1) : address);
        this.token = token == null ? "" : token;
    }

    public String address() {
        return base.toString();
    }

    /** The API could not be used: not reachable, or it refused the request. */
    public static final class ApiException extends Exception {
        private static final long serialVersionUID = 1L;
        public final int status;

        ApiException(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    public boolean reachable() {
        try {
            return send(request("/v1/agent/health").GET().timeout(Duration.ofSeconds(2)).build()).statusCode() == 200;
        } catch (ApiException e) {
            return false;
        }
    }

    public JsonNode get(String path) throws ApiException {
        return json(send(request(path).GET().build()));
    }

    public JsonNode put(String path, JsonNode body) throws ApiException {
        try {
            return json(send(request(path).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build()));
        } catch (IOException e) {
            throw new ApiException(0, e.getMessage());
        }
    }

    public JsonNode delete(String path) throws ApiException {
        return json(send(request(path).DELETE().build()));
    }

    /** A streamed answer (logs), read as it comes. */
    public InputStream stream(String path) throws ApiException {
        try {
            HttpResponse<InputStream> r = http.send(request(path).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() != 200) {
                byte[] body = r.body().readAllBytes();
                throw new ApiException(r.statusCode(), message(r.statusCode(), body));
            }
            return r.body();
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(0, "interrupted");
        }
    }

    public static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (!token.isEmpty()) {
            b.header("X-Nomad-Token", token);
        }
        return b;
    }

    private HttpResponse<byte[]> send(HttpRequest req) throws ApiException {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(0, "interrupted");
        }
    }

    private ApiException unreachable(IOException e) {
        return new ApiException(0, "no Drover agent answers at " + base + " (" + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); start one with 'drover agent',"
                + " or point --address (DROVER_ADDR) at one");
    }

    private static JsonNode json(HttpResponse<byte[]> r) throws ApiException {
        if (r.statusCode() / 100 != 2) {
            throw new ApiException(r.statusCode(), message(r.statusCode(), r.body()));
        }
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new ApiException(r.statusCode(), "the agent answered with something other than JSON");
        }
    }

    private static String message(int status, byte[] body) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n != null && n.hasNonNull("message")) {
                return n.get("message").asText();
            }
        } catch (IOException e) {
            // not JSON
        }
        return "HTTP " + status + ": " + new String(body, StandardCharsets.UTF_8).strip();
    }
}
