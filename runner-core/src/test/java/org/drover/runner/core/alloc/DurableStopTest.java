package org.drover.runner.core.alloc;

import static org.drover.runner.core.support.Harness.alloc;
import static org.drover.runner.core.support.Harness.mockTask;
import static org.drover.runner.core.support.Harness.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.drover.runner.api.driver.TaskHandle;
import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.DesiredStatus;
import org.drover.runner.api.model.JobType;
import org.drover.runner.api.model.Task;
import org.drover.runner.api.model.TaskEvent;
import org.drover.runner.api.model.TaskPhase;
import org.drover.runner.api.model.TaskState;
import org.drover.runner.api.state.LocalTaskState;
import org.drover.runner.core.support.Harness;
import org.drover.runner.core.support.MockDriverFixture;
import org.junit.jupiter.api.Test;

/**
 * A stop is durable before it is acknowledged, and a kill before its signal goes: an agent that
 * dies at any moment of a stop, or of a kill by the group's rules, finishes it when it comes back
 * and never starts the killed task again.
 */
class DurableStopTest extends MockDriverFixture {

    /** What the allocation manager does: the stop stored, then carried out. */
    static AllocRunner stop(Harness h, AllocRunner runner) {
        Allocation stopped = runner.allocation().withDesiredStatus(DesiredStatus.STOP);
        h.store.putAllocation(stopped);
        runner.stop(stopped);
        return runner;
    }

    /** The agent dies: the runner lets go, the driver's engine is replaced, the store and the tasks stay. */
    AllocRunner crashAndRestore(AllocRunner runner) {
        runner.shutdown();
        h.scheduler.runUntilIdle();
        AllocRunner restored = h.restartAgent();
        h.scheduler.runUntilIdle();
        return restored;
    }

    static List<String> types(AllocRunner runner, String task) {
        return runner.view().task(task).orElseThrow().state().eventTypes();
    }

    @Test
    void aStopAcknowledgedBeforeTheAgentDiedIsFinishedByTheNextOneAndTheTaskNeverRunsAgain() {
        // The task ignores its kill signal: the kill takes the whole kill timeout, and the agent dies in it.
        Allocation alloc = alloc(JobType.SERVICE, policy(2), mockTask("t", Map.of("kill_after", "1h")));
        AllocRunner runner = stop(h, h.run(alloc));
        h.scheduler.advance(Duration.ofSeconds(2));
        assertEquals(DesiredStatus.STOP, h.store.allocations().get(0).desiredStatus(), "stored before anything else");
        assertTrue(h.store.localState(alloc.id(), "t").orElseThrow().killRequested());

        AllocRunner restored = crashAndRestore(runner);
        h.scheduler.advance(Duration.ofMinutes(5));

        assertTrue(restored.whenDone().isDone());
        assertEquals(List.of("Received", "Task Setup", "Started", "Killing", "Terminated", "Killed"),
                types(restored, "t"));
        assertEquals("Exit Code: 137, Signal: 9", restored.view().task("t").orElseThrow().state().events().get(4)
                .message());
        assertEquals(1, h.totalStarts(), "never started again");
    }

    @Test
    void aStopStoredJustBeforeTheAgentDiedIsCarriedOutEvenThoughNoKillHadBegun() {
        Allocation alloc = alloc(JobType.SERVICE, policy(2), mockTask("t", Map.of()));
        AllocRunner runner = h.run(alloc);
        h.store.putAllocation(alloc.withDesiredStatus(DesiredStatus.STOP)); // the stop's record, then the crash

        AllocRunner restored = crashAndRestore(runner);
        h.scheduler.advance(Duration.ofMinutes(1));

        assertTrue(restored.whenDone().isDone());
        assertEquals(List.of("Received", "Task Setup", "Started", "Killing", "Terminated", "Killed"),
                types(restored, "t"));
        assertEquals(1, h.totalStarts());
    }

    @Test
    void aTaskWaitingToRestartWhenItsStopWasStoredIsRecordedKilledAndNotStarted() {
        Allocation alloc = alloc(JobType.SERVICE, policy(2), mockTask("t", Map.of("run_for", "1s", "exit_code", 1)));
        AllocRunner runner = h.run(alloc);
        h.scheduler.advance(Duration.ofSeconds(2)); // exited, now in its restart delay
        assertEquals(TaskPhase.PENDING, runner.view().task("t").orElseThrow().state().phase());
        h.store.putAllocation(alloc.withDesiredStatus(DesiredStatus.STOP));

        AllocRunner restored = crashAndRestore(runner);
        h.scheduler.advance(Duration.ofMinutes(5));

        assertEquals(List.of("Received", "Task Setup", "Started", "Terminated", "Restarting", "Killing", "Killed"),
                types(restored, "t"));
        assertEquals(1, h.totalStarts());
    }

    @Test
    void aStartTheAgentDidNotLiveToRecordIsNotMadeOnceTheStopIsStored() {
        Allocation alloc = alloc(JobType.SERVICE, policy(2), mockTask("t", Map.of()));
        h.store.putAllocation(alloc.withDesiredStatus(DesiredStatus.STOP));
        TaskHandle provisional = TaskHandle.provisional("mock", new org.drover.runner.api.driver.TaskConfig(
                alloc.id() + "/t/00000000", alloc.id(), "job", "g", "t", Map.of(), Map.of(),
                org.drover.runner.api.model.Resources.DEFAULT, "", tmp, tmp, tmp,
                org.drover.runner.api.model.LogConfig.DEFAULT));
        h.store.putLocalState(alloc.id(), "t", LocalTaskState.EMPTY.withHandle(provisional));
        h.store.putTaskState(alloc.id(), "t", TaskState.initial().withEvent(TaskEvent.received(0), 10));

        AllocRunner restored = h.restore();
        h.scheduler.advance(Duration.ofMinutes(1));

        assertTrue(restored.whenDone().isDone());
        assertEquals(List.of("Received", "Killing", "Killed"), types(restored, "t"));
        assertEquals(0, h.totalStarts());
    }

    @Test
    void aKillByTheGroupsRulesIsDurableAndFinishedAfterACrash() {
        // "a" fails at once; "b" ignores its kill signal, and the agent dies during that kill.
        Allocation alloc = alloc(JobType.SERVICE, policy(0), mockTask("a", Map.of("run_for", "1s", "exit_code", 1)),
                mockTask("b", Map.of("kill_after", "1h")));
        AllocRunner runner = h.run(alloc);
        h.scheduler.advance(Duration.ofSeconds(2));
        assertTrue(h.store.localState(alloc.id(), "b").orElseThrow().killRequested());
        assertEquals(List.of("Received", "Task Setup", "Started", "Sibling Task Failed", "Killing"), types(runner, "b"));

        AllocRunner restored = crashAndRestore(runner);
        h.scheduler.advance(Duration.ofMinutes(5));

        assertEquals(List.of("Received", "Task Setup", "Started", "Sibling Task Failed", "Killing", "Terminated",
                "Killed"), types(restored, "b"));
        assertEquals(2, h.totalStarts());
    }

    @Test
    void aDeathTheAgentDidNotLiveToActOnIsActedOnWhenItComesBack() {
        Task leader = mockTask("leader", Map.of("run_for", "1s")).withLeader(true);
        Allocation alloc = alloc(JobType.SERVICE, policy(0), leader, mockTask("follower", Map.of()));
        AllocRunner runner = h.run(alloc);
        runner.shutdown(); // the agent stops managing it; the leader dies meanwhile
        h.scheduler.runUntilIdle();
        h.store.putTaskState(alloc.id(), "leader", h.store.taskState(alloc.id(), "leader").orElseThrow()
                .withPhase(TaskPhase.DEAD, h.scheduler.nowNanos()));
        h.store.editLocalState(alloc.id(), "leader", LocalTaskState::completed);

        AllocRunner restored = h.restartAgent();
        h.scheduler.advance(Duration.ofMinutes(1));

        assertEquals(List.of("Received", "Task Setup", "Started", "Leader Task Dead", "Killing", "Terminated",
                "Killed"), types(restored, "follower"));
        assertTrue(restored.whenDone().isDone());
    }

    @Test
    void stoppingAgainChangesNothingAndAStoppedAllocationsViewSaysSo() {
        Allocation alloc = alloc(JobType.SERVICE, policy(2), mockTask("t", Map.of()));
        AllocRunner runner = stop(h, h.run(alloc));
        h.scheduler.runUntilIdle();
        stop(h, runner);
        h.scheduler.runUntilIdle();
        assertEquals(DesiredStatus.STOP, runner.view().allocation().desiredStatus());
        assertEquals(1, types(runner, "t").stream().filter("Killing"::equals).count());
        assertFalse(types(runner, "t").contains("Restarting"));
    }
}
