package org.drover.launcher;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The file endpoints ({@code fs/cat}, {@code fs/logs}, {@code drover alloc logs}) against tasks
 * that plant what a task can: symbolic links to a file and a directory outside the allocation,
 * links climbing out, named pipes, a device node, a hard link to a file outside, odd names, and a
 * task that keeps swapping a log file (and a directory) for a link, a pipe and a device while it is
 * read. A secret planted outside the allocation never appears in an answer, no answer is a 5xx, no
 * request outlives its bound, and with a token set every read needs it.
 */
class FileEndpointsIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "fs-token";
    /** Far above the opener's 3 s bound: a request that takes this long hangs. */
    static final Duration REQUEST_LIMIT = Duration.ofSeconds(20);

    static Path dir;
    static Path outside;
    static String secret;
    static AgentProcess agent;
    static String planted;
    static Path plantedDir;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeContainer
    static void startAgentAndPlant() throws Exception {
        dir = Files.createTempDirectory("drover-fs");
        outside = Files.createDirectories(dir.resolve("outside"));
        secret = "SECRET-" + UUID.randomUUID();
        Files.writeString(outside.resolve("secret"), secret + "\n");
        Files.writeString(Files.createDirectories(outside.resolve("d")).resolve("f"), secret + "\n");
        agent = AgentProcess.start(dir.resolve("console.txt"), "agent", "--data-dir", dir.resolve("data").toString(),
                "--token", TOKEN);
        agent.awaitLine(LauncherIT.READY);
        planted = run(job("planted", plantingTasks()));
        plantedDir = dir.resolve("data/alloc").resolve(planted);
        for (String task : plantingTasks().keySet()) {
            awaitDeadAndSucceeded(planted, task);
        }
    }

    @AfterContainer
    static void stopAgent() throws Exception {
        assertTrue(agent.isAlive(), "the agent is still up");
        assertEquals(0, agent.terminate(Duration.ofSeconds(30)));
        try (var all = Files.walk(dir)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /**
     * Task name to script: each prints a line, waits until it is in its log, plants one kind of
     * thing, then exits 0 (any failure to plant fails it). The wait keeps the monitor off the
     * planted names: it continues the highest log file it finds when it starts.
     */
    static Map<String, String> plantingTasks() {
        String s = outside.resolve("secret").toString();
        Map<String, String> tasks = new LinkedHashMap<>();
        tasks.put("links", "echo links-out; ln -s " + s + " $NOMAD_ALLOC_DIR/logs/links.stdout.1;"
                + " ln -s " + outside + " $NOMAD_TASK_DIR/outdir; ln -s ../../.. $NOMAD_TASK_DIR/up;"
                + " ln -s /dev/zero $NOMAD_TASK_DIR/zero; echo inside > $NOMAD_TASK_DIR/note;"
                + " ln -s note $NOMAD_TASK_DIR/same");
        tasks.put("pipe", "echo pipe-out; mkfifo $NOMAD_ALLOC_DIR/logs/pipe.stdout.1 $NOMAD_TASK_DIR/fifo");
        tasks.put("dev", "echo dev-out; mknod $NOMAD_ALLOC_DIR/logs/dev.stdout.1 c 1 5;"
                + " mknod $NOMAD_TASK_DIR/zero c 1 5");
        tasks.put("hard", "echo hard-out; ln " + s + " $NOMAD_TASK_DIR/linked;"
                + " ln " + s + " $NOMAD_ALLOC_DIR/logs/hard.stdout.1");
        StringBuilder odd = new StringBuilder("echo odd-out; cd $NOMAD_TASK_DIR;");
        for (String name : oddNames()) {
            odd.append(" printf '%s' '").append(name).append("' > '").append(name).append("';");
        }
        tasks.put("odd", odd.toString());
        tasks.replaceAll((task, script) -> script.replaceFirst("^echo ([a-z]+-out);",
                "set -e; echo $1; while [ ! -s \\$NOMAD_ALLOC_DIR/logs/" + task + ".stdout.0 ]; do sleep 0.02; done;"));
        return tasks;
    }

    static List<String> oddNames() {
        return List.of("with space", "ünïcødé 名前", "100%", "%2e%2e", "a\\b", "-dash", "n".repeat(255), "é".repeat(127));
    }

    // --- what each planted thing gets --------------------------------------------------------------

    @Example
    void aLogFileThatIsALinkOutIsRefusedByTheApiAndTheCommandLine() throws Exception {
        HttpResponse<String> logs = get("/v1/client/fs/logs/" + planted + "?task=links&type=stdout", TOKEN);
        assertEquals(403, logs.statusCode(), logs.body());
        assertEquals("path: \"alloc/logs/links.stdout.1\" is a symbolic link, and links are never followed",
                message(logs));
        HttpResponse<String> cat = cat(planted, "alloc/logs/links.stdout.1");
        assertEquals(403, cat.statusCode());

        AgentProcess.Result cli = AgentProcess.run(dir, "alloc", "logs", "--address", agent.api(), "--token", TOKEN,
                planted, "links");
        assertNotEquals(0, cli.exitCode(), cli.stdout());
        assertFalse((cli.stdout() + cli.stderr()).contains(secret), "drover alloc logs printed the secret");
        assertTrue(cli.stderr().contains("is a symbolic link"), cli.stderr());
    }

    @Example
    void linksToDirectoriesAndLinksClimbingOutAreNeverFollowed() throws Exception {
        for (String path : List.of("links/local/outdir/secret", "links/local/up/outside/secret",
                "links/local/up/" + dir.relativize(outside.resolve("secret")), "links/local/zero", "links/local/same")) {
            HttpResponse<String> r = cat(planted, path);
            assertEquals(403, r.statusCode(), path + ": " + r.body());
            assertFalse(r.body().contains(secret));
        }
        assertEquals("path: \"links/local/outdir/secret\" passes through a symbolic link, \"links/local/outdir\","
                + " and links are never followed", message(cat(planted, "links/local/outdir/secret")));
        HttpResponse<String> up = cat(planted, "links/../../../outside/secret");
        assertEquals(403, up.statusCode());
        assertEquals("path: \"links/../../../outside/secret\" is outside the allocation directory", message(up));
        assertEquals("inside\n", cat(planted, "links/local/note").body());
    }

    @Example
    void namedPipesAndDevicesAreRefusedAtOnce() throws Exception {
        for (String task : List.of("pipe", "dev")) {
            long t0 = System.nanoTime();
            HttpResponse<String> logs = get("/v1/client/fs/logs/" + planted + "?task=" + task, TOKEN);
            assertEquals(403, logs.statusCode(), logs.body());
            assertEquals("path: \"alloc/logs/" + task + ".stdout.1\" is not a regular file (a named pipe, a socket or"
                    + " a device); only regular files are served", message(logs));
            HttpResponse<String> file = cat(planted, task + "/local/" + (task.equals("pipe") ? "fifo" : "zero"));
            assertEquals(403, file.statusCode(), file.body());
            assertTrue(Duration.ofNanos(System.nanoTime() - t0).compareTo(Duration.ofSeconds(3)) < 0,
                    "refused without opening, so without waiting for a writer");
        }
    }

    @Example
    void aHardLinkToAFileOutsideIsRefusedAndALogStopsBeforeIt() throws Exception {
        HttpResponse<String> linked = cat(planted, "hard/local/linked");
        assertEquals(403, linked.statusCode());
        assertEquals("path: \"hard/local/linked\" has 3 hard links, and another name of it may be outside the"
                + " allocation; it is not served", message(linked));
        HttpResponse<String> logs = get("/v1/client/fs/logs/" + planted + "?task=hard", TOKEN);
        assertEquals(200, logs.statusCode(), "the first file is the task's own");
        assertEquals("hard-out\n", logs.body(), "the stream ends before the hard link, unread");
    }

    @Example
    void oddNamesAreServedAsTheFilesTheyName() throws Exception {
        for (String name : oddNames()) {
            HttpResponse<String> r = cat(planted, "odd/local/" + name);
            assertEquals(200, r.statusCode(), name + ": " + r.body());
            assertEquals(name, r.body());
        }
        HttpResponse<String> tooLong = cat(planted, "odd/local/" + "n".repeat(256));
        assertEquals(400, tooLong.statusCode());
        assertTrue(message(tooLong).endsWith("is longer than 255 bytes, the longest file name this system takes"));
        assertEquals(400, cat(planted, "odd/local/a\0b").statusCode());
    }

    // --- a task swapping names while they are read ------------------------------------------------

    /**
     * Swaps {@code alloc/logs/swap.stdout.1} and {@code swap/local/target} among a fresh regular
     * file, a link to the secret, a named pipe and a device node (/dev/zero's numbers), and
     * {@code swap/local/d} between a directory and a link to a directory outside holding the secret
     * under the same name, in turns every half millisecond and as fast as it can, until the gate
     * file appears. Opening the pipe for
     * writing, now and then and at the end, releases an open left waiting on it.
     */
    static final String SWAPPER = """
            use POSIX;
            my ($logs, $local, $secret, $out, $gate) = @ARGV;
            mkfifo("$local/fifo.keep", 0600) or die "mkfifo: $!";
            system("mknod", "$local/zero.keep", "c", "1", "5") == 0 or die "mknod";
            mkdir("$local/d") or die; open(my $f, '>', "$local/d/f") or die; print $f "inside\\n"; close $f;
            my $i = 0;
            until (-e $gate) {
              for my $t ("$logs/swap.stdout.1", "$local/target") {
                my $k = $i % 4;
                if ($k == 0) { open(my $n, '>', "$t.new") or die; print $n "inside\\n"; close $n; }
                elsif ($k == 1) { symlink($secret, "$t.new") or die; }
                elsif ($k == 2) { link("$local/fifo.keep", "$t.new") or die; }
                else { link("$local/zero.keep", "$t.new") or die; }
                rename("$t.new", $t) or die "rename: $!";
              }
              if ($i % 2 == 0) { rename("$local/d", "$local/d.real"); symlink($out, "$local/d"); }
              else { unlink("$local/d"); rename("$local/d.real", "$local/d"); }
              $i++;
              # Now and then a writer for the pipe: an open left waiting on it returns (and is refused).
              if ($i % 4000 == 0 && sysopen(my $w, "$local/fifo.keep", O_WRONLY|O_NONBLOCK)) { close $w; }
              # Slow phases (a name holds half a millisecond) and flat-out ones, so that reads both
              # succeed and land in the middle of a swap.
              select(undef, undef, undef, 0.0005) if $i % 62000 < 2000;
            }
            if (-l "$local/d") { unlink("$local/d"); rename("$local/d.real", "$local/d"); }
            for (1..300) { if (sysopen(my $w, "$local/fifo.keep", O_WRONLY|O_NONBLOCK)) { close $w; } select(undef, undef, undef, 0.01); }
            """;

    @Example
    void namesSwappedWhileTheyAreReadNeverYieldOutsideBytesAndNeverHang() throws Exception {
        Path script = Files.writeString(dir.resolve("swapper.pl"), SWAPPER);
        Path gate = dir.resolve("swap-gate");
        String cmd = "echo swap-out; while [ ! -s $NOMAD_ALLOC_DIR/logs/swap.stdout.0 ]; do sleep 0.02; done; exec perl " + script + " $NOMAD_ALLOC_DIR/logs $NOMAD_TASK_DIR "
                + outside.resolve("secret") + " " + outside.resolve("d") + " " + gate;
        String alloc = run(job("swapper", Map.of("swap", cmd)));
        awaitRunning(alloc, "swap");
        Path local = dir.resolve("data/alloc").resolve(alloc).resolve("swap/local");
        Poll.until(() -> Files.exists(local.resolve("fifo.keep"), NOFOLLOW_LINKS), Duration.ofSeconds(30),
                () -> "the swapper never started");

        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        int servedInside = 0;
        long until = System.nanoTime() + Duration.ofSeconds(12).toNanos();
        for (int i = 0; System.nanoTime() < until; i++) {
            String path = switch (i % 3) {
                case 0 -> "/v1/client/fs/cat/" + alloc + "?path=" + q("alloc/logs/swap.stdout.1");
                case 1 -> "/v1/client/fs/cat/" + alloc + "?path=" + q("swap/local/" + (i % 2 == 0 ? "target" : "d/f"));
                default -> "/v1/client/fs/logs/" + alloc + "?task=swap&type=stdout";
            };
            HttpResponse<byte[]> r = getBytes(path);
            String body = new String(r.body(), StandardCharsets.UTF_8);
            statuses.merge(r.statusCode(), 1, Integer::sum);
            assertFalse(body.contains(secret), path + " answered the secret");
            assertFalse(body.contains("\0"), path + " answered a device's bytes");
            assertTrue(r.statusCode() < 500 || r.statusCode() == 503, path + ": " + r.statusCode() + " " + body);
            if (r.statusCode() == 200 && path.contains("fs/cat")) {
                assertEquals("inside\n", body, path);
                servedInside++;
            }
            if (r.statusCode() == 200 && path.contains("fs/logs")) {
                assertTrue(body.equals("swap-out\n") || body.equals("swap-out\ninside\n"), body);
            }
        }
        assertTrue(servedInside > 0, "the regular file was served between swaps: " + statuses);
        System.out.println("swapped names read: " + statuses);
        Files.writeString(gate, "stop");
        awaitDeadAndSucceeded(alloc, "swap");
        // Whatever open was left waiting on the pipe has returned: the allocation's reads work again.
        Poll.until(() -> {
            try {
                return cat(alloc, "swap/local/d/f").statusCode() == 200;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, Duration.ofSeconds(30), () -> "reads of the swapped allocation never resumed: " + statuses);
        assertTrue(agent.isAlive());
    }

    // --- the same endpoints, fuzzed ---------------------------------------------------------------

    /**
     * Any path: each answer is a 4xx, or a 200 with the bytes of the regular file the path names
     * inside the allocation, reached through no link; never a 5xx, never the secret.
     */
    @Property(tries = 600)
    void anyPathIsTheFileItNamesInsideOrA4xx(@ForAll("paths") String path) throws Exception {
        HttpResponse<byte[]> r = getBytes("/v1/client/fs/cat/" + planted + "?path=" + q(path));
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertFalse(body.contains(secret), path + " answered the secret");
        assertTrue(r.statusCode() >= 200 && r.statusCode() < 500 && r.statusCode() != 401, r.statusCode() + " " + body);
        if (r.statusCode() == 200) {
            assertArrayEquals(Files.readAllBytes(insideWithoutLinks(path)), r.body(), path);
        } else {
            assertTrue(r.statusCode() >= 400, path + ": " + r.statusCode());
            assertTrue(JSON.readTree(body).path("message").isTextual(), body);
        }
    }

    @Property(tries = 300)
    void anyTaskAndTypeIsATasksOwnLogOrA4xx(@ForAll("tasks") String task, @ForAll("types") String type,
            @ForAll("origins") String origin) throws Exception {
        HttpResponse<byte[]> r = getBytes("/v1/client/fs/logs/" + planted + "?task=" + q(task) + "&type=" + q(type)
                + "&origin=" + q(origin));
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertFalse(body.contains(secret), task + "/" + type + " answered the secret");
        assertTrue(r.statusCode() == 200 || r.statusCode() >= 400 && r.statusCode() < 500, r.statusCode() + body);
        if (r.statusCode() == 200) {
            assertTrue(plantingTasks().containsKey(task), task);
            String own = type.equals("stderr") || origin.equals("end") ? "" : task + "-out\n";
            assertEquals(own, body);
        }
    }

    @Provide
    Arbitrary<String> paths() {
        List<String> known = new ArrayList<>(List.of("..", ".", "", "alloc", "logs", "data", "tmp", "local", "secrets",
                "links", "pipe", "dev", "hard", "odd", "note", "same", "outdir", "up", "zero", "fifo", "linked",
                "secret", "outside", "links.stdout.0", "links.stdout.1", "pipe.stdout.1", "dev.stdout.1",
                "odd.stdout.0", "hard.stdout.1", planted, "%2e%2e", "..%2f", "\\", "\0", "n".repeat(256)));
        known.addAll(oddNames());
        Arbitrary<String> name = Arbitraries.oneOf(Arbitraries.of(known), Arbitraries.strings().all().ofMaxLength(12));
        Arbitrary<String> joined = name.list().ofMinSize(1).ofMaxSize(7).map(l -> String.join("/", l));
        return Combinators.combine(Arbitraries.of("", "/", "//", "./"), joined).as(String::concat)
                .filter(p -> !p.isEmpty());
    }

    @Provide
    Arbitrary<String> tasks() {
        List<String> names = new ArrayList<>(plantingTasks().keySet());
        names.addAll(List.of("../links", "links/..", "links.stdout", "", ".", "..", "swap", "n".repeat(300)));
        return Arbitraries.oneOf(Arbitraries.of(names), Arbitraries.strings().all().ofMaxLength(20));
    }

    @Provide
    Arbitrary<String> types() {
        return Arbitraries.oneOf(Arbitraries.of("stdout", "stderr", "stdout.1", "../stdout", ""),
                Arbitraries.strings().all().ofMaxLength(10));
    }

    @Provide
    Arbitrary<String> origins() {
        return Arbitraries.of("start", "end", "middle", "");
    }

    /** The file a 200 must have come from: the path read by name inside the allocation, with no link on the way. */
    static Path insideWithoutLinks(String path) throws IOException {
        List<String> names = new ArrayList<>();
        for (String n : path.split("/")) {
            if (n.equals("..")) {
                names.remove(names.size() - 1);
            } else if (!n.isEmpty() && !n.equals(".")) {
                names.add(n);
            }
        }
        Path p = plantedDir;
        for (String n : names) {
            p = p.resolve(n);
            assertFalse(Files.isSymbolicLink(p), path + " was served through the link " + p);
        }
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW_LINKS);
        assertTrue(a.isRegularFile(), path + " was served but is no regular file");
        return p;
    }

    // --- a token for every read -----------------------------------------------------------------

    @Example
    void everyReadNeedsTheTokenButTheHealthCheck() throws Exception {
        List<String> reads = List.of("/v1/jobs", "/v1/job/planted", "/v1/job/planted/allocations", "/v1/allocations",
                "/v1/allocation/" + planted, "/v1/client/fs/logs/" + planted + "?task=odd",
                "/v1/client/fs/cat/" + planted + "?path=links/local/note", "/v1/drivers", "/v1/metrics");
        for (String path : reads) {
            HttpResponse<String> none = get(path, null);
            assertEquals(401, none.statusCode(), path);
            assertEquals("this agent requires a token (X-Nomad-Token)", message(none));
            HttpResponse<String> wrong = get(path, "fs-tokeN");
            assertEquals(403, wrong.statusCode(), path);
            assertEquals("the token is not valid", message(wrong));
            assertFalse(none.body().contains(planted) || wrong.body().contains(planted), path);
            assertEquals(200, get(path, TOKEN).statusCode(), path + " with the token");
            assertEquals(200, HTTP.send(request(path).header("Authorization", "Bearer " + TOKEN).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode(), path + " with a bearer token");
        }
        HttpResponse<String> health = get("/v1/agent/health", null);
        assertEquals(200, health.statusCode(), "the health check needs no token");
        assertEquals("{\"client\":{\"ok\":true,\"message\":\"ok\"}}", health.body());
    }

    @Example
    void aShortPrefixNamesTheOneAllocationItMatches() throws Exception {
        for (int n = 2; n <= 8; n++) {
            String prefix = planted.substring(0, n);
            long others = JSON.readTree(get("/v1/allocations", TOKEN).body()).findValuesAsText("ID").stream()
                    .filter(id -> id.startsWith(prefix)).count();
            HttpResponse<String> r = get("/v1/allocation/" + prefix, TOKEN);
            if (others == 1) {
                assertEquals(200, r.statusCode(), prefix + ": " + r.body());
                assertEquals(planted, JSON.readTree(r.body()).path("ID").asText());
            } else {
                assertEquals(400, r.statusCode(), prefix + ": " + r.body());
                assertTrue(message(r).startsWith("allocation prefix \"" + prefix + "\" matches " + others), message(r));
            }
        }
        HttpResponse<String> one = get("/v1/allocation/" + planted.charAt(0), TOKEN);
        assertEquals(400, one.statusCode());
        assertEquals("allocation \"" + planted.charAt(0) + "\": an ID prefix must have at least two characters",
                message(one));
    }

    // --- helpers ----------------------------------------------------------------------------------

    static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(agent.api() + path)).timeout(REQUEST_LIMIT);
    }

    static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = request(path);
        if (token != null) {
            b.header("X-Nomad-Token", token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A read with the token; its time is bounded by the request's timeout, which fails the test. */
    static HttpResponse<byte[]> getBytes(String path) throws Exception {
        return HTTP.send(request(path).header("X-Nomad-Token", TOKEN).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpResponse<String> cat(String alloc, String path) throws Exception {
        return get("/v1/client/fs/cat/" + alloc + "?path=" + q(path), TOKEN);
    }

    static String message(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body()).path("message").asText();
    }

    static String job(String id, Map<String, String> scripts) throws Exception {
        ObjectNode job = JSON.createObjectNode();
        ObjectNode j = job.putObject("Job").put("ID", id).put("Type", "batch");
        ObjectNode g = j.putArray("TaskGroups").addObject().put("Name", "g");
        g.putObject("RestartPolicy").put("Attempts", 0).put("Mode", "fail");
        ArrayNode tasks = g.putArray("Tasks");
        scripts.forEach((name, script) -> {
            ObjectNode t = tasks.addObject().put("Name", name).put("Driver", "raw_exec");
            t.putObject("Config").put("command", "/bin/sh").putArray("args").add("-c").add(script);
        });
        return JSON.writeValueAsString(job);
    }

    static String run(String job) throws Exception {
        HttpResponse<String> r = HTTP.send(request("/v1/jobs").header("X-Nomad-Token", TOKEN)
                .PUT(HttpRequest.BodyPublishers.ofString(job)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body()).path("AllocIDs").get(0).asText();
    }

    static JsonNode taskState(String alloc, String task) throws Exception {
        return JSON.readTree(get("/v1/allocation/" + alloc, TOKEN).body()).path("TaskStates").path(task);
    }

    static void awaitRunning(String alloc, String task) throws InterruptedException {
        Poll.until(() -> state(alloc, task).path("State").asText().equals("running"), Duration.ofSeconds(60),
                () -> task + " not running: " + state(alloc, task));
    }

    static void awaitDeadAndSucceeded(String alloc, String task) throws InterruptedException {
        Poll.until(() -> state(alloc, task).path("State").asText().equals("dead"), Duration.ofSeconds(60),
                () -> task + " not dead: " + state(alloc, task));
        assertFalse(state(alloc, task).path("Failed").asBoolean(), task + " failed: " + state(alloc, task));
    }

    static JsonNode state(String alloc, String task) {
        try {
            return taskState(alloc, task);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
