package org.drover.api.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.drover.api.http.spi.ApiException;
import org.drover.jobspec.ApiJob;
import org.drover.json.JsonTrees;
import org.drover.jobspec.JobSpecException;
import org.drover.runner.api.alloc.AllocationService;
import org.drover.runner.api.alloc.AllocationView;
import org.drover.runner.api.driver.DriverCatalog;
import org.drover.runner.api.driver.Fingerprint;
import org.drover.runner.api.job.Evaluation;
import org.drover.runner.api.job.JobService;
import org.drover.runner.api.job.JobView;
import org.drover.runner.api.node.NodeService;
import org.drover.runner.api.state.StateStore;
import org.drover.runner.api.state.StoreFault;
import org.drover.runner.api.state.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * The agent's HTTP API under {@code /v1}, with Nomad's paths where Nomad has
 * one. JSON in and out; errors are JSON {@code {"message": …}} with a 4xx for
 * the caller's mistakes. With a token configured, every request but the health
 * check must carry it ({@code X-Nomad-Token}, or {@code Authorization: Bearer}):
 * as under Nomad's ACLs, jobs, allocations, logs and files are not for anyone who
 * reaches the port. A path none of its routes takes may belong to another
 * bundle's endpoint ({@link Endpoints}), under the same token and limits.
 */
final class ApiHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    static final String ROOT = "/v1";
    static final int MAX_BODY = 1024 * 1024;

    private final JobService jobs;
    private final AllocationService allocs;
    private final DriverCatalog drivers;
    private final NodeService node;
    private final StateStore store;
    private final byte[] token;
    private final Path allocRoot;
    private final FileOpener opener = new FileOpener();
    private final Endpoints endpoints;

    /**
     * @param token    required on every request but the health check; null or empty for none
     * @param allocDir the allocations' root, for logs and files; null when there is none
     */
    ApiHandler(JobService jobs, AllocationService allocs, DriverCatalog drivers, NodeService node, StateStore store,
            String token, String allocDir) {
        this.jobs = jobs;
        this.allocs = allocs;
        this.drivers = drivers;
        this.node = node;
        this.store = store;
        this.token = token == null || token.isEmpty() ? null : token.getBytes(StandardCharsets.UTF_8);
        this.allocRoot = allocDir == null ? null : Path.of(allocDir).toAbsolutePath().normalize();
        this.endpoints = new Endpoints(reserved());
    }

    private interface Handler {
        void handle(Exchange x, Matcher path) throws IOException;
    }

    private record Route(String method, Pattern path, Handler handler) {
    }

    /** Answered without a token: a load balancer's or supervisor's probe has none, as Nomad's needs none. */
    private static final Pattern HEALTH = Pattern.compile("/agent/health");

    private final Route[] routes = {
        new Route("GET", HEALTH, this::health),
        new Route("GET", Pattern.compile("/drivers"), this::drivers),
        new Route("GET", Pattern.compile("/metrics"), this::metrics),
        new Route("GET", Pattern.compile("/nodes"), this::listNodes),
        new Route("GET", Pattern.compile("/node/([^/]+)"), this::getNode),
        new Route("GET", Pattern.compile("/node/([^/]+)/allocations"), this::nodeAllocs),
        new Route("GET", Pattern.compile("/jobs"), this::listJobs),
        new Route("PUT", Pattern.compile("/jobs"), this::register),
        new Route("POST", Pattern.compile("/jobs"), this::register),
        new Route("POST", Pattern.compile("/validate/job"), this::validate),
        new Route("PUT", Pattern.compile("/validate/job"), this::validate),
        new Route("GET", Pattern.compile("/job/([^/]+)"), this::getJob),
        new Route("DELETE", Pattern.compile("/job/([^/]+)"), this::stopJob),
        new Route("GET", Pattern.compile("/job/([^/]+)/allocations"), this::jobAllocs),
        new Route("GET", Pattern.compile("/job/([^/]+)/evaluations"), this::jobEvaluations),
        new Route("GET", Pattern.compile("/evaluation/([^/]+)"), this::getEvaluation),
        new Route("GET", Pattern.compile("/allocations"), this::listAllocs),
        new Route("GET", Pattern.compile("/allocation/([^/]+)"), this::getAlloc),
        new Route("GET", Pattern.compile("/client/fs/logs/([^/]+)"), this::logs),
        new Route("GET", Pattern.compile("/client/fs/cat/([^/]+)"), this::cat),
        new Route("PUT", Pattern.compile("/system/gc"), this::systemGc),
        new Route("PUT", Pattern.compile("/client/gc"), this::clientGc),
    };

    /** The first segments under {@code /v1} of the routes above: no other bundle's endpoint may use them. */
    private Set<String> reserved() {
        return Arrays.stream(routes).map(r -> r.path().pattern().split("/")[1]).collect(Collectors.toSet());
    }

    /** The endpoints of other bundles, served where no route above matches. */
    Endpoints endpoints() {
        return endpoints;
    }

    @Override
    public void handle(HttpExchange http) throws IOException {
        try (http) {
            Exchange x = new Exchange(http);
            try {
                route(x);
            } catch (ApiException e) {
                drain(x);
                error(x, e.status(), e.getMessage());
            } catch (StoreUnavailableException e) {
                // Nothing of the request was stored; the same request succeeds once the disk has room.
                drain(x);
                error(x, 503, e.getMessage());
            } catch (IOException e) {
                if (x.answered()) {
                    // Mostly a client that went away mid-answer (a log follower stopped).
                    LOG.debug("{} {} ended early", x.method(), http.getRequestURI().getPath(), e);
                    return;
                }
                LOG.error("{} {} failed", x.method(), http.getRequestURI().getPath(), e);
                error(x, 500, "internal error: " + e);
            } catch (RuntimeException e) {
                LOG.error("{} {} failed", x.method(), http.getRequestURI().getPath(), e);
                drain(x);
                error(x, 500, "internal error: " + e);
            }
        }
    }

    private void route(Exchange x) throws IOException {
        String full = x.path();
        if (!full.startsWith(ROOT + "/") && !full.equals(ROOT)) {
            throw ApiError.notFound("no endpoint " + full);
        }
        String path = full.substring(ROOT.length());
        boolean pathKnown = false;
        for (Route r : routes) {
            Matcher m = r.path().matcher(path);
            if (!m.matches()) {
                continue;
            }
            pathKnown = true;
            if (r.method().equals(x.method())) {
                if (r.path() != HEALTH) {
                    authorize(x);
                }
                r.handler().handle(x, m);
                return;
            }
        }
        Optional<Endpoints.Match> endpoint = pathKnown ? Optional.empty() : endpoints.find(full);
        if (endpoint.isPresent()) {
            authorize(x);
            EndpointCall.answer(x, endpoint.get(), bytes(x));
            return;
        }
        throw pathKnown ? new ApiError(405, x.method() + " is not allowed on " + full)
                : ApiError.notFound("no endpoint " + full);
    }

    /**
     * Reads what is left of a refused request's body (up to the size limit): answering before the
     * body is read makes the server drop the connection, which a client may be reusing already.
     * Read, not skipped: the JDK server's fixed-length body skips on the socket without counting,
     * and its close then waits for bytes that were already skipped.
     */
    private static void drain(Exchange x) {
        byte[] buf = new byte[8192];
        try (InputStream in = x.body()) {
            long left = MAX_BODY;
            for (int n = in.read(buf); n > 0 && left > 0; n = in.read(buf)) {
                left -= n;
            }
        } catch (IOException e) {
            // nothing more to read, or the body was already consumed
        }
    }

    /** Constant-time comparison, so the token cannot be guessed a byte at a time. */
    private void authorize(Exchange x) {
        if (token == null) {
            return;
        }
        String given = x.header("X-Nomad-Token");
        String auth = x.header("Authorization");
        if (given == null && auth != null && auth.startsWith("Bearer ")) {
            given = auth.substring(7);
        }
        if (given == null) {
            throw new ApiError(401, "this agent requires a token (X-Nomad-Token)");
        }
        if (!MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiError(403, "the token is not valid");
        }
    }

    /**
     * The rest of an oversized body is read and dropped (up to a bound) before the answer: a
     * connection closed with unread input is reset, and the client then loses the 413 itself.
     */
    private static ApiError tooLarge(InputStream in) throws IOException {
        long left = DRAIN_LIMIT;
        byte[] sink = new byte[64 * 1024];
        for (int n = in.read(sink); n > 0 && left > 0; n = in.read(sink)) {
            left -= n;
        }
        return new ApiError(413, "the body is larger than " + MAX_BODY + " bytes");
    }

    private static void error(Exchange x, int status, String message) throws IOException {
        if (x.answered()) {
            return;
        }
        x.send(status, JsonTrees.object().put("message", message));
    }

    /** How much of an oversized body is read to answer it cleanly; beyond that the connection is cut. */
    private static final long DRAIN_LIMIT = 16L * 1024 * 1024;

    /** The whole body, empty for none; a 413 beyond {@link #MAX_BODY}. */
    private static byte[] bytes(Exchange x) throws IOException {
        try (InputStream in = x.body()) {
            if (x.contentLength() > MAX_BODY) {
                throw tooLarge(in);
            }
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw tooLarge(in);
            }
            return bytes;
        }
    }

    private static JsonNode body(Exchange x) throws IOException {
        byte[] bytes = bytes(x);
        if (bytes.length == 0) {
            throw ApiError.badRequest("the body is empty; expected a job as JSON");
        }
        try {
            return JsonTrees.read(bytes);
        } catch (JsonProcessingException e) {
            // A limit of the reader (nesting depth, number length) comes without a place.
            var at = e.getLocation();
            throw ApiError.badRequest("the body is not valid JSON: " + e.getOriginalMessage()
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()));
        }
    }

    // --- agent ---------------------------------------------------------------------------------

    private void health(Exchange x, Matcher m) throws IOException {
        ObjectNode body = JsonTrees.object();
        Optional<StoreFault> fault = store.fault();
        body.putObject("client").put("ok", fault.isEmpty()).put("message", fault.map(StoreFault::toString).orElse("ok"));
        // Nomad answers an unhealthy agent with a 500 and the same body.
        x.send(fault.isEmpty() ? 200 : 500, body);
    }

    private void drivers(Exchange x, Matcher m) throws IOException {
        ObjectNode body = JsonTrees.object();
        for (String name : drivers.names()) {
            drivers.find(name).ifPresent(d -> {
                Fingerprint f = drivers.fingerprint(name).orElse(Fingerprint.unhealthy("it left just now", Map.of()));
                ObjectNode o = body.putObject(name);
                o.put("Detected", true).put("Healthy", f.health() == org.drover.runner.api.driver.Health.HEALTHY)
                        .put("HealthDescription", f.description()).put("Version", d.info().version());
                ObjectNode attrs = o.putObject("Attributes");
                new java.util.TreeMap<>(f.attributes()).forEach(attrs::put);
            });
        }
        x.send(200, body);
    }

    private void metrics(Exchange x, Matcher m) throws IOException {
        x.send(200, "text/plain; version=0.0.4; charset=utf-8",
                Metrics.render(allocs.list(), drivers, store.commitStats()).getBytes(StandardCharsets.UTF_8));
    }

    // --- nodes -----------------------------------------------------------------------------------

    /** Nomad's list, of this one node; {@code prefix} filters by ID as Nomad's does. */
    private void listNodes(Exchange x, Matcher m) throws IOException {
        boolean resources = flag(x, "resources");
        boolean os = flag(x, "os");
        ArrayNode list = JsonTrees.array();
        String prefix = x.param("prefix");
        if (prefix == null || node.self().id().startsWith(prefix)) {
            list.add(NodeViews.stub(node, resources, os));
        }
        x.send(200, list);
    }

    /** A query flag read as Go's strconv.ParseBool reads it, refused in Nomad's words. */
    private static boolean flag(Exchange x, String name) {
        String v = x.param(name);
        if (v == null || v.isEmpty()) {
            return false;
        }
        return switch (v) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw ApiError.badRequest("Failed to parse node list fields: Failed to parse value of \""
                    + name + "\" (" + v + ") as a bool: strconv.ParseBool: parsing \"" + v + "\": invalid syntax");
        };
    }

    /** This node by its ID, or {@code self}. */
    private void selfOrNotFound(String id) {
        if (!id.equals("self") && !id.equals(node.self().id())) {
            throw ApiError.notFound("node not found");
        }
    }

    private void getNode(Exchange x, Matcher m) throws IOException {
        selfOrNotFound(m.group(1));
        x.send(200, NodeViews.node(node));
    }

    /** Every allocation is this node's. */
    private void nodeAllocs(Exchange x, Matcher m) throws IOException {
        selfOrNotFound(m.group(1));
        ArrayNode list = JsonTrees.array();
        allocs.list().forEach(a -> list.add(Views.alloc(a)));
        x.send(200, list);
    }

    // --- jobs ------------------------------------------------------------------------------------

    private void register(Exchange x, Matcher m) throws IOException {
        ApiJob.Parsed parsed;
        try {
            parsed = JobSubmission.check(body(x), "true".equals(x.param("strict")), drivers);
        } catch (JobSpecException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        // A job this node cannot place (a constraint, a driver, the node's cap) is registered all the
        // same, as in Nomad: the evaluation says why its allocations wait.
        JobService.Registration r = jobs.register(parsed.job());
        ObjectNode body = JsonTrees.object();
        body.put("EvalID", r.eval().id()).put("EvalCreateIndex", r.eval().createIndex())
                .put("JobModifyIndex", r.eval().jobModifyIndex())
                .put("Warnings", String.join("\n", parsed.warnings())).put("Index", r.eval().createIndex())
                .put("LastContact", 0).put("KnownLeader", true).put("NextToken", "");
        body.put("JobID", parsed.job().id()).put("Unchanged", r.unchanged());
        ArrayNode ids = body.putArray("AllocIDs");
        r.allocIds().forEach(ids::add);
        x.send(200, body);
    }

    private void validate(Exchange x, Matcher m) throws IOException {
        ObjectNode body = JsonTrees.object();
        ArrayNode errors = body.putArray("ValidationErrors");
        try {
            ApiJob.Parsed parsed = JobSubmission.check(body(x), "true".equals(x.param("strict")), drivers);
            body.put("Warnings", String.join("\n", parsed.warnings()));
        } catch (JobSpecException e) {
            e.problems().forEach(p -> errors.add(p.toString()));
            body.put("Error", e.getMessage());
        }
        x.send(200, body);
    }

    private void listJobs(Exchange x, Matcher m) throws IOException {
        ArrayNode list = JsonTrees.array();
        jobs.list().forEach(v -> list.add(Views.jobStub(v)));
        x.send(200, list);
    }

    private JobView job(String id) {
        return jobs.get(id).orElseThrow(() -> ApiError.notFound("no job " + id));
    }

    private void getJob(Exchange x, Matcher m) throws IOException {
        x.send(200, Views.job(job(m.group(1))));
    }

    /** The stop is durable before the answer: an agent that dies after it finishes the stop. */
    private void stopJob(Exchange x, Matcher m) throws IOException {
        JobView v = job(m.group(1));
        java.util.concurrent.CompletableFuture<Void> done;
        try {
            done = jobs.stop(v.job().id(), "true".equals(x.param("purge"))).toCompletableFuture();
        } catch (StoreUnavailableException e) {
            throw new ApiError(503, "the job's tasks are being stopped, but the stop cannot be recorded: "
                    + e.fault() + "; until it is, an agent restart could run them again: ask again once there"
                    + " is room");
        }
        if ("true".equals(x.param("wait"))) {
            try {
                done.get(5, TimeUnit.MINUTES);
            } catch (Exception e) {
                throw new ApiError(504, "the job's tasks did not all stop: " + e);
            }
        }
        x.send(200, JsonTrees.object().put("JobID", v.job().id()));
    }

    /** Nomad's {@code nomad system gc}: dead jobs go now, with their allocations. */
    private void systemGc(Exchange x, Matcher m) throws IOException {
        drain(x);
        jobs.collectGarbage();
        x.send(200, JsonTrees.object());
    }

    /** Nomad's client GC on demand: every terminal allocation goes now. */
    private void clientGc(Exchange x, Matcher m) throws IOException {
        drain(x);
        allocs.collectGarbage();
        x.send(200, JsonTrees.object());
    }

    private void jobAllocs(Exchange x, Matcher m) throws IOException {
        ArrayNode list = JsonTrees.array();
        job(m.group(1)).allocs().forEach(a -> list.add(Views.alloc(a)));
        x.send(200, list);
    }

    private void jobEvaluations(Exchange x, Matcher m) throws IOException {
        JobView v = job(m.group(1));
        ArrayNode list = JsonTrees.array();
        // Newest first, as Nomad lists a job's evaluations.
        for (int i = v.evaluations().size() - 1; i >= 0; i--) {
            list.add(Views.evaluation(v.evaluations().get(i), v.job().namespace()));
        }
        x.send(200, list);
    }

    private void getEvaluation(Exchange x, Matcher m) throws IOException {
        String id = m.group(1);
        Evaluation e = jobs.evaluation(id).orElseThrow(() -> ApiError.notFound("eval not found"));
        String namespace = jobs.get(e.jobId()).map(v -> v.job().namespace()).orElse("default");
        x.send(200, Views.evaluation(e, namespace));
    }

    // --- allocations ---------------------------------------------------------------------------

    private void listAllocs(Exchange x, Matcher m) throws IOException {
        ArrayNode list = JsonTrees.array();
        allocs.list().forEach(a -> list.add(Views.allocStub(a)));
        x.send(200, list);
    }

    /**
     * An allocation by its ID or a unique prefix of it. Nomad's CLI takes a prefix of two characters
     * or more; its API matches whole pairs of hex digits only (it drops an odd last one), which
     * Drover does not: every character given must match.
     */
    private AllocationView alloc(String id) {
        var exact = allocs.get(id);
        if (exact.isPresent()) {
            return exact.get();
        }
        if (id.length() < 2) {
            throw ApiError.badRequest("allocation \"" + id + "\": an ID prefix must have at least two characters");
        }
        var matches = allocs.list().stream().map(a -> a.allocation().id()).filter(a -> a.startsWith(id)).sorted()
                .toList();
        if (matches.size() == 1) {
            return allocs.get(matches.get(0)).orElseThrow(() -> ApiError.notFound("no allocation " + id));
        }
        throw matches.isEmpty() ? ApiError.notFound("no allocation with ID or prefix \"" + id + "\"")
                : ApiError.badRequest("allocation prefix \"" + id + "\" matches " + matches.size() + " allocations ("
                        + String.join(", ", matches.subList(0, Math.min(5, matches.size())))
                        + (matches.size() > 5 ? ", ..." : "") + "); give more of the ID");
    }

    private void getAlloc(Exchange x, Matcher m) throws IOException {
        x.send(200, Views.alloc(alloc(m.group(1))));
    }

    private void logs(Exchange x, Matcher m) throws IOException {
        AllocationView a = alloc(m.group(1));
        String task = x.param("task");
        if (task == null || task.isEmpty()) {
            // Nomad's words for the same request.
            throw ApiError.badRequest("must provide task name");
        }
        if (a.task(task).isEmpty()) {
            throw ApiError.badRequest("task: allocation " + a.allocation().id() + " has no task \"" + task
                    + "\"; its tasks: " + a.tasks().stream().map(t -> t.name()).toList());
        }
        String type = x.param("type") == null ? "stdout" : x.param("type");
        if (!type.equals("stdout") && !type.equals("stderr")) {
            throw ApiError.badRequest("type: must be stdout or stderr, got \"" + type + "\"");
        }
        String origin = x.param("origin") == null || x.param("origin").isEmpty() ? "start" : x.param("origin");
        if (!origin.equals("start") && !origin.equals("end")) {
            throw ApiError.badRequest("origin: must be start or end, got \"" + origin + "\"");
        }
        String allocId = a.allocation().id();
        try (LogStream stream = new LogStream(files(a), task, type)) {
            stream.start(origin.equals("end"));
            try (OutputStream out = x.stream(200, "text/plain; charset=utf-8")) {
                stream.copy(out, "true".equals(x.param("follow")),
                        () -> allocs.get(allocId).flatMap(v -> v.task(task)).map(t -> t.state().dead()).orElse(true));
            }
        }
    }

    /** A regular file of the allocation's directory, and nothing else: see {@link AllocFiles}. */
    private void cat(Exchange x, Matcher m) throws IOException {
        AllocationView a = alloc(m.group(1));
        AllocPath path = AllocPath.parse(x.param("path"));
        try (SeekableByteChannel file = files(a).open(path);
                OutputStream out = x.stream(200, "application/octet-stream")) {
            Channels.newInputStream(file).transferTo(out);
        }
    }

    private AllocFiles files(AllocationView a) {
        if (allocRoot == null) {
            throw new ApiError(503, "this agent has no allocation directory configured (drover.alloc.dir)");
        }
        return new AllocFiles(allocRoot, a.allocation().id(),
                a.tasks().stream().map(t -> t.name()).collect(Collectors.toSet()), opener);
    }

}
