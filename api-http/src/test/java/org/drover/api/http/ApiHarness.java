package org.drover.api.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import com.sun.net.httpserver.HttpServer;

/**
 * The API's handler on a real JDK HTTP server, on an ephemeral loopback port,
 * over a {@link Node}: requests go through the same server, parsing and
 * answering that the agent uses, with no agent around it. As a field with
 * {@code @RegisterExtension}, it is closed after each test.
 */
final class ApiHarness implements AutoCloseable, AfterEachCallback {

    static final String TOKEN = "s3cret";

    static {
        // As the launcher does for the agent: without it every answer waits out a delayed ACK.
        System.getProperties().putIfAbsent("sun.net.httpserver.nodelay", "true");
    }

    /** One answer: its status, content type and body as sent. */
    record Answer(int status, String contentType, byte[] bytes) {
        String body() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    final Node node = new Node();
    final ApiHandler handler;
    private final HttpServer server;
    private final ExecutorService workers = Executors.newFixedThreadPool(4);
    private final HttpClient client = HttpClient.newHttpClient();

    /** @param allocDir the allocations' root, or null for an agent without one */
    ApiHarness(Path allocDir) throws IOException {
        handler = new ApiHandler(node.jobs, node.allocs, node.drivers, node.self, node.store.asStore(), TOKEN,
                allocDir == null ? null : allocDir.toString());
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", handler);
        server.setExecutor(workers);
        server.start();
    }

    /** A harness without an allocation directory. */
    static ApiHarness started() {
        try {
            return new ApiHarness(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    /** {@code http://127.0.0.1:port}, without a slash. */
    String address() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    Answer call(String method, String path, String body, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(address() + path)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("X-Nomad-Token", token);
        }
        HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }

    /** A request with the token. */
    Answer call(String method, String path, String body) throws IOException, InterruptedException {
        return call(method, path, body, TOKEN);
    }

    Answer get(String path) throws IOException, InterruptedException {
        return call("GET", path, null);
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
