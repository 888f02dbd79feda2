package org.drover.api.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.drover.jobspec.ApiJob;
import org.drover.jobspec.JobSpecException;
import org.drover.runner.api.alloc.AllocationService;
import org.drover.runner.api.alloc.AllocationView;
import org.drover.runner.api.driver.DriverCatalog;
import org.drover.runner.api.driver.Fingerprint;
import org.drover.runner.api.job.JobService;
import org.drover.runner.api.job.JobView;
import org.drover.runner.api.state.StateStore;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The agent's HTTP API under {@code /v1}, with Nomad's paths where Nomad has
 * one. JSON in and out; errors are JSON {@code {"message": …}} with a 4xx for
 * the caller's mistakes. With a token configured, every request that changes
 * something must carry it ({@code X-Nomad-Token}, or {@code Authorization:
 * Bearer}).
 */
@Component(service = Servlet.class, configurationPid = ApiServlet.PID, property = {
        "osgi.http.whiteboard.servlet.pattern=/v1/*", "osgi.http.whiteboard.servlet.name=drover-api"})
public final class ApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);
    static final String PID = "org.drover.api";
    static final int MAX_BODY = 1024 * 1024;

    /** Settings, from ConfigAdmin under {@value #PID}. */
    public @interface Config {
        /** Required on mutating requests when not empty. */
        String token() default "";
    }

    private final transient JobService jobs;
    private final transient AllocationService allocs;
    private final transient DriverCatalog drivers;
    private final transient StateStore store;
    private final byte[] token;
    private final transient Path allocRoot;

    @Activate
    public ApiServlet(@Reference JobService jobs, @Reference AllocationService allocs,
            @Reference DriverCatalog drivers, @Reference StateStore store, BundleContext bundle, Config config) {
        this.jobs = jobs;
        this.allocs = allocs;
        this.drivers = drivers;
        this.store = store;
        String t = config.token().isEmpty() ? String.valueOf(bundle.getProperty("drover.api.token")) : config.token();
        this.token = t.equals("null") || t.isEmpty() ? null : t.getBytes(StandardCharsets.UTF_8);
        String dir = bundle.getProperty("drover.alloc.dir");
        this.allocRoot = dir == null ? null : Path.of(dir).toAbsolutePath().normalize();
    }

    private interface Handler {
        void handle(HttpServletRequest req, HttpServletResponse resp, Matcher path) throws IOException;
    }

    private record Route(String method, Pattern path, Handler handler) {
    }

    private final transient Route[] routes = {
        new Route("GET", Pattern.compile("/agent/health"), this::health),
        new Route("GET", Pattern.compile("/drivers"), this::drivers),
        new Route("GET", Pattern.compile("/metrics"), this::metrics),
        new Route("GET", Pattern.compile("/jobs"), this::listJobs),
        new Route("PUT", Pattern.compile("/jobs"), this::register),
        new Route("POST", Pattern.compile("/jobs"), this::register),
        new Route("POST", Pattern.compile("/validate/job"), this::validate),
        new Route("PUT", Pattern.compile("/validate/job"), this::validate),
        new Route("GET", Pattern.compile("/job/([^/]+)"), this::getJob),
        new Route("DELETE", Pattern.compile("/job/([^/]+)"), this::stopJob),
        new Route("GET", Pattern.compile("/job/([^/]+)/allocations"), this::jobAllocs),
        new Route("GET", Pattern.compile("/allocations"), this::listAllocs),
        new Route("GET", Pattern.compile("/allocation/([^/]+)"), this::getAlloc),
        new Route("GET", Pattern.compile("/client/fs/logs/([^/]+)"), this::logs),
        new Route("GET", Pattern.compile("/client/fs/cat/([^/]+)"), this::cat),
    };

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
        try {
            boolean pathKnown = false;
            for (Route r : routes) {
                Matcher m = r.path().matcher(path);
                if (!m.matches()) {
                    continue;
                }
                pathKnown = true;
                if (r.method().equals(req.getMethod())) {
                    if (!r.method().equals("GET")) {
                        authorize(req);
                    }
                    r.handler().handle(req, resp, m);
                    return;
                }
            }
            throw pathKnown ? new ApiError(405, req.getMethod() + " is not allowed on /v1" + path)
                    : ApiError.notFound("no endpoint /v1" + path);
        } catch (ApiError e) {
            drain(req);
            error(resp, e.status, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("{} /v1{} failed", req.getMethod(), path, e);
            drain(req);
            error(resp, 500, "internal error: " + e);
        }
    }

    /**
     * Reads what is left of a refused request's body (up to the size limit): answering before the
     * body is read makes the server drop the connection, which a client may be reusing already.
     */
    private static void drain(HttpServletRequest req) {
        try (InputStream in = req.getInputStream()) {
            in.skipNBytes(Math.min(Math.max(req.getContentLengthLong(), 0), MAX_BODY));
        } catch (IOException | IllegalStateException e) {
            // nothing more to read, or the body was already consumed
        }
    }

    /** Constant-time comparison, so the token cannot be guessed a byte at a time. */
    private void authorize(HttpServletRequest req) {
        if (token == null) {
            return;
        }
        String given = req.getHeader("X-Nomad-Token");
        String auth = req.getHeader("Authorization");
        if (given == null && auth != null && auth.startsWith("Bearer ")) {
            given = auth.substring(7);
        }
        if (given == null) {
            throw new ApiError(401, "this agent requires a token (X-Nomad-Token) for changes");
        }
        if (!MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiError(403, "the token is not valid");
        }
    }

    private static void error(HttpServletResponse resp, int status, String message) throws IOException {
        if (resp.isCommitted()) {
            return;
        }
        ObjectNode body = Views.JSON.createObjectNode().put("message", message);
        send(resp, status, body);
    }

    static void send(HttpServletResponse resp, int status, JsonNode body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        Views.JSON.writerWithDefaultPrettyPrinter().writeValue(resp.getOutputStream(), body);
    }

    private static JsonNode body(HttpServletRequest req) throws IOException {
        if (req.getContentLengthLong() > MAX_BODY) {
            throw new ApiError(413, "the body is larger than " + MAX_BODY + " bytes");
        }
        try (InputStream in = req.getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw new ApiError(413, "the body is larger than " + MAX_BODY + " bytes");
            }
            if (bytes.length == 0) {
                throw ApiError.badRequest("the body is empty; expected a job as JSON");
            }
            return Views.JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("the body is not valid JSON: " + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        }
    }

    // --- agent ---------------------------------------------------------------------------------

    private void health(HttpServletRequest req, HttpServletResponse resp, Matcher m) throws IOException {
        ObjectNode body = Views.JSON.createObjectNode();
        body.putObject("client").put("ok", true).put("message", "ok");
        send(resp, 200, body);
    }

    private void drivers(HttpServletRequest req, HttpServletResponse resp, Matcher m) throws IOException {
        ObjectNode body = Views.JSON.createObjectNode();
        for (String name : drivers.names()) {
            drivers.find(name).ifPresent(d -> {
                Fingerprint f = d.fingerprint();
                ObjectNode o = body.putObject(name);
                o.put("Detected", true).put("Healthy", f.health() == org.drover.runner.api.driver.Health.HEALTHY)
                        .put("HealthDescription", f.description()).put("Version", d.info().version());
                ObjectNode attrs = o.putObject("Attributes");
                new java.util.TreeMap<>(f.attributes()).forEach(attrs::put);
            });
        }
        send(resp, 200, body);
    }

    private void metrics(HttpServletRequest req, HttpServletResponse resp, Matcher m) throws IOException {
        resp.setStatus(200);
        resp.setContentType("text/plain; version=0.0.4");
        resp.setCharacterEncoding("UTF-8");
        resp.getWriter().write(Metrics.render(allocs.list(), drivers, store.commitStats()));
    }

    // --- jobs ------------------------------------------------------------------------------------

    private void register(HttpServletRequest req, HttpServletResponse resp, Matcher m) throws IOException {
        ApiJob.Parsed parsed;
        try {
            parsed = JobSubmission.check(body(req), "true".equals(req.getParameter("strict")), drivers);
        } catch (JobSpecException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        JobService.Registration r = jobs.register(parsed.job());
        ObjectNode body = Views.JSON.createObjectNode();
        body.put("JobID", parsed.job().id()).put("Unchanged", r.unchanged())
                .put("Warnings", String.join("\n", parsed.warnings()));
        ArrayNode ids = body.putArray("AllocIDs");
        r.allocIds().forEach(ids::add);
        send(resp, 200, body);
    }

    private void validate(HttpServletRequest req, HttpServletResponse resp, Matcher m) throws IOException {
        ObjectNode body = Views.JSON.createObjectNode();
        ArrayNode errors = body.putArray("ValidationErrors");
        try {
            ApiJob.Parsed parsed = JobSubmission.check(body(req), "true".equals(req.getParameter("strict")), drivers);
            body.put("Warnings", String.join("\n", parsed.warnings()));
        } catch (JobSpecException e) {
            e.problems().forEach(p -> errors.add(p.toString()));
            body.put("Error", e.getMessage());
        }
        send(resp, 200, body);
    }

    private void listJobs(HttpServletRequest req, HttpServletResponse resp, Matcher m) throws IOException {
        ArrayNode list = Views.JSON.createArrayNode();
        jobs.list().forEach(v -> list.add(Views.jobStub(v)));
        send(resp, 200, list);
    }

    private JobView job(String id) {
        return jobs.get(id).orElseThrow(() -> ApiError.notFound("no job " + id));
    }

    private void getJob(HttpServletRequest req, HttpServletResponse resp, Matcher m) throws IOException {
        send(resp, 200, Views.job(job(m.group(1))));
    }

    private void stopJob(HttpServletRequest req, HttpServletResponse resp, Matcher m) throws IOException {
        JobView v = job(m.group(1));
        var done = jobs.stop(v.job().id()).toCompletableFuture();
        if ("true".equals(req.getParameter("wait"))) {
            try {
                done.get(5, TimeUnit.MINUTES);
            } catch (Exception e) {
                throw new ApiError(504, "the job's tasks did not all stop: " + e);
            }
        }
        send(resp, 200, Views.JSON.createObjectNode().put("JobID", v.job().id()));
    }

    private void jobAllocs(HttpServletRequest req, HttpServletResponse resp, Matcher m) throws IOException {
        ArrayNode list = Views.JSON.createArrayNode();
        job(m.group(1)).allocs().forEach(a -> list.add(Views.alloc(a)));
        send(resp, 200, list);
    }

    // --- allocations ---------------------------------------------------------------------------

    private void listAllocs(HttpServletRequest req, HttpServletResponse resp, Matcher m) throws IOException {
        ArrayNode list = Views.JSON.createArrayNode();
        allocs.list().forEach(a -> list.add(Views.allocStub(a)));
        send(resp, 200, list);
    }

    /** An allocation by its ID or a unique prefix of it, as Nomad's CLI allows. */
    private AllocationView alloc(String id) {
        var exact = allocs.get(id);
        if (exact.isPresent()) {
            return exact.get();
        }
        var matches = allocs.list().stream().filter(a -> a.allocation().id().startsWith(id)).toList();
        if (matches.size() == 1 && id.length() >= 4) {
            return matches.get(0);
        }
        throw matches.isEmpty() ? ApiError.notFound("no allocation " + id)
                : ApiError.badRequest("allocation prefix " + id + " matches " + matches.size() + " allocations");
    }

    private void getAlloc(HttpServletRequest req, HttpServletResponse resp, Matcher m) throws IOException {
        send(resp, 200, Views.alloc(alloc(m.group(1))));
    }

    private void logs(HttpServletRequest req, HttpServletResponse resp, Matcher m) throws IOException {
        AllocationView a = alloc(m.group(1));
        String task = req.getParameter("task");
        if (task == null || a.task(task).isEmpty()) {
            throw ApiError.badRequest("task: allocation " + a.allocation().id() + " has no task \"" + task
                    + "\"; its tasks: " + a.tasks().stream().map(t -> t.name()).toList());
        }
        String type = req.getParameter("type") == null ? "stdout" : req.getParameter("type");
        if (!type.equals("stdout") && !type.equals("stderr")) {
            throw ApiError.badRequest("type: must be stdout or stderr, got \"" + type + "\"");
        }
        Path dir = allocDir(a).resolve("alloc/logs");
        String allocId = a.allocation().id();
        LogStream stream = new LogStream(dir, task + "." + type);
        resp.setStatus(200);
        resp.setContentType("text/plain; charset=utf-8");
        stream.copy(resp.getOutputStream(), "end".equals(req.getParameter("origin")),
                "true".equals(req.getParameter("follow")),
                () -> allocs.get(allocId).flatMap(v -> v.task(task)).map(t -> t.state().dead()).orElse(true));
    }

    /** A file of the allocation's directory; nothing outside it, by path or by link. */
    private void cat(HttpServletRequest req, HttpServletResponse resp, Matcher m) throws IOException {
        AllocationView a = alloc(m.group(1));
        String rel = req.getParameter("path");
        if (rel == null || rel.isEmpty()) {
            throw ApiError.badRequest("path: required, relative to the allocation directory");
        }
        Path root = allocDir(a);
        Path file = root.resolve(rel.startsWith("/") ? rel.substring(1) : rel).normalize();
        if (!file.startsWith(root)) {
            throw new ApiError(403, "path: \"" + rel + "\" is outside the allocation directory");
        }
        if (!Files.isRegularFile(file)) {
            throw ApiError.notFound("path: no file \"" + rel + "\" in the allocation directory");
        }
        if (!file.toRealPath().startsWith(root.toRealPath())) {
            throw new ApiError(403, "path: \"" + rel + "\" leads outside the allocation directory");
        }
        resp.setStatus(200);
        resp.setContentType("application/octet-stream");
        Files.copy(file.toRealPath(LinkOption.NOFOLLOW_LINKS), resp.getOutputStream());
    }

    private Path allocDir(AllocationView a) {
        if (allocRoot == null) {
            throw new ApiError(503, "this agent has no allocation directory configured (drover.alloc.dir)");
        }
        return allocRoot.resolve(a.allocation().id());
    }

}
