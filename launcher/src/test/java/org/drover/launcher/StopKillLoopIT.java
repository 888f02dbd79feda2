package org.drover.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * R6: the agent killed at random moments during job stops. Round after round a running job is
 * stopped over the API; once the stop is acknowledged the agent is killed (SIGKILL, or in some
 * rounds a plain SIGTERM) at a random moment of the stop, often inside the task's kill timeout
 * (half the tasks ignore their kill signal), and started again. After every round: no task of
 * any job whose stop was acknowledged runs, none was started again, and every one ends recorded
 * killed. Size: {@code r6.stops} (10 in the build, 100 in docs/reliability.md).
 */
class StopKillLoopIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int STOPS = Integer.getInteger("r6.stops", 10);
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    final KillRounds rounds;

    StopKillLoopIT(@TempDir Path tmp) {
        rounds = new KillRounds(tmp);
    }

    @Test
    void noTaskRunsOnceItsStopWasAcknowledgedWhenTheAgentDiesDuringTheStop() throws Exception {
        rounds.launch();
        List<String> stopped = new ArrayList<>();
        for (int round = 1; round <= STOPS; round++) {
            String job = "j" + round;
            boolean ignores = round % 2 == 0;
            submit(job, ignores);
            awaitRunning(job);

            HttpResponse<String> r = rounds.send("DELETE", "/v1/job/" + job, null);
            assertEquals(200, r.statusCode(), r.body());
            stopped.add(job);
            // The moment, drawn at random: during the kill timeout (2s) or after it.
            Thread.sleep(rounds.random.nextInt(2500));
            String context = rounds.context(round);
            if (rounds.random.nextInt(4) == 0) {
                assertEquals(0, rounds.agent().terminate(TIMEOUT), context);
            } else {
                rounds.agent().close(); // SIGKILL
            }
            rounds.launch();
            for (String s : stopped) {
                Poll.until(() -> sleeping(marker(s)) == 0, TIMEOUT,
                        () -> "a task of " + s + " runs after its stop was acknowledged, " + context);
                assertKilledOnce(s, context);
            }
        }
        assertEquals(0, rounds.agent().terminate(TIMEOUT));
        for (String s : stopped) {
            assertEquals(0, sleeping(marker(s)), s);
        }
    }

    private void assertKilledOnce(String job, String context) throws Exception {
        Poll.until(() -> {
            try {
                return task(job).path("State").asText().equals("dead");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, TIMEOUT, () -> job + " not dead, " + context);
        JsonNode t = task(job);
        List<String> types = new ArrayList<>();
        t.path("Events").forEach(e -> types.add(e.path("Type").asText()));
        assertEquals(1, types.stream().filter("Started"::equals).count(), job + " started once: " + types + ", " + context);
        assertTrue(types.indexOf("Killing") > types.indexOf("Started"), job + ": " + types);
        assertEquals("Killed", types.get(types.size() - 1), job + ": " + types + ", " + context);
        assertTrue(!types.contains("Restarting"), job + " never restarted: " + types + ", " + context);
        assertEquals(0, t.path("Restarts").asInt());
    }

    /** The task's own processes: {@code sleep MARKER} exactly, not its monitor, whose arguments name it too. */
    static long sleeping(String marker) {
        byte[] want = ("sleep\0" + marker + "\0").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (java.util.stream.Stream<Path> procs = java.nio.file.Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+")).filter(p -> {
                try {
                    return java.util.Arrays.equals(java.nio.file.Files.readAllBytes(p.resolve("cmdline")), want);
                } catch (java.io.IOException e) {
                    return false;
                }
            }).count();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Each job's task sleeps for a time of its own, by which its processes are found. */
    private String marker(String job) {
        return "3600." + (Math.floorMod(rounds.seed, 1000) + 1000) + job.substring(1);
    }

    private void submit(String id, boolean ignoresSignal) throws Exception {
        String script = (ignoresSignal ? "trap '' INT; " : "") + "exec sleep " + marker(id);
        String job = "{\"Job\": {\"ID\": \"" + id + "\", \"Type\": \"service\", \"TaskGroups\": [{\"Name\": \"g\","
                + " \"RestartPolicy\": {\"Attempts\": 3, \"Interval\": 600000000000, \"Delay\": 0, \"Mode\": \"fail\"},"
                + " \"Tasks\": [{\"Name\": \"t\", \"Driver\": \"raw_exec\", \"KillTimeout\": 2000000000,"
                + " \"Config\": {\"command\": \"/bin/sh\", \"args\": [\"-c\", " + JSON.writeValueAsString(script)
                + "]}}]}]}}";
        HttpResponse<String> r = rounds.send("PUT", "/v1/jobs", job);
        assertEquals(200, r.statusCode(), r.body());
    }

    private void awaitRunning(String job) throws Exception {
        Poll.until(() -> {
            try {
                return task(job).path("State").asText().equals("running")
                        && sleeping(marker(job)) == 1;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, TIMEOUT, () -> job + " not running");
    }

    private JsonNode task(String job) throws Exception {
        HttpResponse<String> list = rounds.send("GET", "/v1/job/" + job + "/allocations", null);
        assertEquals(200, list.statusCode(), list.body());
        String alloc = JSON.readTree(list.body()).get(0).path("ID").asText();
        HttpResponse<String> r = rounds.send("GET", "/v1/allocation/" + alloc, null);
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body()).path("TaskStates").path("t");
    }
}
