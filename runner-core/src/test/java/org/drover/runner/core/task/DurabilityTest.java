package org.drover.runner.core.task;

import static org.drover.runner.core.support.Harness.alloc;
import static org.drover.runner.core.support.Harness.mockTask;
import static org.drover.runner.core.support.Harness.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.JobType;
import org.drover.runner.api.model.TaskPhase;
import org.drover.runner.api.model.TaskState;
import org.drover.runner.api.state.LocalTaskState;
import org.drover.runner.api.state.StateStore;
import org.drover.runner.core.support.ForwardingStore;
import org.drover.runner.core.support.MockDriverFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With a store whose queued puts stay pending until the test lets them through:
 * the task is not started before its intent is durable, and readers see only
 * what is durable.
 */
class DurabilityTest extends MockDriverFixture {

    HeldStore held;

    @BeforeEach
    void setUp() {
        held = new HeldStore(h.store);
        h.backing = held;
    }

    @Test
    void theStartWaitsForTheIntentAndReadersSeeOnlyWhatIsDurable() {
        Allocation alloc = alloc(JobType.SERVICE, policy(0), mockTask("t", Map.of("run_for", "1h")));
        TaskRunner runner = new TaskRunner(alloc, alloc.taskGroup().tasks().get(0), h.context(), (r, s) -> { });
        runner.start();
        h.scheduler.runUntilIdle();

        assertEquals(0, h.totalStarts(), "not started before the provisional handle is durable");
        assertTrue(runner.view().state().events().isEmpty(), "nothing shown before it is durable");
        assertEquals(TaskPhase.PENDING, runner.view().state().phase());

        held.release();
        h.scheduler.runUntilIdle();
        assertEquals(1, h.totalStarts());
        assertEquals(List.of("Received", "Task Setup"), runner.view().state().eventTypes(),
                "Started is not shown while its write is pending");

        held.release();
        h.scheduler.runUntilIdle();
        assertEquals(TaskPhase.RUNNING, runner.view().state().phase());
        assertEquals(List.of("Received", "Task Setup", "Started"), runner.view().state().eventTypes());
        assertEquals(runner.view().state(), h.store.taskState(alloc.id(), "t").orElseThrow());
    }

    @Test
    void aDeathIsAnnouncedOnceItIsDurable() {
        Allocation alloc = alloc(JobType.BATCH, policy(0), mockTask("t", Map.of("run_for", "1s")));
        TaskRunner runner = new TaskRunner(alloc, alloc.taskGroup().tasks().get(0), h.context(), (r, s) -> { });
        runner.start();
        held.release();
        h.scheduler.runUntilIdle();
        held.release();
        h.scheduler.advance(java.time.Duration.ofSeconds(1));

        assertFalse(runner.dead().isDone(), "dead only once the death is durable");
        held.release();
        assertTrue(runner.dead().isDone());
        assertTrue(runner.view().state().dead());
    }

    @Test
    void theKillSignalGoesOnlyOnceTheKillIsDurable() {
        Allocation alloc = alloc(JobType.SERVICE, policy(2), mockTask("t", Map.of()));
        TaskRunner runner = new TaskRunner(alloc, alloc.taskGroup().tasks().get(0), h.context(), (r, s) -> { });
        runner.start();
        for (int i = 0; i < 3; i++) {
            held.release();
            h.scheduler.runUntilIdle();
        }
        String taskId = h.store.localState(alloc.id(), "t").orElseThrow().handle().orElseThrow().taskId();
        assertTrue(h.engine.inspect(taskId).running());

        runner.kill(null);
        h.scheduler.runUntilIdle();
        assertTrue(h.store.localState(alloc.id(), "t").orElseThrow().killRequested());
        assertTrue(h.engine.inspect(taskId).running(), "no signal while the kill's record is not durable");

        held.release();
        h.scheduler.runUntilIdle();
        assertTrue(h.store.taskState(alloc.id(), "t").orElseThrow().eventTypes().contains("Terminated"),
                "signalled once it is");
    }

    /** Puts through to a memory store at once; their stages complete only on release. */
    static final class HeldStore extends ForwardingStore {
        final List<CompletableFuture<Void>> pending = new ArrayList<>();

        HeldStore(StateStore inner) {
            super(inner);
        }

        void release() {
            List<CompletableFuture<Void>> now = new ArrayList<>(pending);
            pending.clear();
            now.forEach(f -> f.complete(null));
        }

        private CompletionStage<Void> held() {
            CompletableFuture<Void> f = new CompletableFuture<>();
            pending.add(f);
            return f;
        }

        @Override
        public CompletionStage<Void> putTaskStateAsync(String allocId, String task, TaskState state) {
            inner.putTaskState(allocId, task, state);
            return held();
        }

        @Override
        public CompletionStage<Void> putLocalStateAsync(String allocId, String task, LocalTaskState state) {
            inner.putLocalState(allocId, task, state);
            return held();
        }
    }
}
