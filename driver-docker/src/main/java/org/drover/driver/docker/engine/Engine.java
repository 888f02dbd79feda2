package org.drover.driver.docker.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.drover.json.JsonTrees;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Docker Engine API calls the docker driver makes, on API version 1.41
 * (Engine 20.10, the oldest with one-shot stats; newer engines accept it).
 * Every call has a deadline: a connection still open when it passes is
 * closed, so a hung engine fails a call instead of holding its thread.
 */
public final class Engine {

    public static final String API = "/v1.41";

    private final URI endpoint;
    private final ScheduledExecutorService timer;
    private final Duration timeout;

    /**
     * @param timer   closes connections whose deadline passed
     * @param timeout the deadline of an ordinary call
     */
    public Engine(URI endpoint, ScheduledExecutorService timer, Duration timeout) {
        this.endpoint = endpoint;
        this.timer = timer;
        this.timeout = timeout;
    }

    public URI endpoint() {
        return endpoint;
    }

    public static ObjectNode object() {
        return JsonTrees.object();
    }

    /** An answer whose body is read as it comes; closing it closes the connection. */
    public static final class Streaming implements AutoCloseable {
        private final HttpConnection connection;
        private final InputStream body;
        private final ScheduledFuture<?> deadline;

        Streaming(HttpConnection connection, InputStream body, ScheduledFuture<?> deadline) {
            this.connection = connection;
            this.body = body;
            this.deadline = deadline;
        }

        public InputStream body() {
            return body;
        }

        @Override
        public void close() {
            if (deadline != null) {
                deadline.cancel(false);
            }
            try {
                connection.close();
            } catch (IOException e) {
                // closing is all that is left to do
            }
        }
    }

    /** Opens a call and checks its status; {@code deadline} null for a stream that lasts as long as it must. */
    public Streaming open(String method, String path, JsonNode body, Duration deadline) throws IOException {
        HttpConnection c = HttpConnection.open(endpoint);
        ScheduledFuture<?> closer = deadline == null ? null
                : timer.schedule(() -> closeQuietly(c), deadline.toMillis(), TimeUnit.MILLISECONDS);
        Streaming s = null;
        try {
            HttpConnection.Head head = c.send(method, API + path, "application/json",
                    body == null ? null : JsonTrees.write(body));
            InputStream in = c.body(head);
            s = new Streaming(c, in, closer);
            if (!head.ok()) {
                throw new EngineException(head.status(), message(in.readAllBytes(), head.status()));
            }
            return s;
        } catch (IOException | RuntimeException e) {
            if (s != null) {
                s.close();
            } else {
                if (closer != null) {
                    closer.cancel(false);
                }
                closeQuietly(c);
            }
            throw e;
        }
    }

    private static void closeQuietly(HttpConnection c) {
        try {
            c.close();
        } catch (IOException e) {
            // nothing to add
        }
    }

    private static String message(byte[] body, int status) {
        try {
            JsonNode node = JsonTrees.read(body);
            if (node != null && node.hasNonNull("message")) {
                return node.get("message").asText();
            }
        } catch (IOException e) {
            // not JSON: the text itself is the message
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "HTTP " + status : text;
    }

    /** A call with a JSON answer (or none: a missing node). */
    public JsonNode call(String method, String path, JsonNode body) throws IOException {
        try (Streaming s = open(method, path, body, timeout)) {
            byte[] bytes = s.body().readAllBytes();
            return JsonTrees.read(bytes);
        }
    }

    public static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    // --- the calls -------------------------------------------------------------------------

    public String ping() throws IOException {
        try (Streaming s = open("GET", "/_ping", null, timeout)) {
            return new String(s.body().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    public JsonNode version() throws IOException {
        return call("GET", "/version", null);
    }

    public Optional<JsonNode> inspectImage(String image) throws IOException {
        return absentOn404(() -> call("GET", "/images/" + image + "/json", null));
    }

    /**
     * Pulls {@code image:tag}; the Engine streams progress objects and reports a failed pull inside the
     * stream, as an object with an {@code error}.
     */
    public void pull(String image, String tag, Duration deadline, Consumer<String> progress) throws IOException {
        try (Streaming s = open("POST", "/images/create?fromImage=" + q(image) + "&tag=" + q(tag), null, deadline)) {
            for (Iterator<JsonNode> statuses = JsonTrees.readAll(s.body()); statuses.hasNext();) {
                JsonNode status = next(statuses);
                if (status.hasNonNull("error")) {
                    throw new EngineException(0, status.get("error").asText());
                }
                if (status.hasNonNull("status") && !status.has("progressDetail")) {
                    progress.accept(status.get("status").asText());
                }
            }
        }
    }

    public String create(String name, JsonNode spec) throws IOException {
        return call("POST", "/containers/create?name=" + q(name), spec).get("Id").asText();
    }

    public void start(String id) throws IOException {
        call("POST", "/containers/" + id + "/start", null);
    }

    public Optional<JsonNode> inspect(String id) throws IOException {
        return absentOn404(() -> call("GET", "/containers/" + id + "/json", null));
    }

    /** Sends a signal; a container that is not running (409) or gone (404) is not an error. */
    public void kill(String id, String signal) throws IOException {
        try {
            call("POST", "/containers/" + id + "/kill?signal=" + q(signal), null);
        } catch (EngineException e) {
            if (e.status() != 409 && e.status() != 404) {
                throw e;
            }
        }
    }

    /** The iterator's next value; a stream that breaks mid-value is an I/O error, as for every other call. */
    private static JsonNode next(Iterator<JsonNode> values) throws IOException {
        try {
            return values.next();
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Removes a container and its anonymous volumes; one already gone is not an error. */
    public void remove(String id, boolean force) throws IOException {
        absentOn404(() -> call("DELETE", "/containers/" + id + "?v=true&force=" + force, null));
    }

    /** Containers, running or not, carrying every one of {@code labels} ({@code key=value} or {@code key}). */
    public List<JsonNode> containersLabelled(String... labels) throws IOException {
        ObjectNode filters = object();
        var wanted = filters.putArray("label");
        for (String label : labels) {
            wanted.add(label);
        }
        JsonNode list = call("GET", "/containers/json?all=true&filters=" + q(JsonTrees.text(filters)), null);
        List<JsonNode> out = new ArrayList<>();
        list.forEach(out::add);
        return out;
    }

    public JsonNode stats(String id) throws IOException {
        return call("GET", "/containers/" + id + "/stats?stream=false&one-shot=true", null);
    }

    /**
     * The container's logs with their timestamps from {@code sinceSeconds} (a decimal Unix time),
     * both streams multiplexed; with {@code follow}, until the container stops.
     */
    public Streaming logs(String id, String sinceSeconds, boolean follow) throws IOException {
        return open("GET", "/containers/" + id + "/logs?follow=" + follow
                + "&stdout=true&stderr=true&timestamps=true&since=" + q(sinceSeconds), null, follow ? null : timeout);
    }

    /** Blocks until the container stops; its exit code. */
    public int await(String id) throws IOException {
        try (Streaming s = open("POST", "/containers/" + id + "/wait", null, null)) {
            return JsonTrees.read(s.body()).path("StatusCode").asInt();
        }
    }

    /** Runs a command in the container and collects its output until it ends or the deadline passes. */
    public ExecOutput exec(String id, List<String> command, Duration deadline) throws IOException {
        ObjectNode create = object();
        create.put("AttachStdout", true).put("AttachStderr", true).put("Tty", false);
        command.forEach(create.putArray("Cmd")::add);
        String execId = call("POST", "/containers/" + id + "/exec", create).get("Id").asText();
        ObjectNode start = object();
        start.put("Detach", false).put("Tty", false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (Streaming s = open("POST", "/exec/" + execId + "/start", start, deadline)) {
            Frames frames = new Frames(s.body());
            for (Frames.Frame f = frames.next(); f != null; f = frames.next()) {
                (f.stream() == Frames.STDERR ? err : out).writeBytes(f.payload());
            }
        }
        JsonNode state = call("GET", "/exec/" + execId + "/json", null);
        if (state.path("Running").asBoolean()) {
            throw new IOException("exec in " + id + " did not finish within " + deadline);
        }
        return new ExecOutput(state.path("ExitCode").asInt(), out.toByteArray(), err.toByteArray());
    }

    public record ExecOutput(int exitCode, byte[] stdout, byte[] stderr) {
    }

    private interface Call {
        JsonNode run() throws IOException;
    }

    private static Optional<JsonNode> absentOn404(Call call) throws IOException {
        try {
            return Optional.of(call.run());
        } catch (EngineException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
