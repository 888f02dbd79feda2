package org.drover.launcher.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
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

    /** @param address as {@link #address(String)} takes it */
    public ApiClient(String address, String token) {
        this.base = address(address);
        this.token = token == null ? "" : token;
    }

    /**
     * {@code http[s]://HOST[:PORT]}, or {@code HOST:PORT} as {@code --http-addr} takes it (then
     * http). Anything else, a path included, is refused, naming the form expected.
     *
     * @throws IllegalArgumentException with what is wrong
     */
    public static URI address(String text) {
        String t = text.strip();
        String url = t.contains("://") ? t : "http://" + t;
        URI u;
        try {
            u = new URI(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(e.getReason());
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("the scheme is http or https, not " + u.getScheme());
        }
        if (u.getHost() == null || u.getRawUserInfo() != null) {
            throw new IllegalArgumentException("no host:port in it");
        }
        if (u.getPort() > 65535) {
            throw new IllegalArgumentException("port " + u.getPort() + " is past 65535");
        }
        if (!u.getRawPath().isEmpty() || u.getRawQuery() != null || u.getRawFragment() != null) {
            throw new IllegalArgumentException("the agent's API is at the address itself, without a path");
        }
        return u;
    }

    public String address() {
        return base.toString();
    }

    /** The API could not be used: not reachable, or it refused the request. */
    public static final class ApiException extends Exception {
        private static final long serialVersionUID = 1L;
        public final int status;

        public ApiException(int status, String message) {
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

    /**
     * A path segment or a query value, percent-encoded but for RFC 3986's unreserved characters:
     * a space is %20 (a form's "+" is a plus sign in a path), and a child job's "/" is %2F.
     */
    public static String q(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

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

    /** The agent's own message, which names what to change, with what the status adds to it. */
    private static String message(int status, byte[] body) {
        String said = null;
        try {
            JsonNode n = JSON.readTree(body);
            if (n != null && n.hasNonNull("message")) {
                said = n.get("message").asText();
            }
        } catch (IOException e) {
            // not JSON
        }
        if (said == null) {
            String text = new String(body, StandardCharsets.UTF_8).strip();
            said = "HTTP " + status + (text.isEmpty() ? "" : ": " + text.lines().findFirst().orElse(""));
        }
        return switch (status) {
            case 401 -> said + "; pass --token (or set DROVER_TOKEN)";
            case 403 -> said + "; check --token (or DROVER_TOKEN)";
            default -> status >= 500 ? "the agent failed (HTTP " + status + "): " + said : said;
        };
    }
}
