package org.drover.api.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.drover.json.JsonTrees;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;

/**
 * One request and its answer, over the JDK's HTTP server: the decoded path,
 * query parameters (the first of each name), headers, a body read
 * up to a limit, and an answer sent whole or streamed.
 */
final class Exchange {

    private final HttpExchange http;
    private final String path;
    private final Map<String, String> params;
    private boolean answered;

    Exchange(HttpExchange http) {
        this.http = http;
        this.path = http.getRequestURI().getPath();
        this.params = params(http.getRequestURI().getRawQuery());
    }

    private static Map<String, String> params(String query) {
        Map<String, String> found = new HashMap<>();
        if (query == null) {
            return found;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            found.putIfAbsent(name, value);
        }
        return found;
    }

    String method() {
        return http.getRequestMethod();
    }

    /** The decoded path, without the query. */
    String path() {
        return path;
    }

    String param(String name) {
        return params.get(name);
    }

    String header(String name) {
        return http.getRequestHeaders().getFirst(name);
    }

    /** The declared body length, or -1 when the body is chunked or absent. */
    long contentLength() {
        String declared = header("Content-Length");
        try {
            return declared == null ? -1 : Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    InputStream body() {
        return http.getRequestBody();
    }

    boolean answered() {
        return answered;
    }

    void send(int status, String contentType, byte[] bytes) throws IOException {
        http.getResponseHeaders().set("Content-Type", contentType);
        answered = true;
        // The JDK's server reads -1 as "no body" and 0 as "chunked".
        http.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = http.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Compact unless the caller asks for {@code ?pretty}, as Nomad answers: a list of 500 allocations is a third smaller. */
    void send(int status, JsonNode body) throws IOException {
        String pretty = param("pretty");
        boolean indent = pretty != null && !pretty.equals("false");
        send(status, "application/json", indent ? JsonTrees.writePretty(body) : JsonTrees.write(body));
    }

    /** Starts a chunked answer of unknown length; the caller closes the stream it gets. */
    OutputStream stream(int status, String contentType) throws IOException {
        http.getResponseHeaders().set("Content-Type", contentType);
        answered = true;
        http.sendResponseHeaders(status, 0);
        return http.getResponseBody();
    }
}
