package org.drover.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The data dir's file system fills up under a running agent (a small tmpfs,
 * filled to the last byte), or turns read-only: the agent says so on its health endpoint, keeps
 * its tasks running, refuses a new job with a 503 and stores nothing of it;
 * an exit while the disk is full is recorded with its code once there is
 * room; the state store writes again, and opens cleanly after a kill -9.
 * Needs root, for the mount; CI runs as root.
 */
class DiskFullIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    Path data;
    AgentProcess agent;
    final HttpClient http = HttpClient.newHttpClient();

    Path filler;
    boolean readOnly;

    /** How the data dir stops taking writes, and how it takes them again. */
    interface Breakage {
        void breakIt() throws Exception;

        void repair() throws Exception;
    }

    @AfterEach
    void tearDown() throws Exception {
        if (readOnly) {
            run("umount", "-l", data.toString()); // the read-only view first: the monitors record their exits
        }
        if (filler != null) {
            Files.deleteIfExists(filler); // room for the monitors to record their exits
        }
        if (agent != null) {
            // Tasks outlive the agent by design: every job is stopped, so that none is left behind.
            for (JsonNode job : JSON.readTree(call("GET", "/v1/jobs", null).body())) {
                call("DELETE", "/v1/job/" + job.path("ID").asText() + "?wait=true", null);
            }
            agent.terminate(Duration.ofSeconds(30));
        }
        if (data != null) {
            run("umount", "-l", data.toString());
        }
    }

    @Test
    void aFullDiskIsReportedTasksKeepRunningAndTheStoreWritesAgainWhenThereIsRoom() throws Exception {
        scenario("No space left on device", new Breakage() {
            @Override
            public void breakIt() throws Exception {
                filler = fill(data);
            }

            @Override
            public void repair() throws Exception {
                Files.delete(filler);
            }
        });
    }

    /**
     * The data dir seen through a read-only bind mount of itself: every file opened from then on
     * is refused (files the agent holds open stay writable, as after a remount that could not
     * wait for them).
     */
    @Test
    void aReadOnlyDataDirIsReportedTasksKeepRunningAndAllIsWrittenOnceItIsWritable() throws Exception {
        // the file system's words, or MapDB's when it checks a folder before writing
        scenario("Read-only file system|Parent folder is not writable", new Breakage() {
            @Override
            public void breakIt() throws Exception {
                assertEquals(0, run("mount", "--bind", data.toString(), data.toString()));
                readOnly = true;
                assertEquals(0, run("mount", "-o", "remount,ro,bind", data.toString()));
            }

            @Override
            public void repair() throws Exception {
                // Lazily: a file the agent has open through the read-only view keeps it busy, and
                // the next opens must reach the writable file system all the same.
                assertEquals(0, run("umount", "-l", data.toString()));
                readOnly = false;
            }
        });
    }

    /** @param cause a pattern the health message must contain */
    void scenario(String cause, Breakage breakage) throws Exception {
        data = Files.createDirectories(tmp.resolve("data"));
        assertEquals(0, run("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", data.toString()),
                "mounting a small tmpfs (the test needs root)");
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path gate = outside.resolve("gate");
        agent = AgentProcess.start(tmp.resolve("console.txt"), "agent", "--data-dir", data.toString());
        agent.awaitLine(LauncherIT.READY);

        String longAlloc = register("long", "service", "echo $$ > " + outside + "/long.pid; exec sleep 600");
        String gated = register("gated", "batch", "while [ ! -e " + gate + " ]; do sleep 0.05; done; exit 3");
        String victim = register("victim", "service", "sleep 600");
        awaitState(longAlloc, "running");
        awaitState(gated, "running");
        awaitState(victim, "running");
        Poll.until(() -> Files.exists(outside.resolve("long.pid")));
        long pid = Long.parseLong(Files.readString(outside.resolve("long.pid")).trim());

        breakage.breakIt();
        Files.createFile(gate); // the batch task exits while the disk takes no writes
        // and a stop is asked for: its events are changes the store must keep. It goes on, but cannot
        // be recorded now, and the caller is told so.
        HttpResponse<String> stop = call("DELETE", "/v1/job/victim", null);
        assertEquals(503, stop.statusCode(), stop.body());
        assertTrue(stop.body().contains("the job's tasks are being stopped, but the stop cannot be recorded"),
                stop.body());

        Poll.until(() -> health().statusCode() == 500, Duration.ofSeconds(60), () -> health().body());
        JsonNode unhealthy = JSON.readTree(health().body()).path("client");
        assertFalse(unhealthy.path("ok").asBoolean());
        assertTrue(java.util.regex.Pattern.compile(cause).matcher(unhealthy.path("message").asText()).find(),
                unhealthy.toString());

        HttpResponse<String> refused = call("PUT", "/v1/jobs", job("late", "service", "sleep 600"));
        assertEquals(503, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("nothing was stored"), refused.body());
        assertEquals(404, call("GET", "/v1/job/late", null).statusCode());
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the long task runs on");

        breakage.repair();
        Poll.until(() -> health().statusCode() == 200, Duration.ofSeconds(60), () -> health().body());
        Poll.until(() -> "dead".equals(task(victim).path("State").asText()), Duration.ofSeconds(60),
                () -> task(victim).toString());
        assertEquals(List.of("Received", "Task Setup", "Started", "Killing", "Terminated", "Killed"),
                eventTypes(victim));
        Poll.until(() -> "dead".equals(task(gated).path("State").asText()), Duration.ofSeconds(60),
                () -> task(gated).toString());
        assertEquals(List.of("3"), exitCodes(gated), () -> "the exit while the disk was full, with its code: "
                + task(gated));
        String late = register("late", "service", "sleep 600");
        awaitState(late, "running");
        call("DELETE", "/v1/job/late?wait=true", null);

        agent.close(); // SIGKILL
        agent = AgentProcess.start(tmp.resolve("console-2.txt"), "agent", "--data-dir", data.toString());
        agent.awaitLine(LauncherIT.READY);
        assertFalse(Files.readString(tmp.resolve("console-2.txt")).contains("damaged"),
                "the store opens as it was left");
        awaitState(longAlloc, "running");
        assertEquals(pid, Long.parseLong(Files.readString(outside.resolve("long.pid")).trim()), "never restarted");
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertEquals(List.of("3"), exitCodes(gated), "the batch task did not run again");
        assertEquals(1, startedEvents(gated));
    }

    /** Writes a file until the file system refuses another byte; returns it. */
    static Path fill(Path dir) throws IOException {
        Path filler = dir.resolve("filler");
        try (FileChannel ch = FileChannel.open(filler, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (int chunk : new int[] {1 << 20, 4096, 1}) {
                ByteBuffer buf = ByteBuffer.allocate(chunk);
                try {
                    while (true) {
                        buf.clear();
                        ch.write(buf);
                    }
                } catch (IOException full) {
                    // the next, smaller chunk fills what is left
                }
            }
        }
        return filler;
    }

    String register(String id, String type, String script) throws Exception {
        HttpResponse<String> r = call("PUT", "/v1/jobs", job(id, type, script));
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body()).path("AllocIDs").get(0).asText();
    }

    static String job(String id, String type, String script) throws Exception {
        return "{\"Job\": {\"ID\": \"" + id + "\", \"Type\": \"" + type + "\", \"TaskGroups\": [{\"Name\": \"g\","
                + " \"RestartPolicy\": {\"Attempts\": 0, \"Mode\": \"fail\"}, \"Tasks\": [{\"Name\": \"t\","
                + " \"Driver\": \"raw_exec\", \"Config\": {\"command\": \"/bin/sh\", \"args\": [\"-c\", "
                + JSON.writeValueAsString(script) + "]}, \"KillTimeout\": 2000000000}]}]}}";
    }

    JsonNode task(String alloc) {
        try {
            return JSON.readTree(call("GET", "/v1/allocation/" + alloc, null).body()).path("TaskStates").path("t");
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }

    void awaitState(String alloc, String state) throws InterruptedException {
        Poll.until(() -> state.equals(task(alloc).path("State").asText()), Duration.ofSeconds(60),
                () -> alloc + ": " + task(alloc));
    }

    List<String> exitCodes(String alloc) {
        List<String> codes = new ArrayList<>();
        task(alloc).path("Events").forEach(e -> {
            if (e.path("Type").asText().equals("Terminated")) {
                codes.add(e.path("Details").path("exit_code").asText());
            }
        });
        return codes;
    }

    List<String> eventTypes(String alloc) {
        List<String> types = new ArrayList<>();
        task(alloc).path("Events").forEach(e -> types.add(e.path("Type").asText()));
        return types;
    }

    long startedEvents(String alloc) {
        List<JsonNode> started = new ArrayList<>();
        task(alloc).path("Events").forEach(e -> {
            if (e.path("Type").asText().equals("Started")) {
                started.add(e);
            }
        });
        return started.size();
    }

    HttpResponse<String> health() {
        try {
            return call("GET", "/v1/agent/health", null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> call(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(agent.api() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static int run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().transferTo(System.out);
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }
}
