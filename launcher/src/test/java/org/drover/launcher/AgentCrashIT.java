package org.drover.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.Job;
import org.drover.runner.api.model.JobType;
import org.drover.runner.api.model.RestartPolicy;
import org.drover.runner.api.model.Task;
import org.drover.runner.api.model.TaskGroup;
import org.drover.runner.api.model.TaskState;
import org.drover.state.mapdb.MapDbStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a real agent while raw_exec tasks run: the tasks keep running,
 * and the restarted agent re-attaches them and records their real exit codes,
 * also for a task that ended while no agent was running.
 */
class AgentCrashIT {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void tasksOutliveAKilledAgentAndTheNextAgentRecordsTheirRealExitCodes() throws Exception {
        Path data = tmp.resolve("data");
        Allocation endsWhileDown = allocation();
        Allocation endsAfterRestart = allocation();
        // No job API yet: the allocations go into the store, and the first agent restores and runs them.
        try (MapDbStore store = MapDbStore.open(data.resolve("state/state.db"), data.resolve("alloc"))) {
            store.putAllocation(endsWhileDown);
            store.putAllocation(endsAfterRestart);
        }

        long pidDown;
        long pidAfter;
        try (AgentProcess first = AgentProcess.start(tmp.resolve("first.txt"), "agent", "--data-dir", data.toString())) {
            first.awaitLine(LauncherIT.READY);
            pidDown = awaitPid(data, endsWhileDown);
            pidAfter = awaitPid(data, endsAfterRestart);
            first.close(); // SIGKILL: no shutdown of any kind
        }
        assertTrue(alive(pidDown) && alive(pidAfter), "the tasks outlive the agent");

        Files.writeString(local(data, endsWhileDown).resolve("gate"), "go");
        Poll.until(() -> !alive(pidDown), TIMEOUT, () -> "task " + pidDown + " still running"); // ends while no agent runs

        try (AgentProcess second = AgentProcess.start(tmp.resolve("second.txt"), "agent", "--data-dir",
                data.toString())) {
            second.awaitLine(LauncherIT.READY);
            assertTrue(alive(pidAfter));
            Files.writeString(local(data, endsAfterRestart).resolve("gate"), "go");
            // A finished run is destroyed in its driver, which removes its run dir.
            try {
                Poll.until(() -> runDirsGone(data, endsWhileDown) && runDirsGone(data, endsAfterRestart), TIMEOUT,
                        () -> "run dirs of finished tasks still there");
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; agent console:\n" + second.console(), e);
            }
            assertEquals(0, second.terminate(TIMEOUT));
        }

        try (MapDbStore store = MapDbStore.open(data.resolve("state/state.db"), data.resolve("alloc"))) {
            for (Allocation alloc : List.of(endsWhileDown, endsAfterRestart)) {
                TaskState state = store.taskState(alloc.id(), "t").orElseThrow();
                assertEquals(List.of("Received", "Task Setup", "Started", "Terminated", "Not Restarting"),
                        state.eventTypes(), "re-attached, never started again");
                assertEquals("Exit Code: 7", state.events().get(3).message());
                assertEquals(0, state.restarts());
            }
        }
    }

    static Allocation allocation() {
        Task task = Task.of("t", "raw_exec", Map.of("command", "/bin/sh", "args", List.of("-c",
                "echo $$ > local/pid; while [ ! -e local/gate ]; do sleep 0.05; done; exit 7")));
        RestartPolicy noRestarts = new RestartPolicy(0, Duration.ofMinutes(30), Duration.ofSeconds(15),
                RestartPolicy.Mode.FAIL);
        TaskGroup group = new TaskGroup("g", 1, noRestarts, Map.of(), List.of(task));
        return new Allocation(UUID.randomUUID().toString(), Job.of("crash", JobType.BATCH, List.of(group)), "g", 0);
    }

    static Path local(Path data, Allocation alloc) {
        return data.resolve("alloc").resolve(alloc.id()).resolve("t/local");
    }

    static long awaitPid(Path data, Allocation alloc) throws Exception {
        Path pid = local(data, alloc).resolve("pid");
        Poll.until(() -> Files.exists(pid) && readable(pid));
        return Long.parseLong(Files.readString(pid).trim());
    }

    private static boolean readable(Path p) {
        try {
            return !Files.readString(p).isBlank();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    static boolean runDirsGone(Path data, Allocation alloc) {
        Path runs = data.resolve("alloc").resolve(alloc.id()).resolve("t/.drover-run");
        try (var s = Files.list(runs)) {
            return s.findAny().isEmpty();
        } catch (java.io.IOException e) {
            return true;
        }
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

}
