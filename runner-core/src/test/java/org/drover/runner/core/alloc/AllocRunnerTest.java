package org.drover.runner.core.alloc;

import static org.drover.runner.core.support.Harness.alloc;
import static org.drover.runner.core.support.Harness.messages;
import static org.drover.runner.core.support.Harness.mockTask;
import static org.drover.runner.core.support.Harness.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.drover.runner.api.alloc.AllocationView;
import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.ClientStatus;
import org.drover.runner.api.model.JobType;
import org.drover.runner.api.model.TaskState;
import org.drover.runner.core.support.MockDriverFixture;
import org.junit.jupiter.api.Test;

/** Nomad's group rules: tasks start together, a failure kills the siblings, a dead leader kills the rest. */
class AllocRunnerTest extends MockDriverFixture {

    static TaskState task(AllocationView view, String name) {
        return view.task(name).orElseThrow().state();
    }

    @Test
    void tasksStartTogetherAndTheAllocationRunsThenCompletes() {
        Allocation alloc = alloc(JobType.BATCH, policy(0),
                mockTask("a", Map.of("run_for", "5s")), mockTask("b", Map.of("run_for", "10s")));
        AllocRunner runner = h.run(alloc);
        assertEquals(ClientStatus.RUNNING, runner.view().status());
        assertEquals(2, h.totalStarts());
        h.scheduler.advance(Duration.ofSeconds(5));
        assertEquals(ClientStatus.RUNNING, runner.view().status());
        h.scheduler.advance(Duration.ofSeconds(5));
        assertEquals(ClientStatus.COMPLETE, runner.view().status());
        assertTrue(runner.done());
        assertEquals(List.of(alloc), h.store.allocations());
    }

    @Test
    void aFailedTaskKillsItsSiblings() {
        Allocation alloc = alloc(JobType.SERVICE, policy(0),
                mockTask("web", Map.of()), mockTask("sidecar", Map.of("run_for", "5s", "exit_code", 1)));
        AllocRunner runner = h.run(alloc);
        h.scheduler.advance(Duration.ofSeconds(5));

        AllocationView view = runner.view();
        assertEquals(List.of(
                "Received: Task received by client",
                "Task Setup: Building Task Directory",
                "Started: Task started by client",
                "Terminated: Exit Code: 1",
                "Not Restarting: Policy allows no restarts"), messages(task(view, "sidecar")));
        assertEquals(List.of(
                "Received: Task received by client",
                "Task Setup: Building Task Directory",
                "Started: Task started by client",
                "Sibling Task Failed: Task's sibling \"sidecar\" failed",
                "Killing: Sent interrupt. Waiting 5s before force killing",
                "Terminated: Exit Code: 130, Signal: 2",
                "Killed: Task successfully killed"), messages(task(view, "web")));
        assertFalse(task(view, "web").failed(), "a killed sibling is not itself failed");
        assertEquals(ClientStatus.FAILED, view.status());
        assertTrue(runner.done());
    }

    @Test
    void aDeadLeaderKillsTheOtherTasks() {
        Allocation alloc = alloc(JobType.BATCH, policy(0),
                mockTask("leader", Map.of("run_for", "5s")).withLeader(true), mockTask("follower", Map.of()));
        AllocRunner runner = h.run(alloc);
        h.scheduler.advance(Duration.ofSeconds(5));

        AllocationView view = runner.view();
        assertEquals(List.of("Received", "Task Setup", "Started", "Terminated"), task(view, "leader").eventTypes());
        assertEquals(List.of(
                "Received: Task received by client",
                "Task Setup: Building Task Directory",
                "Started: Task started by client",
                "Leader Task Dead: Leader Task in Group dead",
                "Killing: Sent interrupt. Waiting 5s before force killing",
                "Terminated: Exit Code: 130, Signal: 2",
                "Killed: Task successfully killed"), messages(task(view, "follower")));
        assertEquals(ClientStatus.COMPLETE, view.status());
    }

    @Test
    void stoppingTheAllocationKillsEveryTaskWithoutSiblingEvents() {
        Allocation alloc = alloc(JobType.SERVICE, policy(2), mockTask("a", Map.of()), mockTask("b", Map.of()));
        AllocRunner runner = h.run(alloc);
        var stopped = runner.stop(alloc.withDesiredStatus(org.drover.runner.api.model.DesiredStatus.STOP));
        h.scheduler.runUntilIdle();
        assertTrue(stopped.isDone());
        for (String name : List.of("a", "b")) {
            assertEquals(List.of("Received", "Task Setup", "Started", "Killing", "Terminated", "Killed"),
                    task(runner.view(), name).eventTypes());
        }
        assertEquals(ClientStatus.COMPLETE, runner.view().status());
    }

    @Test
    void restoringAnAllocationReattachesItsRunningTasksAndLeavesFinishedOnesAlone() {
        Allocation alloc = alloc(JobType.BATCH, policy(0),
                mockTask("short", Map.of("run_for", "1s")), mockTask("long", Map.of("run_for", "60s")));
        AllocRunner first = h.run(alloc);
        h.scheduler.advance(Duration.ofSeconds(2));
        first.shutdown();
        h.scheduler.runUntilIdle();

        AllocRunner restored = h.restartAgent();
        h.scheduler.advance(Duration.ofMinutes(2));
        assertEquals(List.of("Received", "Task Setup", "Started", "Terminated"),
                task(restored.view(), "short").eventTypes());
        assertEquals(List.of("Received", "Task Setup", "Started", "Terminated"),
                task(restored.view(), "long").eventTypes());
        assertEquals(2, h.totalStarts());
        assertEquals(ClientStatus.COMPLETE, restored.view().status());
    }
}
