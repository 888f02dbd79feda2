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
import org.drover.state.mapdb.MapDbStateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a real agent while raw_exec and java tasks run: the tasks keep
 * running, and the restarted agent re-attaches them and records their real
 * exit codes, also for tasks that ended while no agent was running.
 */
class AgentCrashIT {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void tasksOutliveAKilledAgentAndTheNextAgentRecordsTheirRealExitCodes() throws Exception {
        Path data = tmp.resolve("data");
        // java tasks run as nobody, who must reach their directories and the jar.
        Files.createDirectories(data);
        for (Path p : List.of(tmp, data)) {
            p.toFile().setExecutable(true, false);
        }
        Path jar = Files.copy(Path.of("target/fixtures/echo.jar"), tmp.resolve("echo.jar"));
        jar.toFile().setReadable(true, false);
        Allocation endsWhileDown = allocation();
        Allocation endsAfterRestart = allocation();
        Allocation javaEndsWhileDown = javaAllocation(jar);
        Allocation javaEndsAfterRestart = javaAllocation(jar);
        List<Allocation> all = List.of(endsWhileDown, endsAfterRestart, javaEndsWhileDown, javaEndsAfterRestart);
        // No job API yet: the allocations go into the store, and the first agent restores and runs them.
        try (MapDbStateStore store = MapDbStateStore.open(data.resolve("state/state.db"), data.resolve("alloc"))) {
            all.forEach(store::putAllocation);
        }

        Map<Allocation, Long> pids = new java.util.HashMap<>();
        try (AgentProcess first = AgentProcess.start(tmp.resolve("first.txt"), "agent", "--data-dir", data.toString())) {
            first.awaitLine(LauncherIT.READY);
            for (Allocation alloc : all) {
                pids.put(alloc, awaitPid(data, alloc));
            }
            first.close(); // SIGKILL: no shutdown of any kind
        }
        assertTrue(pids.values().stream().allMatch(AgentCrashIT::alive), "the tasks outlive the agent");

        for (Allocation alloc : List.of(endsWhileDown, javaEndsWhileDown)) {
            long pid = pids.get(alloc);
            Files.writeString(local(data, alloc).resolve("gate"), "go");
            Poll.until(() -> !alive(pid), TIMEOUT, () -> "task " + pid + " still running"); // ends while no agent runs
        }

        try (AgentProcess second = AgentProcess.start(tmp.resolve("second.txt"), "agent", "--data-dir",
                data.toString())) {
            second.awaitLine(LauncherIT.READY);
            assertTrue(alive(pids.get(endsAfterRestart)) && alive(pids.get(javaEndsAfterRestart)));
            Files.writeString(local(data, endsAfterRestart).resolve("gate"), "go");
            Files.writeString(local(data, javaEndsAfterRestart).resolve("gate"), "go");
            // A finished run is destroyed in its driver, which removes its run dir.
            try {
                Poll.until(() -> all.stream().allMatch(a -> runDirsGone(data, a)), TIMEOUT,
                        () -> "run dirs of finished tasks still there");
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; agent console:\n" + second.console(), e);
            }
            assertEquals(0, second.terminate(TIMEOUT));
        }

        try (MapDbStateStore store = MapDbStateStore.open(data.resolve("state/state.db"), data.resolve("alloc"))) {
            for (Allocation alloc : all) {
                TaskState state = store.taskState(alloc.id(), "t").orElseThrow();
                List<String> expected = alloc.taskGroup().tasks().get(0).driver().equals("java")
                        ? List.of("Received", "Task Setup", "Driver", "Started", "Terminated", "Not Restarting")
                        : List.of("Received", "Task Setup", "Started", "Terminated", "Not Restarting");
                assertEquals(expected, state.eventTypes(), "re-attached, never started again");
                assertEquals("Exit Code: 7", state.events().get(expected.indexOf("Terminated")).message());
                assertEquals(0, state.restarts());
            }
        }
    }

    @Test
    void aContainerOutlivesAKilledAgentAndItsLogContinuesWithoutAGapOrARepeat() throws Exception {
        DockerEngine.require();
        Path data = tmp.resolve("data");
        Allocation alloc = allocation(Task.of("t", "docker", Map.of("image", DockerEngine.IMAGE, "command", "sh",
                "args", List.of("-c", DockerEngine.COUNTER))));
        try (MapDbStateStore store = MapDbStateStore.open(data.resolve("state/state.db"), data.resolve("alloc"))) {
            store.putAllocation(alloc);
        }
        Path stdout = data.resolve("alloc").resolve(alloc.id()).resolve("alloc/logs/t.stdout.0");
        String container;
        try (AgentProcess first = AgentProcess.start(tmp.resolve("first.txt"), "agent", "--data-dir", data.toString())) {
            first.awaitLine(LauncherIT.READY);
            Poll.until(() -> TaskSurvivesDriverReloadIT.lines(stdout) >= 20, TIMEOUT, () -> console(first));
            container = DockerEngine.containerOf(alloc.id());
            first.close(); // SIGKILL
        }
        int copied = TaskSurvivesDriverReloadIT.lines(stdout);
        Poll.until(() -> lastLine(container) >= copied + 50, TIMEOUT, () -> "the container stopped writing");

        try (AgentProcess second = AgentProcess.start(tmp.resolve("second.txt"), "agent", "--data-dir",
                data.toString())) {
            second.awaitLine(LauncherIT.READY);
            Poll.until(() -> TaskSurvivesDriverReloadIT.lines(stdout) >= copied + 50, TIMEOUT, () -> console(second));
            Files.writeString(local(data, alloc).resolve("gate"), "go");
            Poll.until(() -> runDirsGone(data, alloc), TIMEOUT, () -> console(second));
            assertEquals(0, second.terminate(TIMEOUT));
        }
        DockerEngine.assertContinuous(Files.readAllLines(stdout));
        assertEquals("", DockerEngine.containerOf(alloc.id()), "the finished container is removed");
        try (MapDbStateStore store = MapDbStateStore.open(data.resolve("state/state.db"), data.resolve("alloc"))) {
            TaskState state = store.taskState(alloc.id(), "t").orElseThrow();
            assertEquals(List.of("Received", "Task Setup", "Started", "Terminated", "Not Restarting"),
                    state.eventTypes(), "re-attached, never started again");
            assertEquals("Exit Code: 4", state.events().get(3).message());
        }
    }

    private static String console(AgentProcess agent) {
        try {
            return agent.console();
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private static int lastLine(String container) {
        try {
            return DockerEngine.lastLine(container);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Allocation allocation() {
        return allocation(Task.of("t", "raw_exec", Map.of("command", "/bin/sh", "args", List.of("-c",
                "echo $$ > local/pid; while [ ! -e local/gate ]; do sleep 0.05; done; exit 7"))));
    }

    /** The fixture program on the java driver, as nobody, writing its pid and waiting for its gate. */
    static Allocation javaAllocation(Path jar) {
        return allocation(Task.of("t", "java", Map.of("jar_path", jar.toString(),
                "args", List.of("--pid-file", "local/pid", "--wait-for", "local/gate", "--exit", "7"))));
    }

    static Allocation allocation(Task task) {
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
