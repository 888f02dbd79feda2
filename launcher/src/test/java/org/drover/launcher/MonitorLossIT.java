package org.drover.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * R7: a task's monitor killed with -9, the agent up or down. The task's whole tree is killed (a
 * child ignoring SIGTERM, an orphan, for raw_exec a child in a session of its own, for exec a daemon
 * that left its session and its parent), the task's {@code Terminated} event says why, the restart
 * policy applies, and the old run is gone before the new one starts: never two copies. A stop of
 * a task whose monitor is gone completes. Size: {@code r7.tasks} tasks per driver (1 in the build);
 * the time from the kill to the {@code Terminated} event is printed (docs/reliability.md).
 */
class MonitorLossIT {

    static final int PER_DRIVER = Integer.getInteger("r7.tasks", 1);
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final List<String> RESTARTED = List.of("Received", "Task Setup", "Started", "Terminated", "Restarting",
            "Started");

    @TempDir
    Path tmp;

    Path data;
    final String marker = "3600." + System.nanoTime() % 100_000;
    final List<AgentProcess> agents = new ArrayList<>();

    @AfterEach
    void killLeftovers() throws Exception {
        for (AgentProcess a : agents) {
            a.close();
        }
        Procs.with(marker).forEach(p -> ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly));
    }

    @Test
    void aKilledMonitorIsNoticedItsTreeKilledAndTheTaskRestartedOnce() throws Exception {
        AgentApi api = new AgentApi(launch());
        api.submit(job(1));
        Map<String, Run> runs = awaitRuns(api);
        Instant killed = Instant.now();
        runs.values().forEach(Run::killMonitor);
        List<Long> noticedMillis = new ArrayList<>();
        for (Run run : runs.values()) {
            JsonNode task = awaitRestarted(api, run);
            noticedMillis.add(millisSince(killed, AgentApi.event(task, "Terminated").path("Time").asLong()));
        }
        assertOneNewCopyEach(runs);
        print("R7 (agent up): %d monitors killed at once; their loss recorded, trees killed, after p50 %d ms,"
                + " max %d ms", runs.size(), noticedMillis);
        stopAndAssertNothingLeft(api);
    }

    @Test
    void aMonitorKilledWhileTheAgentIsDownIsFoundAtStartItsTreeKilledAndTheTaskRestartedOnce() throws Exception {
        AgentProcess first = launch();
        AgentApi api = new AgentApi(first);
        api.submit(job(1));
        Map<String, Run> runs = awaitRuns(api);
        first.close(); // SIGKILL
        runs.values().forEach(Run::killMonitor);
        Instant launched = Instant.now();
        AgentApi second = new AgentApi(launch());
        long readyMillis = Duration.between(launched, Instant.now()).toMillis();
        List<Long> foundMillis = new ArrayList<>();
        for (Run run : runs.values()) {
            JsonNode task = awaitRestarted(second, run);
            foundMillis.add(millisSince(launched, AgentApi.event(task, "Terminated").path("Time").asLong()));
        }
        assertOneNewCopyEach(runs);
        print("R7 (agent down): %d monitors killed while no agent ran; their loss recorded, trees killed, after"
                + " p50 %d ms, max %d ms from the agent's launch (ready after " + readyMillis + " ms)", runs.size(),
                foundMillis);
        stopAndAssertNothingLeft(second);
    }

    @Test
    void aStopOfATaskWhoseMonitorIsGoneCompletes() throws Exception {
        AgentApi api = new AgentApi(launch());
        api.submit(job(0));
        Map<String, Run> runs = awaitRuns(api);
        runs.values().forEach(Run::killMonitor);
        long start = System.nanoTime();
        api.stop("lost");
        long stopMillis = (System.nanoTime() - start) / 1_000_000;
        for (Run run : runs.values()) {
            JsonNode task = api.awaitTask(run.alloc, "t", t -> t.path("State").asText().equals("dead"), TIMEOUT, "dead");
            assertEquals(run.lostMessage(), AgentApi.event(task, "Terminated").path("DisplayMessage").asText());
            assertTrue(run.tree.stream().noneMatch(Procs.Proc::alive), "survived: " + run.tree);
        }
        System.out.printf("R7 (stop): a stop of %d tasks whose monitors were just killed answered in %d ms%n",
                runs.size(), stopMillis);
        assertEquals(List.of(), Procs.with(marker), "nothing of the stopped job is left");
    }

    static long millisSince(Instant from, long epochNanos) {
        return (epochNanos - (from.getEpochSecond() * 1_000_000_000L + from.getNano())) / 1_000_000;
    }

    /** A figure for docs/reliability.md, never an assertion. */
    static void print(String format, int n, List<Long> millis) {
        List<Long> sorted = millis.stream().sorted().toList();
        System.out.printf(format + "%n", n, sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
    }

    AgentProcess launch() throws Exception {
        if (data == null) {
            data = tmp.resolve("data");
            Files.createDirectories(data);
            for (Path p : List.of(tmp, data)) {
                p.toFile().setExecutable(true, false); // exec tasks run as nobody, in their task dir
            }
        }
        AgentProcess agent = AgentProcess.start(tmp.resolve("console-" + agents.size() + ".txt"), "agent",
                "--data-dir", data.toString());
        agents.add(agent);
        agent.awaitLine(LauncherIT.READY);
        return agent;
    }

    /** A task's first run: its monitor and everything below it, with their start times. */
    final class Run {
        final String alloc;
        final String driver;
        final Procs.Proc task;
        final Procs.Proc monitor;
        final List<Procs.Proc> tree;

        Run(String alloc, String driver, Procs.Proc task) {
            this.alloc = alloc;
            this.driver = driver;
            this.task = task;
            this.monitor = Procs.of(task.ppid());
            this.tree = below(monitor);
        }

        int expectedSize() {
            return driver.equals("raw_exec") ? 5 : 4; // the monitor, the shell and its sleeps
        }

        void killMonitor() {
            assertTrue(ProcessHandle.of(monitor.pid()).orElseThrow().destroyForcibly(), "kill -9 of " + monitor);
        }

        String lostMessage() {
            return "Exit Code: 0, Exit Message: \"executor: error waiting on process: the task's monitor (pid "
                    + monitor.pid() + ") died; its processes were killed\"";
        }
    }

    /** Every process of this test below {@code root}, {@code root} included. */
    List<Procs.Proc> below(Procs.Proc root) {
        List<Procs.Proc> all = Procs.with(marker);
        List<Procs.Proc> tree = new ArrayList<>(List.of(root));
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Procs.Proc p : all) {
                if (!tree.contains(p) && tree.stream().anyMatch(t -> t.pid() == p.ppid())) {
                    tree.add(p);
                    grew = true;
                }
            }
        }
        return tree;
    }

    Map<String, Run> awaitRuns(AgentApi api) throws Exception {
        Map<String, Run> runs = new HashMap<>();
        for (JsonNode a : api.allocations("lost")) {
            String alloc = a.path("ID").asText();
            String driver = a.path("TaskGroup").asText();
            Path pids = data.resolve("alloc").resolve(alloc).resolve("t/local/pids");
            Poll.until(() -> pidLines(pids).size() == 1, TIMEOUT, () -> "no pid from " + alloc);
            Run[] run = new Run[1];
            Poll.until(() -> {
                run[0] = new Run(alloc, driver, Procs.of(pidLines(pids).get(0)));
                return run[0].tree.size() == run[0].expectedSize();
            }, TIMEOUT, () -> "tree of " + driver + " task " + alloc + ": " + run[0].tree);
            runs.put(alloc, run[0]);
        }
        assertEquals(2 * PER_DRIVER, runs.size());
        return runs;
    }

    /** The loss recorded, the policy applied (one restart), the second run started. */
    JsonNode awaitRestarted(AgentApi api, Run run) throws Exception {
        JsonNode task = api.awaitTask(run.alloc, "t",
                t -> AgentApi.types(t).stream().filter("Started"::equals).count() == 2, TIMEOUT, "restarted");
        // The new run is there only once the old one is gone: never two copies at once.
        assertTrue(run.tree.stream().noneMatch(Procs.Proc::alive), run.driver + " survived: "
                + run.tree.stream().filter(Procs.Proc::alive).toList());
        assertEquals(RESTARTED, AgentApi.types(task), run.driver);
        assertEquals(run.lostMessage(), AgentApi.event(task, "Terminated").path("DisplayMessage").asText());
        assertEquals(1, task.path("Restarts").asInt());
        return task;
    }

    /** Each task runs again, as one new copy: its second run's tree, nothing of the first. */
    void assertOneNewCopyEach(Map<String, Run> runs) throws Exception {
        for (Run run : runs.values()) {
            Path pids = data.resolve("alloc").resolve(run.alloc).resolve("t/local/pids");
            Poll.until(() -> pidLines(pids).size() == 2, TIMEOUT, () -> "no second run of " + run.alloc);
            Procs.Proc second = Procs.of(pidLines(pids).get(1));
            Poll.until(() -> below(Procs.of(second.ppid())).size() == run.expectedSize(), TIMEOUT,
                    () -> "second run of " + run.alloc);
        }
        int expected = runs.values().stream().mapToInt(Run::expectedSize).sum();
        assertEquals(expected, Procs.with(marker).size(), "one copy of each task: " + Procs.with(marker));
    }

    void stopAndAssertNothingLeft(AgentApi api) throws Exception {
        api.stop("lost");
        Poll.until(() -> Procs.with(marker).isEmpty(), TIMEOUT, () -> "left: " + Procs.with(marker));
    }

    static List<Long> pidLines(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).map(l -> Long.parseLong(l.trim()))
                    .toList();
        } catch (java.io.IOException | NumberFormatException e) {
            return List.of();
        }
    }

    /** A raw_exec and an exec group, each task a shell that forks what a monitor's death must not leave. */
    String job(int attempts) {
        String sleep = "sleep " + marker;
        String raw = "echo $$ >> $NOMAD_TASK_DIR/pids; trap '' TERM; " + sleep + " & setsid " + sleep + " & ("
                + sleep + " &); wait";
        String exec = "echo $$ >> $NOMAD_TASK_DIR/pids; trap '' TERM; " + sleep + " & (setsid " + sleep + " &); wait";
        return "{\"Job\": {\"ID\": \"lost\", \"Type\": \"service\", \"TaskGroups\": [" + group("raw_exec", raw, attempts)
                + ", " + group("exec", exec, attempts) + "]}}";
    }

    static String group(String driver, String script, int attempts) {
        return "{\"Name\": \"" + driver + "\", \"Count\": " + PER_DRIVER + ", \"RestartPolicy\": {\"Attempts\": "
                + attempts + ", \"Interval\": 3600000000000, \"Delay\": 1000000000, \"Mode\": \"fail\"},"
                + " \"Tasks\": [{\"Name\": \"t\", \"Driver\": \"" + driver + "\", \"KillTimeout\": 5000000000,"
                + " \"Config\": {\"command\": \"/bin/sh\", \"args\": [\"-c\", " + AgentApi.quoted(script) + "]}}]}";
    }
}
