package org.drover.state.mapdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** Commits that the disk refuses are retried in order until it takes them; others fail their batch. */
class GroupCommitterTest {

    /** Fails the first {@code failures} commits with {@code failure}; records what it committed. */
    static final class FlakyTarget implements GroupCommitter.Target {
        final List<String> committed = new ArrayList<>();
        final List<String> pending = new ArrayList<>();
        int failures;
        RuntimeException failure;
        int rollbacks;

        @Override
        public void apply(Runnable change) {
            change.run();
        }

        @Override
        public synchronized void commit() {
            if (failures > 0) {
                failures--;
                throw failure;
            }
            committed.addAll(pending);
            pending.clear();
        }

        @Override
        public synchronized void rollback() {
            rollbacks++;
            pending.clear();
        }
    }

    @Test
    void aCommitTheDiskRefusesIsRetriedUntilItGoesThroughAndTheFaultIsReportedMeanwhile() throws Exception {
        FlakyTarget target = new FlakyTarget();
        target.failures = 3;
        target.failure = new UncheckedIOException(new IOException("No space left on device"));
        try (GroupCommitter committer = new GroupCommitter(target)) {
            CompletableFuture<Void> first = committer.submitAsync(() -> target.pending.add("a"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (committer.fault() == null && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertNotNull(committer.fault(), "the fault is reported while the commit is retried");
            assertEquals("No space left on device", committer.fault().cause());
            CompletableFuture<Void> second = committer.submitAsync(() -> target.pending.add("b"));

            first.get(30, TimeUnit.SECONDS);
            second.get(30, TimeUnit.SECONDS);
            assertEquals(List.of("a", "b"), target.committed, "nothing lost, nothing reordered");
            assertEquals(3, target.rollbacks);
            assertNull(committer.fault(), "cleared by the commit that went through");
        }
    }

    @Test
    void aChangeThatCannotBeAppliedFailsItsBatchAndTheNextOneCommits() throws Exception {
        FlakyTarget target = new FlakyTarget();
        try (GroupCommitter committer = new GroupCommitter(target)) {
            CompletableFuture<Void> broken = committer.submitAsync(() -> {
                throw new IllegalArgumentException("a bug, not the disk");
            });
            ExecutionException e = assertThrows(ExecutionException.class, () -> broken.get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof IllegalArgumentException);
            assertNull(committer.fault());
            committer.submit(() -> target.pending.add("c"));
            assertEquals(List.of("c"), target.committed);
        }
    }
}
