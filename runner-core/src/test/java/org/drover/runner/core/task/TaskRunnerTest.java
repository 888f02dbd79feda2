package org.drover.runner.core.task;

import static org.drover.runner.core.support.Harness.alloc;
import static org.drover.runner.core.support.Harness.messages;
import static org.drover.runner.core.support.Harness.mockTask;
import static org.drover.runner.core.support.Harness.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.drover.driver.mock.MockEngine;
import org.drover.runner.api.alloc.DriverAttachment;
import org.drover.runner.api.driver.TaskHandle;
import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.JobType;
import org.drover.runner.api.model.Task;
import org.drover.runner.api.model.TaskEvent;
import org.drover.runner.api.model.TaskPhase;
import org.drover.runner.api.model.TaskState;
import org.drover.runner.api.state.LocalTaskState;
import org.drover.runner.core.support.MockDriverFixture;
import org.junit.jupiter.api.Test;

/** The task runner's exact event sequences, on virtual time and the mock driver. */
class TaskRunnerTest extends MockDriverFixture {

    TaskRunner start(Allocation alloc) {
        TaskRunner runner = new TaskRunner(alloc, alloc.taskGroup().tasks().get(0), h.context(), (r, s) -> { });
        runner.start();
        h.scheduler.runUntilIdle();
        return runner;
    }

    TaskState state(TaskRunner runner) {
        return runner.view().state();
    }

    @Test
    void aSuccessfulBatchTask() throws Exception {
        Allocation alloc = alloc(JobType.BATCH, policy(3), mockTask("t", Map.of("run_for", "10s")));
        TaskRunner runner = start(alloc);
        assertEquals(TaskPhase.RUNNING, state(runner).phase());

        h.scheduler.advance(Duration.ofSeconds(10));
        assertEquals(List.of(
                "Received: Task received by client",
                "Task Setup: Building Task Directory",
                "Started: Task started by client",
                "Terminated: Exit Code: 0"), messages(state(runner)));
        assertEquals(TaskPhase.DEAD, state(runner).phase());
        assertFalse(state(runner).failed());
        assertTrue(runner.dead().isDone());
        assertEquals(state(runner), h.store.taskState(alloc.id(), "t").orElseThrow(), "every transition persisted");
        assertTrue(h.store.localState(alloc.id(), "t").orElseThrow().runComplete());
        assertEquals(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"),
                java.nio.file.Files.getPosixFilePermissions(tmp.resolve(alloc.id()).resolve("t/secrets")),
                "secrets: the task's own");
        // Shared by the group's tasks whatever user each runs as, as in Nomad; tmp sticky.
        assertEquals(0777, mode(tmp.resolve(alloc.id()).resolve("alloc/data")));
        assertEquals(01777, mode(tmp.resolve(alloc.id()).resolve("alloc/tmp")));
    }

    static int mode(Path p) {
        try {
            return (Integer) java.nio.file.Files.getAttribute(p, "unix:mode") & 07777;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aServiceRestartsUnderItsPolicyUntilNotRestarting() {
        Allocation alloc = alloc(JobType.SERVICE, policy(2),
                mockTask("t", Map.of("run_for", "1s", "exit_code", 1)));
        TaskRunner runner = start(alloc);
        h.scheduler.advance(Duration.ofMinutes(1));
        assertEquals(List.of(
                "Received: Task received by client",
                "Task Setup: Building Task Directory",
                "Started: Task started by client",
                "Terminated: Exit Code: 1",
                "Restarting: Task restarting in 15s",
                "Started: Task started by client",
                "Terminated: Exit Code: 1",
                "Restarting: Task restarting in 15s",
                "Started: Task started by client",
                "Terminated: Exit Code: 1",
                "Not Restarting: Exceeded allowed attempts 2 in interval 30m0s and mode is \"fail\""),
                messages(state(runner)));
        assertEquals(TaskPhase.DEAD, state(runner).phase());
        assertTrue(state(runner).failed());
        assertEquals(2, state(runner).restarts());
        assertEquals(3, h.totalStarts());
    }

    @Test
    void aRecoverableStartErrorIsRetriedThenExhausted() {
        Allocation alloc = alloc(JobType.BATCH, policy(2),
                mockTask("t", Map.of("start_error", "port busy", "start_error_recoverable", true)));
        TaskRunner runner = start(alloc);
        h.scheduler.advance(Duration.ofMinutes(1));
        assertEquals(List.of(
                "Received: Task received by client",
                "Task Setup: Building Task Directory",
                "Driver Failure: port busy",
                "Restarting: Task restarting in 15s",
                "Driver Failure: port busy",
                "Restarting: Task restarting in 15s",
                "Driver Failure: port busy",
                "Not Restarting: Exceeded allowed attempts 2 in interval 30m0s and mode is \"fail\""),
                messages(state(runner)));
        assertTrue(state(runner).failed());
    }

    @Test
    void anUnrecoverableStartErrorIsNotRetried() {
        Allocation alloc = alloc(JobType.BATCH, policy(2), mockTask("t", Map.of("start_error", "no such image")));
        TaskRunner runner = start(alloc);
        assertEquals(List.of(
                "Received: Task received by client",
                "Task Setup: Building Task Directory",
                "Driver Failure: no such image",
                "Not Restarting: Error was unrecoverable"), messages(state(runner)));
        assertTrue(state(runner).failed());
    }

    @Test
    void aBadConfigFailsValidationOnceAndForAll() {
        Allocation alloc = alloc(JobType.BATCH, policy(2), mockTask("t", Map.of("run_for", 5, "colour", "red")));
        TaskRunner runner = start(alloc);
        assertEquals(List.of(
                "Received: Task received by client",
                "Failed Validation: driver mock: unknown config key \"colour\"; accepted: exit_code, exit_signal,"
                        + " kill_after, plugin_exit_after, run_for, start_block_for, start_error,"
                        + " start_error_recoverable, stdout_string; driver mock: config key \"run_for\" must be a"
                        + " duration such as \"15s\", got 5 (number)"), messages(state(runner)));
        assertTrue(state(runner).failed());
        assertEquals(0, h.totalStarts());
    }

    @Test
    void killWithSigtermReportsExitCode143AndSignal15() {
        Task task = mockTask("t", Map.of()).withKill(Duration.ofSeconds(5), "SIGTERM", Duration.ZERO);
        TaskRunner runner = start(alloc(JobType.SERVICE, policy(2), task));
        runner.kill(null);
        h.scheduler.runUntilIdle();
        assertEquals(List.of(
                "Received: Task received by client",
                "Task Setup: Building Task Directory",
                "Started: Task started by client",
                "Killing: Sent interrupt. Waiting 5s before force killing",
                "Terminated: Exit Code: 143, Signal: 15",
                "Killed: Task successfully killed"), messages(state(runner)));
        TaskEvent terminated = state(runner).events().get(4);
        assertEquals("143", terminated.details().get("exit_code"));
        assertEquals("15", terminated.details().get("signal"));
        assertEquals(TaskPhase.DEAD, state(runner).phase());
        assertFalse(state(runner).failed());
    }

    @Test
    void aTaskIgnoringTheKillSignalIsKilledAtMinOfKillTimeoutAndMaxKillTimeout() {
        Task task = mockTask("t", Map.of("kill_after", "5m")).withKill(Duration.ofMinutes(2), "SIGINT", Duration.ZERO);
        TaskRunner runner = start(alloc(JobType.SERVICE, policy(2), task));
        runner.kill(null);
        h.scheduler.advance(Duration.ofSeconds(29));
        assertEquals(TaskPhase.RUNNING, state(runner).phase(), "max_kill_timeout (30s) caps the 2m kill_timeout");
        h.scheduler.advance(Duration.ofSeconds(1));
        assertEquals(List.of("Killing: Sent interrupt. Waiting 30s before force killing",
                "Terminated: Exit Code: 137, Signal: 9", "Killed: Task successfully killed"),
                messages(state(runner)).subList(3, 6));
    }

    @Test
    void shutdownDelayIsWaitedBeforeTheKillSignal() {
        Task task = mockTask("t", Map.of()).withKill(Duration.ofSeconds(5), "SIGINT", Duration.ofSeconds(10));
        TaskRunner runner = start(alloc(JobType.SERVICE, policy(2), task));
        runner.kill(null);
        h.scheduler.advance(Duration.ofSeconds(9));
        assertEquals(TaskPhase.RUNNING, state(runner).phase());
        h.scheduler.advance(Duration.ofSeconds(1));
        assertEquals(List.of("Killing: Sent interrupt. Waiting 5s before force killing",
                "Waiting for shutdown delay: Waiting for shutdown_delay of 10s before killing the task.",
                "Terminated: Exit Code: 130, Signal: 2", "Killed: Task successfully killed"),
                messages(state(runner)).subList(3, 7));
    }

    @Test
    void aKillDuringTheDriversStartWaitsForTheStartThenKillsWithTheShutdownDelay() {
        Task task = mockTask("t", Map.of()).withKill(Duration.ofSeconds(5), "SIGTERM", Duration.ofSeconds(3));
        Allocation alloc = alloc(JobType.SERVICE, policy(2), task);
        java.util.concurrent.atomic.AtomicReference<TaskRunner> self = new java.util.concurrent.atomic.AtomicReference<>();
        h.removeDriver();
        h.addDriver(startingWith(config -> self.get().kill(null))); // asked while the driver starts it
        TaskRunner runner = new TaskRunner(alloc, task, h.context(), (r, s) -> { });
        self.set(runner);
        runner.start();
        h.scheduler.runUntilIdle();
        h.scheduler.advance(Duration.ofSeconds(3));
        assertEquals(List.of("Received", "Task Setup", "Killing", "Started", "Waiting for shutdown delay",
                "Terminated", "Killed"), state(runner).eventTypes());
        assertEquals(1, h.totalStarts());
    }

    @Test
    void aKillBeforeTheDriverIsAskedMeansTheTaskIsNeverStarted() {
        Allocation alloc = alloc(JobType.SERVICE, policy(2), mockTask("t", Map.of()));
        TaskRunner runner = new TaskRunner(alloc, alloc.taskGroup().tasks().get(0), h.context(), (r, s) -> { });
        runner.start();
        runner.kill(null); // queued behind the start, before the driver is called
        h.scheduler.runUntilIdle();
        assertEquals(List.of("Received", "Task Setup", "Killing", "Killed"), state(runner).eventTypes());
        assertEquals(0, h.totalStarts());
        assertTrue(runner.dead().isDone());
        assertTrue(h.store.localState(alloc.id(), "t").orElseThrow().handle().isEmpty());
    }

    @Test
    void aKillDuringTheRestartDelayEndsTheTaskWithoutAnotherStart() {
        Allocation alloc = alloc(JobType.SERVICE, policy(2), mockTask("t", Map.of("run_for", "1s", "exit_code", 1)));
        TaskRunner runner = start(alloc);
        h.scheduler.advance(Duration.ofSeconds(2));
        assertEquals(TaskPhase.PENDING, state(runner).phase());
        runner.kill(null);
        h.scheduler.advance(Duration.ofMinutes(1));
        assertEquals(List.of("Restarting", "Killing", "Killed"), state(runner).eventTypes().subList(4, 7));
        assertEquals(1, h.totalStarts());
        assertEquals(TaskPhase.DEAD, state(runner).phase());
    }

    @Test
    void eventsAreCappedOldestFirst() {
        Allocation alloc = alloc(JobType.SERVICE, policy(2), mockTask("t", Map.of("run_for", "1s", "exit_code", 1)));
        TaskRunner uncapped = start(alloc);
        h.scheduler.advance(Duration.ofMinutes(1));
        List<TaskEvent> all = state(uncapped).events();
        assertEquals(11, all.size());

        h.config = h.config.withEventCap(TaskState.DEFAULT_EVENT_CAP);
        Allocation again = alloc(JobType.SERVICE, policy(2), mockTask("t", Map.of("run_for", "1s", "exit_code", 1)));
        TaskRunner capped = start(again);
        h.scheduler.advance(Duration.ofMinutes(1));
        List<String> types = state(capped).eventTypes();
        assertEquals(10, types.size());
        assertEquals(all.subList(1, 11).stream().map(TaskEvent::type).toList(), types);
        assertEquals("Task Setup", types.get(0), "Received, the oldest, was dropped");
        assertEquals(2, state(capped).restarts(), "counts survive the cap");
    }

    @Test
    void aRestoredRunningTaskIsReattachedNotStartedAgain() {
        // No restarts allowed, so the exit code recorded is the one of the only run.
        Allocation alloc = alloc(JobType.BATCH, policy(0), mockTask("t", Map.of("run_for", "60s", "exit_code", 7)));
        TaskRunner first = start(alloc);
        h.scheduler.advance(Duration.ofSeconds(20));
        first.shutdown();
        h.scheduler.runUntilIdle();
        List<TaskEvent> before = state(first).events();

        // Agent restart: new driver instance, new runner, same store.
        h.removeDriver();
        h.addDriver();
        TaskRunner restored = restore(alloc);
        assertEquals(before, state(restored).events(), "re-attaching adds no event, certainly no Started");
        assertEquals(DriverAttachment.ATTACHED, restored.view().attachment());

        h.scheduler.advance(Duration.ofSeconds(40));
        assertEquals(List.of(
                "Received: Task received by client",
                "Task Setup: Building Task Directory",
                "Started: Task started by client",
                "Terminated: Exit Code: 7",
                "Not Restarting: Policy allows no restarts"), messages(state(restored)));
        assertEquals(1, h.totalStarts());
    }

    @Test
    void aCrashBetweenPersistingTheHandleAndRecordingTheStartIsRecordedOnRestore() {
        Allocation alloc = alloc(JobType.BATCH, policy(0), mockTask("t", Map.of("run_for", "60s", "exit_code", 7)));
        TaskRunner first = start(alloc);
        first.shutdown();
        h.scheduler.runUntilIdle();
        // What a kill -9 between the two writes leaves: the handle, and a state from before the start.
        TaskState beforeStart = TaskState.initial()
                .withEvent(state(first).events().get(0), 100).withEvent(state(first).events().get(1), 100);
        h.store.putTaskState(alloc.id(), "t", beforeStart);

        h.removeDriver();
        h.addDriver();
        TaskRunner restored = restore(alloc);
        assertEquals(TaskPhase.RUNNING, state(restored).phase());
        h.scheduler.advance(Duration.ofSeconds(60));
        assertEquals(List.of("Received", "Task Setup", "Started", "Terminated", "Not Restarting"),
                state(restored).eventTypes());
        assertEquals(1, h.totalStarts());
    }

    @Test
    void aCrashDuringAStartThatDidNotHappenStartsTheTaskOnceOnRestore() {
        Allocation alloc = alloc(JobType.BATCH, policy(0), mockTask("t", Map.of("run_for", "10s")));
        TaskRunner first = start(alloc);
        first.shutdown();
        h.scheduler.runUntilIdle();
        // The agent died after recording its intent to start, before the driver started anything.
        TaskHandle real = h.store.localState(alloc.id(), "t").orElseThrow().handle().orElseThrow();
        h.store.editLocalState(alloc.id(), "t", l -> l.withHandle(TaskHandle.provisional("mock", real.config())));
        h.store.putTaskState(alloc.id(), "t", TaskState.initial()
                .withEvent(state(first).events().get(0), 100).withEvent(state(first).events().get(1), 100));

        h.removeDriver();
        h.addDriver();
        TaskRunner restored = restore(alloc);
        h.scheduler.advance(Duration.ofSeconds(10));
        assertEquals(List.of("Received", "Task Setup", "Started", "Terminated"), state(restored).eventTypes(),
                "no Failed Restoring Task: nothing had started");
        assertEquals(2, h.totalStarts(), "one start by the first agent's engine, one now");
    }

    @Test
    void aRestoredFinishedTaskIsNotRunAgain() {
        Allocation alloc = alloc(JobType.BATCH, policy(2), mockTask("t", Map.of("run_for", "1s")));
        TaskRunner first = start(alloc);
        h.scheduler.advance(Duration.ofSeconds(5));
        assertEquals(TaskPhase.DEAD, state(first).phase());
        first.shutdown();
        h.scheduler.runUntilIdle();

        h.removeDriver();
        h.addDriver();
        TaskRunner restored = restore(alloc);
        h.scheduler.advance(Duration.ofMinutes(5));
        assertEquals(List.of("Received", "Task Setup", "Started", "Terminated"), state(restored).eventTypes());
        assertTrue(restored.dead().isDone());
        assertEquals(1, h.totalStarts());
    }

    @Test
    void aFailedReattachDestroysAndStartsTheTaskAgain() {
        Allocation alloc = alloc(JobType.SERVICE, policy(2), mockTask("t", Map.of()));
        TaskRunner first = start(alloc);
        first.shutdown();
        h.scheduler.runUntilIdle();
        // While the agent was down the handle became unreadable (e.g. a driver that changed its format).
        h.store.editLocalState(alloc.id(), "t", l -> l.withHandle(withVersion(l.handle().orElseThrow(), 99)));

        h.removeDriver();
        h.addDriver();
        TaskRunner restored = restore(alloc);
        assertEquals(List.of(
                "Received: Task received by client",
                "Task Setup: Building Task Directory",
                "Started: Task started by client",
                "Failed Restoring Task: failed to restore task; destroying it and starting it again:"
                        + " mock handle version 99 is not supported",
                "Started: Task started by client"), messages(state(restored)));
        assertEquals(TaskPhase.RUNNING, state(restored).phase());
        assertEquals(0, state(restored).restarts(), "a re-start after a failed restore is not a restart");
        assertEquals(2, h.totalStarts());
    }

    @Test
    void aDriverVanishingMidRunAndComingBackLeavesTheTaskRunningAndStartedOnce() {
        Allocation alloc = alloc(JobType.BATCH, policy(0), mockTask("t", Map.of("run_for", "60s", "exit_code", 3)));
        TaskRunner runner = start(alloc);
        h.scheduler.advance(Duration.ofSeconds(10));

        h.removeDriver();
        h.scheduler.runUntilIdle();
        assertEquals(TaskPhase.RUNNING, state(runner).phase());
        assertEquals(DriverAttachment.WAITING_FOR_DRIVER, runner.view().attachment());

        h.scheduler.advance(Duration.ofSeconds(10));
        h.addDriver();
        h.scheduler.runUntilIdle();
        assertEquals(DriverAttachment.ATTACHED, runner.view().attachment());

        h.scheduler.advance(Duration.ofSeconds(40));
        assertEquals(List.of(
                "Received: Task received by client",
                "Task Setup: Building Task Directory",
                "Started: Task started by client",
                "Driver Unavailable: Driver \"mock\" is unavailable; the task keeps running and is re-attached"
                        + " when the driver returns (waiting up to 10m0s)",
                "Task Reattached: Task re-attached through driver \"mock\"",
                "Terminated: Exit Code: 3",
                "Not Restarting: Policy allows no restarts"), messages(state(runner)));
        assertEquals(1, h.totalStarts());
        assertEquals(0, state(runner).restarts());
    }

    @Test
    void aDriverShuttingDownDuringReattachIsWaitedOutNotTreatedAsAFailedRestore() {
        Allocation alloc = alloc(JobType.BATCH, policy(0), mockTask("t", Map.of("run_for", "60s")));
        TaskRunner runner = start(alloc);
        h.removeDriver();
        h.scheduler.runUntilIdle();

        // A driver registers but is already shutting down when the runner reaches it
        // (a bundle update immediately followed by a refresh).
        MockEngine dying = h.addDriver();
        dying.shutdown();
        h.removeDriver();
        h.scheduler.runUntilIdle();
        assertEquals(DriverAttachment.WAITING_FOR_DRIVER, runner.view().attachment());

        h.addDriver();
        h.scheduler.advance(Duration.ofSeconds(60));
        List<String> types = state(runner).eventTypes();
        assertFalse(types.contains(TaskEvent.FAILED_RESTORING), types.toString());
        assertEquals(List.of("Received", "Task Setup", "Started", "Driver Unavailable", "Task Reattached",
                "Terminated"), types);
        assertEquals(1, h.totalStarts());
    }

    @Test
    void aDriverThatNeverReturnsLeavesTheTaskVisibleAsLostAndKillableOnceItIsBack() {
        Allocation alloc = alloc(JobType.SERVICE, policy(2), mockTask("t", Map.of()));
        TaskRunner runner = start(alloc);
        h.removeDriver();
        h.scheduler.advance(Duration.ofMinutes(10));
        assertEquals(DriverAttachment.DRIVER_LOST, runner.view().attachment());
        assertEquals("Driver Lost", state(runner).eventTypes().get(4));
        assertEquals(TaskPhase.RUNNING, state(runner).phase());

        runner.kill(null);
        h.scheduler.advance(Duration.ofMinutes(1));
        assertFalse(runner.dead().isDone(), "no driver, no kill");
        h.addDriver();
        h.scheduler.runUntilIdle();
        assertEquals(List.of("Killing", "Task Reattached", "Terminated", "Killed"),
                state(runner).eventTypes().subList(5, 9));
        assertTrue(runner.dead().isDone());
    }

    @Test
    void restartOnDemandDoesNotCountAgainstThePolicy() {
        Allocation alloc = alloc(JobType.SERVICE, policy(1), mockTask("t", Map.of()));
        TaskRunner runner = start(alloc);
        for (int i = 0; i < 3; i++) {
            runner.restart();
            h.scheduler.runUntilIdle();
        }
        assertEquals(List.of("Restart Signaled", "Terminated", "Restarting", "Started"),
                state(runner).eventTypes().subList(3, 7));
        assertEquals("Restarting: Task restarting in 0s", messages(state(runner)).get(5));
        assertEquals(TaskPhase.RUNNING, state(runner).phase());
        assertEquals(4, h.totalStarts());
    }

    @Test
    void signalsReachTheRunningTask() {
        TaskRunner runner = start(alloc(JobType.SERVICE, policy(1), mockTask("t", Map.of())));
        runner.signal("SIGHUP");
        h.scheduler.runUntilIdle();
        assertEquals("Signaling: Task being sent signal SIGHUP", messages(state(runner)).get(3));
    }

    @Test
    void pendingUpdatesCoalesceIntoTheLatest() {
        List<String> applied = new ArrayList<>();
        h.config = h.config.withEventCap(100);
        org.drover.runner.core.hooks.UpdateHook recorder = new org.drover.runner.core.hooks.UpdateHook() {
            @Override
            public String name() {
                return "recorder";
            }

            @Override
            public void update(org.drover.runner.core.hooks.HookContext context) {
                applied.add(context.task().env().get("V"));
            }
        };
        Allocation alloc = alloc(JobType.SERVICE, policy(1), mockTask("t", Map.of()));
        RunnerContext base = h.context();
        RunnerContext ctx = new RunnerContext(base.drivers(), base.store(), base.scheduler(), base.config(),
                base.allocRoot(), base.random(), t -> List.of(recorder));
        TaskRunner runner = new TaskRunner(alloc, alloc.taskGroup().tasks().get(0), ctx, (r, s) -> { });
        runner.start();
        h.scheduler.runUntilIdle();
        for (String v : List.of("1", "2", "3")) {
            runner.update(withEnv(alloc, v));
        }
        h.scheduler.runUntilIdle();
        runner.update(withEnv(alloc, "4"));
        h.scheduler.runUntilIdle();
        assertEquals(List.of("3", "4"), applied);
    }

    TaskRunner restore(Allocation alloc) {
        TaskRunner runner = new TaskRunner(alloc, alloc.taskGroup().tasks().get(0), h.context(), (r, s) -> { });
        runner.restore(h.store.taskState(alloc.id(), "t").orElseThrow(),
                h.store.localState(alloc.id(), "t").orElse(LocalTaskState.EMPTY));
        h.scheduler.runUntilIdle();
        return runner;
    }

    static TaskHandle withVersion(TaskHandle handle, int version) {
        return new TaskHandle(version, handle.driver(), handle.config(), handle.driverState());
    }

    static Allocation withEnv(Allocation alloc, String value) {
        Task task = alloc.taskGroup().tasks().get(0).withEnv(Map.of("V", value));
        var group = new org.drover.runner.api.model.TaskGroup("g", 1, alloc.taskGroup().restart(), Map.of(),
                List.of(task));
        var job = org.drover.runner.api.model.Job.of("job", alloc.job().type(), List.of(group));
        return new Allocation(alloc.id(), job, "g", 0);
    }

    /** A mock driver whose start first runs {@code beforeStart} with the run's config. */
    static java.util.function.Function<MockEngine, org.drover.runner.api.driver.Driver> startingWith(
            java.util.function.Consumer<org.drover.runner.api.driver.TaskConfig> beforeStart) {
        return engine -> {
            org.drover.runner.api.driver.Driver mock = new org.drover.driver.mock.MockDriver(engine);
            return (org.drover.runner.api.driver.Driver) java.lang.reflect.Proxy.newProxyInstance(
                    TaskRunnerTest.class.getClassLoader(), new Class<?>[] {org.drover.runner.api.driver.Driver.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("startTask")) {
                            beforeStart.accept((org.drover.runner.api.driver.TaskConfig) args[0]);
                        }
                        try {
                            return method.invoke(mock, args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        };
    }

    @Test
    void aConfigTheDriverCannotRunFailsValidationWithoutARestart() {
        h.removeDriver();
        h.addDriver(startingWith(config -> {
            throw new org.drover.runner.api.driver.TaskConfigException("jar_path", "no file local/app.jar");
        }));
        Allocation alloc = alloc(JobType.SERVICE, policy(3), mockTask("t", Map.of("run_for", "10s")));
        TaskRunner runner = start(alloc);
        h.scheduler.advance(Duration.ofMinutes(1));
        assertEquals(List.of(
                "Received: Task received by client",
                "Task Setup: Building Task Directory",
                "Failed Validation: driver mock: jar_path: no file local/app.jar"), messages(state(runner)));
        assertEquals(TaskPhase.DEAD, state(runner).phase());
        assertTrue(state(runner).failed());
        assertEquals(0, h.totalStarts());
        assertTrue(h.store.localState(alloc.id(), "t").orElseThrow().handle().isEmpty(), "no handle left behind");
    }

    @Test
    void aDriverMessageDuringTheStartIsAnEventBeforeStartedAndAStaleRunIdIsDropped() {
        h.removeDriver();
        java.util.concurrent.atomic.AtomicReference<TaskRunner> self = new java.util.concurrent.atomic.AtomicReference<>();
        h.addDriver(startingWith(config -> {
            self.get().driverMessage(config.id(), "heap set to 192m");
            self.get().driverMessage(config.id().substring(0, config.id().lastIndexOf('/')) + "/00000000", "stale");
        }));
        Allocation alloc = alloc(JobType.BATCH, policy(0), mockTask("t", Map.of("run_for", "1s")));
        TaskRunner runner = new TaskRunner(alloc, alloc.taskGroup().tasks().get(0), h.context(), (r, s) -> { });
        self.set(runner);
        runner.start();
        h.scheduler.advance(Duration.ofSeconds(5));
        assertEquals(List.of(
                "Received: Task received by client",
                "Task Setup: Building Task Directory",
                "Driver: heap set to 192m",
                "Started: Task started by client",
                "Terminated: Exit Code: 0"), messages(state(runner)));
    }
}
