package org.drover.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * R8 at the build's size: {@code r8.allocs} (2,000) short batch allocations, in jobs of a hundred,
 * on an agent collecting every second with Nomad's {@code gc_max_allocs} of 50. The node never
 * keeps more than that many allocation directories once they are done, the store's file stays
 * bounded, and {@code PUT /v1/system/gc} forgets the dead jobs at once.
 */
class GarbageCollectionIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ALLOCS = Integer.getInteger("r8.allocs", 2000);
    private static final int PER_JOB = 100;
    private static final int MAX_ALLOCS = 50;
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    /** The store compacts itself past max(16 MB, 4 x its live bytes): bounded, whatever went through it. */
    private static final long STORE_BOUND = 16L * 1024 * 1024;

    @TempDir
    Path tmp;

    final HttpClient http = HttpClient.newHttpClient();
    AgentProcess agent;

    @Test
    void shortBatchAllocationsLeaveAtMostGcMaxAllocsDirectoriesAndABoundedStore() throws Exception {
        Path data = tmp.resolve("data");
        Path deploy = Files.createDirectories(data.resolve("deploy"));
        Files.writeString(deploy.resolve("org.drover.runner.cfg"),
                "gc_interval = 1s\ngc_max_allocs = " + MAX_ALLOCS + "\n");
        agent = AgentProcess.start(tmp.resolve("console.txt"), "agent", "--data-dir", data.toString());
        try {
            agent.awaitLine(LauncherIT.READY);
            Path allocDir = data.resolve("alloc");
            long mostDirsOnceDone = 0;
            int jobs = ALLOCS / PER_JOB;
            long idleRss = rssKb(agent.pid());
            for (int j = 0; j < jobs; j++) {
                String id = "b" + j;
                String job = "{\"Job\": {\"ID\": \"" + id + "\", \"Type\": \"batch\", \"TaskGroups\": [{\"Name\": \"g\","
                        + " \"Count\": " + PER_JOB + ", \"Tasks\": [{\"Name\": \"t\", \"Driver\": \"raw_exec\","
                        + " \"Config\": {\"command\": \"/bin/true\"}}]}]}}";
                HttpResponse<String> r = send("PUT", "/v1/jobs", job);
                assertEquals(200, r.statusCode(), r.body());
                awaitNoneLive();
                // Everything submitted so far is done: the next pass leaves at most gc_max_allocs.
                Poll.until(() -> dirs(allocDir) <= MAX_ALLOCS, TIMEOUT,
                        () -> dirs(allocDir) + " allocation directories after job " + id);
                mostDirsOnceDone = Math.max(mostDirsOnceDone, dirs(allocDir));
                assertTrue(Files.size(data.resolve("state/state.db")) <= STORE_BOUND,
                        "store file " + Files.size(data.resolve("state/state.db")) + " bytes");
            }
            assertTrue(mostDirsOnceDone <= MAX_ALLOCS, mostDirsOnceDone + " directories");
            assertTrue(agent.console().contains("number of allocations"), "the reason is logged");

            // Nomad's system gc: the dead jobs go now, whatever job_gc_threshold says.
            assertEquals(200, send("PUT", "/v1/system/gc", "").statusCode());
            assertEquals(0, JSON.readTree(send("GET", "/v1/jobs", null).body()).size());
            assertEquals(0, dirs(allocDir));
            // R8's memory figure is measured, not asserted (docs/reliability.md has it at full size).
            System.out.printf("R8: %d allocations; agent RSS %d kB idle, %d kB after; store file %d bytes%n", ALLOCS,
                    idleRss, rssKb(agent.pid()), Files.size(data.resolve("state/state.db")));
            assertEquals(0, agent.terminate(Duration.ofSeconds(30)));
        } finally {
            agent.close();
        }
    }

    private void awaitNoneLive() throws Exception {
        Poll.until(() -> {
            try {
                for (JsonNode a : JSON.readTree(send("GET", "/v1/allocations", null).body())) {
                    String s = a.path("ClientStatus").asText();
                    if (s.equals("pending") || s.equals("running")) {
                        return false;
                    }
                }
                return true;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, TIMEOUT, () -> "allocations still live");
    }

    /** The JVM's child is the launcher's JVM itself: {@code bin/drover} is not in between here. */
    private static long rssKb(long pid) throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static long dirs(Path allocDir) {
        try (Stream<Path> list = Files.list(allocDir)) {
            return list.filter(Files::isDirectory).count();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(agent.api() + path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
