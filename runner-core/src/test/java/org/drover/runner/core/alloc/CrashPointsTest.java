package org.drover.runner.core.alloc;

import static org.drover.runner.core.support.Harness.alloc;
import static org.drover.runner.core.support.Harness.mockTask;
import static org.drover.runner.core.support.Harness.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.drover.driver.mock.MockEngine;
import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.DesiredStatus;
import org.drover.runner.api.model.JobType;
import org.drover.runner.api.model.TaskState;
import org.drover.runner.core.support.Harness;
import org.drover.runner.core.support.RecordingStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent dies after every write of a task's life, one crash point at a time: what the store
 * then holds is the first n writes. From each, a restarted agent must never start a task that
 * finished, nor one whose stop was acknowledged. The crash points start once the run's handle is
 * written: before that the start had not happened, which the driver tells from the provisional
 * handle (the process drivers' run dirs; the mock driver cannot, so those points are left to
 * DurableStopTest and the launcher's kill loops).
 */
class CrashPointsTest {

    @TempDir
    Path tmp;

    /** Runs {@code life} on a recording store; returns the writes and the time it took. */
    record Lived(Harness h, RecordingStore writes, Allocation alloc) {
    }

    Lived live(Allocation alloc, java.util.function.BiConsumer<Harness, AllocRunner> life) {
        Harness h = new Harness(tmp.resolve("run"));
        RecordingStore writes = new RecordingStore();
        h.backing = writes;
        h.addDriver();
        life.accept(h, h.run(alloc));
        return new Lived(h, writes, alloc);
    }

    /** The agent comes back on the store a crash after {@code n} writes left, with a new driver instance. */
    static TaskState restartAfter(Lived lived, int n) {
        Harness h = lived.h();
        h.backing = lived.writes().after(n);
        AllocRunner restored = h.restartAgent();
        MockEngine fresh = h.engine;
        h.scheduler.advance(Duration.ofMinutes(10));
        assertEquals(0, fresh.starts(), "started again after a crash at write " + n + " of "
                + lived.writes().kinds());
        assertTrue(restored.whenDone().isDone(), "not dead after a crash at write " + n);
        return restored.view().task("t").orElseThrow().state();
    }

    static int firstAfter(List<String> kinds, String kind) {
        return kinds.indexOf(kind) + 1;
    }

    @Test
    void aBatchTaskThatFinishedIsNeverRunAgainWhereverTheAgentDied() {
        Lived lived = live(alloc(JobType.BATCH, policy(3), mockTask("t", Map.of("run_for", "1s", "exit_code", 0))),
                (h, r) -> h.scheduler.advance(Duration.ofSeconds(5)));
        List<String> kinds = lived.writes().kinds();
        assertTrue(kinds.contains("state:DEAD:Terminated"), kinds.toString());
        for (int n = firstAfter(kinds, "local:handle"); n <= kinds.size(); n++) {
            TaskState s = restartAfter(lived, n);
            assertFalse(s.failed(), "at write " + n);
            assertTrue(s.events().stream().anyMatch(e -> e.message().equals("Exit Code: 0")), "at write " + n);
        }
    }

    @Test
    void aStoppedServiceIsNeverStartedAgainWhereverTheAgentDiedAfterTheStopWasStored() {
        Lived lived = live(alloc(JobType.SERVICE, policy(3), mockTask("t", Map.of("kill_after", "1h"))), (h, r) -> {
            Allocation stopped = r.allocation().withDesiredStatus(DesiredStatus.STOP);
            h.backing.putAllocation(stopped);
            r.stop(stopped);
            h.scheduler.advance(Duration.ofSeconds(10));
        });
        List<String> kinds = lived.writes().kinds();
        for (int n = firstAfter(kinds, "alloc:STOP"); n <= kinds.size(); n++) {
            TaskState s = restartAfter(lived, n);
            assertEquals("Killed", s.eventTypes().get(s.eventTypes().size() - 1), "at write " + n);
            assertFalse(s.eventTypes().contains("Restarting"), "at write " + n);
            // A kill the store holds was announced: its Killing event is never the write a crash takes.
            assertTrue(s.eventTypes().indexOf("Killing") > s.eventTypes().indexOf("Started"),
                    "at write " + n + ": " + s.eventTypes());
        }
    }

    @Test
    void aServiceWhoseFailureWasFinalIsNeverRunAgainWhereverTheAgentDied() {
        Lived lived = live(alloc(JobType.SERVICE, policy(0), mockTask("t", Map.of("run_for", "1s", "exit_code", 1))),
                (h, r) -> h.scheduler.advance(Duration.ofSeconds(5)));
        List<String> kinds = lived.writes().kinds();
        assertTrue(kinds.contains("state:DEAD:Not Restarting"), kinds.toString());
        for (int n = firstAfter(kinds, "local:handle"); n <= kinds.size(); n++) {
            TaskState s = restartAfter(lived, n);
            assertTrue(s.failed(), "at write " + n);
            assertEquals("Not Restarting", s.eventTypes().get(s.eventTypes().size() - 1), "at write " + n);
        }
    }
}
