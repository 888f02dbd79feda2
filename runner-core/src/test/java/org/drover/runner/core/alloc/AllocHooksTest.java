package org.drover.runner.core.alloc;

import static org.drover.runner.core.support.Harness.alloc;
import static org.drover.runner.core.support.Harness.messages;
import static org.drover.runner.core.support.Harness.mockTask;
import static org.drover.runner.core.support.Harness.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.ClientStatus;
import org.drover.runner.api.model.JobType;
import org.drover.runner.api.state.HookState;
import org.drover.runner.core.hooks.AllocHook;
import org.drover.runner.core.support.MockDriverFixture;
import org.junit.jupiter.api.Test;

/** Allocation hooks: prerun before the first task, its state kept across a restart, postrun after the last. */
class AllocHooksTest extends MockDriverFixture {

    /** Records its calls; its prerun leaves {@code made=<n>}, n counting the setups it did. */
    static class Recording implements AllocHook {
        final List<String> calls = new ArrayList<>();
        String failure;
        int setups;
        /** How many tasks the mock driver had started when prerun ran. */
        int startsAtPrerun = -1;
        java.util.function.IntSupplier starts = () -> 0;

        @Override
        public String name() {
            return "rec";
        }

        @Override
        public HookState prerun(Allocation alloc, HookState stored) {
            calls.add("prerun " + stored.data());
            startsAtPrerun = starts.getAsInt();
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
            if (stored.done()) {
                return stored;
            }
            return new HookState(true, Map.of("made", Integer.toString(++setups)), Map.of());
        }

        @Override
        public void postrun(Allocation alloc, HookState stored) {
            calls.add("postrun " + stored.data());
        }
    }

    private final Recording hook = new Recording();

    private AllocRunner runner(Allocation alloc) {
        hook.starts = h::totalStarts;
        return new AllocRunner(alloc, h.context(), List.of(hook));
    }

    @Test
    void preRunsBeforeTheFirstTaskAndPostRunsAfterTheLastThenItsStateGoes() {
        Allocation alloc = alloc(JobType.BATCH, policy(0), mockTask("a", Map.of("run_for", "5s")),
                mockTask("b", Map.of("run_for", "10s")));
        AllocRunner runner = runner(alloc);
        runner.run();
        h.scheduler.runUntilIdle();
        assertEquals(0, hook.startsAtPrerun);
        assertEquals(2, h.totalStarts());
        assertEquals(Optional.of(new HookState(true, Map.of("made", "1"), Map.of())),
                h.store.allocHookState(alloc.id(), "rec"));

        h.scheduler.advance(Duration.ofSeconds(5));
        assertEquals(List.of("prerun {}"), hook.calls);
        assertFalse(runner.done());
        h.scheduler.advance(Duration.ofSeconds(5));
        assertTrue(runner.done());
        assertEquals(List.of("prerun {}", "postrun {made=1}"), hook.calls);
        assertEquals(Optional.empty(), h.store.allocHookState(alloc.id(), "rec"));
    }

    @Test
    void aRestoredAllocationHandsTheHookWhatItLeftAndTheTasksRunOn() {
        Allocation alloc = alloc(JobType.SERVICE, policy(0), mockTask("web", Map.of()));
        AllocRunner first = runner(alloc);
        first.run();
        h.scheduler.runUntilIdle();
        first.shutdown();
        h.scheduler.runUntilIdle();

        AllocRunner second = runner(h.store.allocations().get(0));
        second.restore();
        h.scheduler.runUntilIdle();
        assertEquals(List.of("prerun {}", "prerun {made=1}"), hook.calls);
        assertEquals(1, hook.setups);
        assertEquals(ClientStatus.RUNNING, second.view().status());
        assertEquals(1, h.totalStarts());
    }

    @Test
    void anAllocationRestoredDeadIsOnlyUndone() {
        Allocation alloc = alloc(JobType.BATCH, policy(0), mockTask("a", Map.of("run_for", "5s")));
        AllocRunner first = runner(alloc);
        first.run();
        h.scheduler.runUntilIdle();
        first.shutdown();
        h.scheduler.runUntilIdle();
        // The task ended while no agent ran; the store says so.
        h.store.putTaskState(alloc.id(), "a", h.store.taskState(alloc.id(), "a").orElseThrow()
                .withPhase(org.drover.runner.api.model.TaskPhase.DEAD, 1));

        AllocRunner second = runner(alloc);
        second.restore();
        h.scheduler.runUntilIdle();
        assertTrue(second.done());
        assertEquals(List.of("prerun {}", "postrun {made=1}"), hook.calls);
    }

    @Test
    void aFailedPreRunFailsEveryTaskUnstartedWithNomadsSetupFailure() {
        hook.failure = "no bridge";
        Allocation alloc = alloc(JobType.SERVICE, policy(0), mockTask("web", Map.of()), mockTask("side", Map.of()));
        AllocRunner runner = runner(alloc);
        runner.run();
        h.scheduler.runUntilIdle();

        assertEquals(0, h.totalStarts());
        assertEquals(ClientStatus.FAILED, runner.view().status());
        assertEquals(List.of(
                "Setup Failure: failed to setup alloc: pre-run hook \"rec\" failed: no bridge",
                "Killing: Sent interrupt. Waiting 5s before force killing",
                "Killed: Task successfully killed"), messages(runner.view().task("web").orElseThrow().state()));
        assertTrue(runner.done());
        assertEquals(List.of("prerun {}", "postrun {}"), hook.calls);
    }

    @Test
    void aHookThatWantsNothingOfTheAllocationNeverRuns() {
        AllocHook none = new Recording() {
            @Override
            public boolean wants(Allocation alloc) {
                return false;
            }
        };
        Allocation alloc = alloc(JobType.BATCH, policy(0), mockTask("a", Map.of("run_for", "1s")));
        AllocRunner runner = new AllocRunner(alloc, h.context(), List.of(none));
        runner.run();
        h.scheduler.advance(Duration.ofSeconds(1));
        assertTrue(runner.done());
        assertEquals(List.of(), ((Recording) none).calls);
    }
}
