package org.drover.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every {@code kill_signal} reaches its task, from an agent started the way a script with {@code &}
 * starts it (SIGINT and SIGQUIT ignored), whose JVM threads block SIGQUIT: raw_exec and exec tasks
 * start with no signal blocked or ignored, and a stop ends each by its signal, as Nomad reports it.
 */
class KillSignalsIT {

    static final Map<String, Integer> SIGNALS = new LinkedHashMap<>(Map.of("SIGINT", 2, "SIGTERM", 15, "SIGQUIT", 3,
            "SIGHUP", 1, "SIGUSR1", 10));
    static final List<String> DRIVERS = List.of("raw_exec", "exec");
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    final String marker = "3600." + System.nanoTime() % 100_000;

    @AfterEach
    void killLeftovers() {
        Procs.with(marker).forEach(p -> ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly));
    }

    @Test
    void eachKillSignalEndsItsTaskByThatSignalFromAnAgentStartedWithSignalsIgnored() throws Exception {
        Path data = tmp.resolve("data");
        Files.createDirectories(data);
        for (Path p : List.of(tmp, data)) {
            p.toFile().setExecutable(true, false); // exec tasks run as nobody, in their task dir
        }
        try (AgentProcess agent = AgentProcess.startFromScript("trap '' INT QUIT", tmp.resolve("console.txt"),
                "agent", "--data-dir", data.toString())) {
            agent.awaitLine(LauncherIT.READY);
            assertPremise(agent.pid());
            AgentApi api = new AgentApi(agent);
            api.submit(job(marker));

            List<JsonNode> allocs = api.allocations("signals");
            assertEquals(SIGNALS.size() * DRIVERS.size(), allocs.size());
            for (JsonNode alloc : allocs) {
                api.awaitTask(alloc.path("ID").asText(), "t", t -> t.path("State").asText().equals("running"), TIMEOUT,
                        "running");
            }
            // Each task is /bin/sleep itself (a shell would unblock signals for itself), one per group.
            Poll.until(() -> tasks(marker).size() == allocs.size(), TIMEOUT, () -> tasks(marker) + " running");
            for (Procs.Proc task : tasks(marker)) {
                assertEquals(List.of("SigBlk:\t0000000000000000", "SigIgn:\t0000000000000000"),
                        Procs.signalState(task.pid()), "task " + task + ": nothing blocked, nothing ignored");
            }

            api.stop("signals");
            for (JsonNode alloc : allocs) {
                String group = alloc.path("TaskGroup").asText();
                int n = SIGNALS.get(group.substring(group.indexOf('-') + 1));
                JsonNode task = api.awaitTask(alloc.path("ID").asText(), "t", t -> t.path("State").asText()
                        .equals("dead"), TIMEOUT, "dead");
                assertEquals("Exit Code: " + (128 + n) + ", Signal: " + n,
                        AgentApi.event(task, "Terminated").path("DisplayMessage").asText(), group);
            }
            assertEquals(0, agent.terminate(TIMEOUT));
        }
    }

    /** What the test stands on: the agent ignores SIGINT (the script's trap) and its threads block SIGQUIT. */
    static void assertPremise(long agent) throws Exception {
        assertTrue(Procs.inMask(Procs.signalState(agent).get(1), 2), "the agent ignores SIGINT");
        boolean quitBlocked = false;
        try (var threads = Files.list(Path.of("/proc", Long.toString(agent), "task"))) {
            for (Path thread : threads.toList()) {
                List<String> status = Files.readAllLines(thread.resolve("status"));
                quitBlocked |= status.stream().anyMatch(l -> l.startsWith("SigBlk:") && Procs.inMask(l, 3));
            }
        }
        assertTrue(quitBlocked, "the JVM's threads block SIGQUIT");
    }

    static List<Procs.Proc> tasks(String marker) {
        // The monitor's command line holds the task's too: the task is the process whose parent has it.
        List<Procs.Proc> all = Procs.with(marker);
        List<Procs.Proc> tasks = new ArrayList<>();
        for (Procs.Proc p : all) {
            if (all.stream().anyMatch(parent -> parent.pid() == p.ppid())) {
                tasks.add(p);
            }
        }
        return tasks;
    }

    static String job(String marker) {
        StringBuilder groups = new StringBuilder();
        int i = 0;
        for (String driver : DRIVERS) {
            for (String signal : SIGNALS.keySet()) {
                if (groups.length() > 0) {
                    groups.append(", ");
                }
                // A signal that does not arrive shows as SIGKILL at the kill timeout: 137, Signal 9.
                groups.append("{\"Name\": \"").append(driver).append('-').append(signal).append("\", \"Count\": 1,"
                        + " \"RestartPolicy\": {\"Attempts\": 0, \"Mode\": \"fail\"}, \"Tasks\": [{\"Name\": \"t\","
                        + " \"Driver\": \"").append(driver).append("\", \"KillSignal\": \"").append(signal)
                        .append("\", \"KillTimeout\": 10000000000, \"Config\": {\"command\": \"/bin/sleep\","
                                + " \"args\": [\"").append(marker).append(i++).append("\"]}}]}");
            }
        }
        return "{\"Job\": {\"ID\": \"signals\", \"Type\": \"service\", \"TaskGroups\": [" + groups + "]}}";
    }
}
