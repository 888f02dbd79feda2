package org.drover.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * R1, the pattern of Nomad's client-state tests: a real agent runs long tasks
 * whose PIDs are recorded, tasks that crash-loop under their restart policy,
 * and batch tasks that run once; it is killed with SIGKILL at random moments
 * (during starts, restarts, commits) and started again, round after round.
 * After every kill: every long task runs, with the PID it had from the start,
 * and only once. Exits that happened while the agent was down are recorded
 * with their real code; no batch task ran twice; every restart the API had
 * shown is still there; the store opens every time; and once the jobs are
 * stopped, no process of theirs is left.
 * Size: {@code r1.kills} (10 in the build, 100 in docs/reliability.md),
 * {@code r1.long} (20; 100) and {@code r1.looping} (5; 20).
 */
class KillLoopIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int KILLS = Integer.getInteger("r1.kills", 10);
    private static final int LONG = Integer.getInteger("r1.long", 20);
    private static final int LOOPING = Integer.getInteger("r1.looping", 5);
    private static final int ONCE = 3;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    final KillRounds rounds;
    /** The long tasks' sleep, unique to this run: their processes are found by it. */
    final String marker;

    KillLoopIT(@TempDir Path tmp) {
        rounds = new KillRounds(tmp);
        marker = "3600." + (rounds.seed % 9000 + 1000);
    }

    @Test
    void killedAtRandomMomentsTheAgentNeverLosesStartsTwiceOrOrphansAnything() throws Exception {
        rounds.launch();
        submit("long", "service", LONG, "echo $$ > $NOMAD_TASK_DIR/pid; exec sleep " + marker,
                "{\"Attempts\": 0, \"Mode\": \"fail\"}");
        submit("looping", "service", LOOPING, "sleep 0.3; exit 3",
                "{\"Attempts\": 100000, \"Interval\": 86400000000000, \"Delay\": 500000000, \"Mode\": \"delay\"}");
        submit("once", "batch", ONCE, "echo $$ > $NOMAD_TASK_DIR/pid; echo ran >> $NOMAD_TASK_DIR/runs;"
                + " while [ ! -e $NOMAD_TASK_DIR/gate ]; do sleep 0.05; done; exit 7", "{\"Attempts\": 0, \"Mode\": \"fail\"}");
        List<String> longAllocs = allocIds("long");
        List<String> onceAllocs = allocIds("once");
        Map<String, Long> pids = new HashMap<>();
        for (String id : longAllocs) {
            pids.put(id, awaitPid(id));
        }
        Map<String, Integer> shownRestarts = new HashMap<>();
        List<String> endedWhileDown = new ArrayList<>();

        for (int round = 1; round <= KILLS; round++) {
            // The kill's moment, drawn at random: fault injection, not waiting for anything.
            Thread.sleep(rounds.random.nextInt(1500));
            recordRestarts(shownRestarts);
            rounds.agent().close(); // SIGKILL
            String context = rounds.context(round);
            assertEquals(LONG, ReloadStormIT.processesWith("sleep " + marker), "each long task runs once, " + context);
            for (Map.Entry<String, Long> p : pids.entrySet()) {
                assertTrue(alive(p.getValue()), "long task " + p.getKey() + " keeps its process, " + context);
                assertEquals(p.getValue(), pid(p.getKey()), "never started again, " + context);
            }
            String next = endedWhileDown.size() < ONCE ? onceAllocs.get(endedWhileDown.size()) : null;
            if (next != null && rounds.random.nextBoolean() && Files.exists(taskDir(next).resolve("pid"))) {
                String id = next;
                long pid = awaitPid(id);
                Files.writeString(taskDir(id).resolve("gate"), "go");
                Poll.until(() -> !alive(pid), TIMEOUT, () -> "batch task " + id + " still running");
                endedWhileDown.add(id);
            }
            rounds.launch();
        }

        for (String id : onceAllocs.subList(endedWhileDown.size(), ONCE)) {
            Files.writeString(taskDir(id).resolve("gate"), "go");
        }
        for (String id : onceAllocs) {
            JsonNode t = awaitTask(id, "dead");
            assertEquals("Exit Code: 7", eventMessage(t, "Terminated"), "the real exit code of " + id);
            assertEquals(List.of("ran"), Files.readAllLines(taskDir(id).resolve("runs")), id + " ran once, "
                    + rounds.context(KILLS));
        }
        for (String id : longAllocs) {
            JsonNode t = task(id);
            assertEquals("running", t.path("State").asText());
            assertEquals(1, types(t).stream().filter("Started"::equals).count(), "one Started for " + id);
            assertEquals(0, t.path("Restarts").asInt());
        }
        for (Map.Entry<String, Integer> shown : shownRestarts.entrySet()) {
            int now = task(shown.getKey()).path("Restarts").asInt();
            assertTrue(now >= shown.getValue(), shown.getKey() + ": restarts the API showed were lost ("
                    + shown.getValue() + " shown, " + now + " now)");
        }
        assertTrue(allocIds("looping").stream().allMatch(id -> {
            try {
                return task(id).path("Restarts").asInt() > 0;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }), "the looping tasks kept restarting across the kills");

        for (String job : List.of("long", "looping", "once")) {
            HttpResponse<String> r = rounds.send("DELETE", "/v1/job/" + job + "?wait=true", null);
            assertEquals(200, r.statusCode(), r.body());
        }
        assertEquals(0, rounds.agent().terminate(TIMEOUT));
        Poll.until(() -> ReloadStormIT.processesWith(rounds.data.toString()) == 0, TIMEOUT,
                () -> ReloadStormIT.processesWith(rounds.data.toString()) + " processes of the stopped jobs left");
        assertEquals(0, ReloadStormIT.processesWith("sleep " + marker));
        assertEquals(KILLS + 1, rounds.launches());
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = rounds.send("GET", path, null);
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    private void submit(String id, String type, int count, String script, String restart) throws Exception {
        String job = "{\"Job\": {\"ID\": \"" + id + "\", \"Type\": \"" + type + "\", \"TaskGroups\": [{\"Name\": \"g\","
                + " \"Count\": " + count + ", \"RestartPolicy\": " + restart + ", \"Tasks\": [{\"Name\": \"t\","
                + " \"Driver\": \"raw_exec\", \"KillTimeout\": 2000000000, \"Config\": {\"command\": \"/bin/sh\","
                + " \"args\": [\"-c\", " + JSON.writeValueAsString(script) + "]}}]}]}}";
        HttpResponse<String> r = rounds.send("PUT", "/v1/jobs", job);
        assertEquals(200, r.statusCode(), r.body());
    }

    private List<String> allocIds(String job) throws Exception {
        List<String> ids = new ArrayList<>();
        get("/v1/job/" + job + "/allocations").forEach(a -> ids.add(a.path("ID").asText()));
        return ids;
    }

    private JsonNode task(String alloc) throws Exception {
        return get("/v1/allocation/" + alloc).path("TaskStates").path("t");
    }

    private JsonNode awaitTask(String alloc, String state) throws Exception {
        Poll.until(() -> {
            try {
                return task(alloc).path("State").asText().equals(state);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, TIMEOUT, () -> "task of " + alloc + " not " + state);
        return task(alloc);
    }

    private void recordRestarts(Map<String, Integer> shown) throws Exception {
        for (JsonNode a : get("/v1/allocations")) {
            if (a.path("JobID").asText().equals("looping")) {
                shown.merge(a.path("ID").asText(), a.path("TaskStates").path("t").path("Restarts").asInt(), Math::max);
            }
        }
    }

    private static List<String> types(JsonNode task) {
        List<String> types = new ArrayList<>();
        task.path("Events").forEach(e -> types.add(e.path("Type").asText()));
        return types;
    }

    private static String eventMessage(JsonNode task, String type) {
        for (JsonNode e : task.path("Events")) {
            if (e.path("Type").asText().equals(type)) {
                return e.path("DisplayMessage").asText();
            }
        }
        return "no " + type + " event";
    }

    private Path taskDir(String alloc) {
        return rounds.data.resolve("alloc").resolve(alloc).resolve("t/local");
    }

    private long pid(String alloc) throws Exception {
        return Long.parseLong(Files.readString(taskDir(alloc).resolve("pid")).trim());
    }

    private long awaitPid(String alloc) throws Exception {
        Poll.until(() -> Files.exists(taskDir(alloc).resolve("pid")), TIMEOUT, () -> "no pid for " + alloc);
        Poll.until(() -> {
            try {
                return !Files.readString(taskDir(alloc).resolve("pid")).isBlank();
            } catch (java.io.IOException e) {
                return false;
            }
        }, TIMEOUT, () -> "empty pid file for " + alloc);
        return pid(alloc);
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
