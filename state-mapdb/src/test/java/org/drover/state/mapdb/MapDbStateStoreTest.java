package org.drover.state.mapdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.drover.runner.api.alloc.DriverAttachment;
import org.drover.runner.api.driver.TaskConfig;
import org.drover.runner.api.driver.TaskHandle;
import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.ClientStatus;
import org.drover.runner.api.model.Constraint;
import org.drover.runner.api.model.Job;
import org.drover.runner.api.model.JobType;
import org.drover.runner.api.model.LogConfig;
import org.drover.runner.api.model.Resources;
import org.drover.runner.api.model.RestartPolicy;
import org.drover.runner.api.model.Stanzas;
import org.drover.runner.api.model.Task;
import org.drover.runner.api.model.TaskEvent;
import org.drover.runner.api.model.TaskGroup;
import org.drover.runner.api.model.TaskPhase;
import org.drover.runner.api.model.TaskState;
import org.drover.runner.api.state.HookState;
import org.drover.runner.api.state.LocalTaskState;
import org.drover.runner.api.state.StateStore;
import org.drover.runner.core.alloc.AllocRunner;
import org.drover.runner.core.support.ForwardingStore;
import org.drover.runner.core.support.Harness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapDbStateStoreTest {

    @TempDir
    Path tmp;

    Path file() {
        return tmp.resolve("state/state.db");
    }

    Path allocRoot() {
        return tmp.resolve("alloc");
    }

    static Allocation allocation(String id) {
        Map<String, Object> config = Map.of("command", "/bin/sh", "args", List.of("-c", "exit 7"),
                "count", 3, "big", 1L << 40, "ratio", 0.25, "on", true,
                "nested", Map.of("k", List.of(Map.of("x", "y"))));
        Task task = new Task("web", "raw_exec", config, Map.of("A", "1"), Map.of("m", "v"), new Resources(500, 256),
                new LogConfig(3, 5), Duration.ofSeconds(7), "SIGTERM", Duration.ofMillis(1500), true, "nobody");
        TaskGroup group = new TaskGroup("g", 2, new RestartPolicy(4, Duration.ofMinutes(5), Duration.ofSeconds(1),
                RestartPolicy.Mode.DELAY), Map.of("gm", "1"), List.of(task, Task.of("side", "mock", Map.of())));
        Job job = new Job("job-1", "Job One", JobType.SERVICE, "eu", "dc2", "ns", Map.of("owner", "ops"),
                List.of(group));
        return new Allocation(id, job, "g", 1);
    }

    static LocalTaskState local(String allocId) {
        byte[] driverState = new byte[256];
        for (int i = 0; i < driverState.length; i++) {
            driverState[i] = (byte) i; // every byte value, 0 and 0xff included
        }
        TaskConfig config = new TaskConfig(allocId + "/web/abcd1234", allocId, "Job One", "g", "web",
                Map.of("command", "/bin/true", "n", 1), Map.of("NOMAD_TASK_NAME", "web"), new Resources(500, 256),
                "nobody", Path.of("/a"), Path.of("/a/web"), Path.of("/a/alloc/logs"), new LogConfig(3, 5));
        return new LocalTaskState(Optional.of(new TaskHandle(3, "raw_exec", config, driverState)),
                Map.of("task_dir", new HookState(true, Map.of("d", "x"), Map.of("E", "1")), "validate", HookState.NONE),
                false);
    }

    static TaskState state() {
        return TaskState.initial()
                .withEvent(TaskEvent.received(1), 10)
                .withPhase(TaskPhase.RUNNING, 2)
                .withEvent(TaskEvent.started(2), 10)
                .withEvent(TaskEvent.terminated(3, 137, 9, true, "out of memory \u2603"), 10)
                .withEvent(TaskEvent.notRestarting(4, "Error was unrecoverable"), 10);
    }

    @Test
    void everyRecordTypeRoundTripsThroughAReopen() {
        Allocation alloc = allocation("a1");
        try (MapDbStateStore store = MapDbStateStore.open(file(), allocRoot())) {
            store.putAllocation(alloc);
            store.putLocalState("a1", "web", local("a1"));
            store.putTaskState("a1", "web", state());
        }
        try (MapDbStateStore store = MapDbStateStore.open(file(), allocRoot())) {
            assertEquals(List.of(alloc), store.allocations());
            assertEquals(Optional.of(local("a1")), store.localState("a1", "web"));
            assertEquals(Optional.of(state()), store.taskState("a1", "web"));
            assertEquals(Optional.empty(), store.localState("a1", "side"));
        }
    }

    @Test
    void anAllocationHooksStateRoundTripsIsRemovedByNoneAndGoesWithItsAllocation() {
        HookState net = new HookState(true, Map.of("netns", "/var/run/netns/a1", "address", "172.26.64.2"), Map.of());
        try (MapDbStateStore store = MapDbStateStore.open(file(), allocRoot())) {
            store.putAllocation(allocation("a1"));
            store.putAllocation(allocation("a2"));
            store.putAllocHookState("a1", "network", net);
            store.putAllocHookState("a2", "network", net);
        }
        try (MapDbStateStore store = MapDbStateStore.open(file(), allocRoot())) {
            assertEquals(Optional.of(net), store.allocHookState("a1", "network"));
            assertEquals(Optional.empty(), store.allocHookState("a1", "other"));
            store.putAllocHookState("a1", "network", HookState.NONE);
            store.deleteAllocation("a2");
        }
        try (MapDbStateStore store = MapDbStateStore.open(file(), allocRoot())) {
            assertEquals(Optional.empty(), store.allocHookState("a1", "network"));
            assertEquals(Optional.empty(), store.allocHookState("a2", "network"));
        }
    }

    @Test
    void aWriteWaitedForInsideADurabilityCallbackDoesNotWaitForItself() {
        try (MapDbStateStore store = MapDbStateStore.open(file(), allocRoot())) {
            store.putAllocation(allocation("old"));
            // A job's new version removes the old one from a callback of the old task's last write:
            // that callback runs on the committing thread.
            java.util.concurrent.CompletableFuture<Void> removed = store.putTaskStateAsync("old", "web", state())
                    .thenRun(() -> {
                        store.deleteAllocation("old");
                        store.putAllocation(allocation("new"));
                    });
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> removed.join());
            assertEquals(List.of("new"), store.allocations().stream().map(Allocation::id).toList());
            store.putTaskState("new", "web", state());
        }
        try (MapDbStateStore store = MapDbStateStore.open(file(), allocRoot())) {
            assertEquals(List.of("new"), store.allocations().stream().map(Allocation::id).toList());
            assertEquals(Optional.empty(), store.taskState("old", "web"));
            assertEquals(Optional.of(state()), store.taskState("new", "web"));
        }
    }

    /** A job waiting for placement keeps where it may run through a reopen, beside untouched allocations. */
    @Test
    void aWaitingJobIsStoredWithItsPlacementAndSurvivesAReopen() {
        Allocation a = allocation("a1");
        Task t = Task.of("t", "exec", Map.of());
        Task constrained = new Task(t.name(), t.driver(), t.config(), t.env(), t.meta(), t.resources(), t.logs(),
                t.killTimeout(), t.killSignal(), t.shutdownDelay(), t.leader(), t.user(),
                List.of(new Constraint("${attr.kernel.name}", "=", "windows")), Stanzas.NONE);
        TaskGroup g = new TaskGroup("g", 2, RestartPolicy.defaultFor(JobType.SERVICE), Map.of("k", "v"),
                List.of(constrained), List.of(new Constraint("", "distinct_hosts", "")), Stanzas.NONE);
        Job job = new Job("win", "win", JobType.BATCH, "global", "dc1", "default", Map.of(), List.of(g), "digest", 3,
                List.of("eu-*", "us-east-1"), "gpu", List.of(new Constraint("${meta.rack}", "version", ">= 1.2")),
                Stanzas.NONE);
        try (MapDbStateStore store = MapDbStateStore.open(file(), allocRoot())) {
            store.putAllocation(a);
            store.putJob(job);
            store.putJob(job.withVersion(4));
            store.putJob(Job.of("other", JobType.SERVICE, List.of()));
        }
        try (MapDbStateStore store = MapDbStateStore.open(file(), allocRoot())) {
            assertEquals(List.of(a), store.allocations());
            assertEquals(List.of(Job.of("other", JobType.SERVICE, List.of()), job.withVersion(4)),
                    store.jobs().stream().sorted(java.util.Comparator.comparing(Job::id)).toList());
            store.deleteJob("win");
            store.deleteJob("never-stored");
        }
        try (MapDbStateStore store = MapDbStateStore.open(file(), allocRoot())) {
            assertEquals(List.of("other"), store.jobs().stream().map(Job::id).toList());
            assertEquals(List.of(a), store.allocations());
        }
    }

    @Test
    void commitsAreCountedForTheMetrics() {
        try (MapDbStateStore store = MapDbStateStore.open(file(), allocRoot())) {
            assertEquals(0, store.commitStats().commits());
            store.putAllocation(allocation("a1"));
            store.putAllocation(allocation("a2"));
            org.drover.runner.api.state.CommitStats stats = store.commitStats();
            assertEquals(2, stats.changes(), "each put waited for its own commit");
            assertEquals(2, stats.commits());
            assertTrue(stats.totalNanos() >= stats.maxNanos() && stats.maxNanos() > 0, stats.toString());
        }
    }

    @Test
    void aJobsAllocationsAreStoredTogetherInFewCommitsAndSurviveAReopen() {
        List<Allocation> many = new java.util.ArrayList<>();
        for (int i = 0; i < 500; i++) {
            many.add(allocation("a" + i));
        }
        try (MapDbStateStore store = MapDbStateStore.open(file(), allocRoot())) {
            store.putAllocations(many);
            org.drover.runner.api.state.CommitStats stats = store.commitStats();
            assertEquals(500, stats.changes());
            // queued at once, so the committer takes them in a batch or two, not 500 commits
            assertTrue(stats.commits() <= 3, stats.toString());
        }
        try (MapDbStateStore store = MapDbStateStore.open(file(), allocRoot())) {
            assertEquals(many.stream().map(Allocation::id).sorted().toList(),
                    store.allocations().stream().map(Allocation::id).sorted().toList());
            for (Allocation a : many) {
                assertTrue(Files.exists(allocRoot().resolve(a.id()).resolve(".drover-alloc")), a.id());
            }
        }
    }

    /**
     * The store as a task runner under a manual clock needs it: each put durable before the runner
     * goes on, so the test's steps of time see every start. The queued puts have a test of their own.
     */
    static StateStore waitingForEachPut(MapDbStateStore store) {
        return new ForwardingStore(store);
    }

    @Test
    void queuedPutsBecomeDurableInOrderAndTheTaskFileFollowsTheLatest() throws Exception {
        Allocation alloc = allocation("a1");
        List<java.util.concurrent.CompletableFuture<Void>> done = new java.util.ArrayList<>();
        List<Integer> completed = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        TaskState last = state();
        try (MapDbStateStore store = MapDbStateStore.open(file(), allocRoot())) {
            store.putAllocation(alloc);
            done.add(store.putLocalStateAsync("a1", "web", local("a1")));
            for (int i = 0; i < 300; i++) {
                last = last.withEvent(TaskEvent.driverMessage(i, "m" + i), 10);
                int n = i;
                done.add(store.putTaskStateAsync("a1", "web", last).thenRun(() -> completed.add(n)));
            }
            java.util.concurrent.CompletableFuture.allOf(done.toArray(java.util.concurrent.CompletableFuture[]::new))
                    .get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(java.util.stream.IntStream.range(0, 300).boxed().toList(), completed, "in the order put");
        }
        try (MapDbStateStore store = MapDbStateStore.open(file(), allocRoot())) {
            assertEquals(Optional.of(last), store.taskState("a1", "web"));
            assertEquals(Optional.of(local("a1")), store.localState("a1", "web"));
        }
        // the task file, written before the put was durable, holds the local state with its phase
        assertTrue(Files.exists(allocRoot().resolve("a1/web").resolve(TaskFiles.TASK_FILE)));
    }

    @Test
    void deletingAnAllocationRemovesAllItsRecordsAndTaskFiles() {
        try (MapDbStateStore store = MapDbStateStore.open(file(), allocRoot())) {
            for (String id : List.of("a1", "a2")) {
                store.putAllocation(allocation(id));
                store.putLocalState(id, "web", local(id));
                store.putTaskState(id, "web", state());
            }
            store.deleteAllocation("a1");
            assertEquals(List.of("a2"), store.allocations().stream().map(Allocation::id).toList());
            assertEquals(Optional.empty(), store.localState("a1", "web"));
            assertEquals(Optional.empty(), store.taskState("a1", "web"));
            assertTrue(store.localState("a2", "web").isPresent());
            assertFalse(Files.exists(allocRoot().resolve("a1/web").resolve(TaskFiles.TASK_FILE)));
            assertTrue(Files.exists(allocRoot().resolve("a2/web").resolve(TaskFiles.TASK_FILE)));
        }
    }

    @Test
    void theFileStaysBoundedAsShortTasksComeAndGo() throws IOException {
        Harness h = new Harness(allocRoot());
        h.addDriver();
        StoreFile.Options small = new StoreFile.Options(4L << 20, 4, 16);
        Allocation longLived = allocation("long-lived");
        long maxSize = 0;
        try (MapDbStateStore store = MapDbStateStore.open(file(), allocRoot(), small)) {
            h.backing = waitingForEachPut(store);
            store.putAllocation(longLived);
            store.putLocalState("long-lived", "web", local("long-lived"));
            for (int round = 0; round < 20; round++) {
                List<AllocRunner> runners = new java.util.ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    Allocation alloc = Harness.alloc(JobType.BATCH, Harness.policy(0),
                            Harness.mockTask("t", Map.of("run_for", "1s")));
                    AllocRunner runner = new AllocRunner(alloc, h.context());
                    runner.run();
                    runners.add(runner);
                }
                h.scheduler.advance(Duration.ofSeconds(2));
                for (AllocRunner runner : runners) {
                    assertEquals(ClientStatus.COMPLETE, runner.view().status());
                    store.deleteAllocation(runner.id()); // what garbage collection of a finished allocation does
                }
                maxSize = Math.max(maxSize, storeSize());
            }
            assertEquals(List.of(longLived), store.allocations(), "compaction keeps every live record");
            assertEquals(Optional.of(local("long-lived")), store.localState("long-lived", "web"));
        }
        // 400 allocations ran and were collected. Without compaction this file grows past 10 MB.
        assertTrue(maxSize <= (6L << 20), "grew to " + maxSize);
        try (MapDbStateStore store = MapDbStateStore.open(file(), allocRoot())) {
            assertEquals(List.of(longLived), store.allocations(), "the compacted file reopens");
        }
        try (Stream<Path> files = Files.list(file().getParent())) {
            assertEquals(List.of("state.db"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    private long storeSize() throws IOException {
        try (Stream<Path> files = Files.list(file().getParent())) {
            return files.filter(p -> p.getFileName().toString().startsWith("state.db")).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        }
    }

    @Test
    void aDamagedStoreIsMovedAsideAndRebuiltAndItsRunningTaskReattached() throws IOException {
        Harness h = new Harness(allocRoot());
        h.addDriver();
        Allocation alloc = Harness.alloc(JobType.BATCH, Harness.policy(0),
                Harness.mockTask("t", Map.of("run_for", "60s", "exit_code", 4)));
        try (MapDbStateStore store = MapDbStateStore.open(file(), allocRoot())) {
            h.backing = waitingForEachPut(store);
            AllocRunner runner = new AllocRunner(alloc, h.context());
            runner.run();
            h.scheduler.advance(Duration.ofSeconds(10));
            runner.shutdown();
            h.scheduler.runUntilIdle();
        }
        scribble(file());

        try (MapDbStateStore store = MapDbStateStore.open(file(), allocRoot())) {
            try (Stream<Path> aside = Files.list(file().getParent())) {
                List<Path> dirs = aside.filter(p -> p.getFileName().toString().startsWith("damaged-")).toList();
                assertEquals(1, dirs.size());
                assertTrue(Files.exists(dirs.get(0).resolve("state.db")), "moved aside, not deleted");
            }
            assertEquals(List.of(alloc), store.allocations());

            h.backing = waitingForEachPut(store);
            h.removeDriver();
            h.addDriver();
            AllocRunner restored = new AllocRunner(store.allocations().get(0), h.context());
            restored.restore();
            h.scheduler.runUntilIdle();
            assertEquals(DriverAttachment.ATTACHED, restored.view().task("t").orElseThrow().attachment());
            h.scheduler.advance(Duration.ofSeconds(50));
            TaskState t = restored.view().task("t").orElseThrow().state();
            assertEquals(List.of("Received", "Task Setup", "Started", "Terminated", "Not Restarting"), t.eventTypes());
            assertEquals("Exit Code: 4", t.events().get(3).message());
            assertEquals(1, h.totalStarts(), "re-attached, not started again");
            assertEquals(ClientStatus.FAILED, restored.view().status());
        }
    }

    @Test
    void aTruncatedStoreOpensEmptyWhenThereIsNothingToRebuild() throws IOException {
        try (MapDbStateStore store = MapDbStateStore.open(file(), allocRoot())) {
            store.putTaskState("x", "t", state());
        }
        try (RandomAccessFile raf = new RandomAccessFile(file().toFile(), "rw")) {
            raf.setLength(17);
        }
        try (MapDbStateStore store = MapDbStateStore.open(file(), allocRoot())) {
            assertEquals(List.of(), store.allocations());
            store.putTaskState("x", "t", state());
            assertEquals(Optional.of(state()), store.taskState("x", "t"));
        }
    }

    /** Overwrites the middle of the file with garbage, as a torn write or a bad disk would. */
    static void scribble(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long len = raf.length();
            byte[] junk = new byte[(int) Math.min(len, 64 * 1024)];
            java.util.Arrays.fill(junk, (byte) 0x5a);
            raf.seek(0);
            raf.write(junk);
        }
    }
}
