package org.drover.runner.core.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.drover.runner.core.support.ManualScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Nomad's client GC rules, and the job GC, on a node of made-up allocations. */
class GarbageCollectorTest {

    final ManualScheduler scheduler = new ManualScheduler();
    final Node node = new Node();
    double disk;
    GarbageCollector gc;

    /** Allocations by ID: a terminal one has the time it ended, a live one none. */
    final class Node implements GarbageCollector.Allocations {
        final Map<String, Long> endedAt = new LinkedHashMap<>();
        final Map<String, String> jobOf = new LinkedHashMap<>();
        final List<String> destroyed = new CopyOnWriteArrayList<>();

        void add(String id, String job, Long ended) {
            endedAt.put(id, ended);
            jobOf.put(id, job);
        }

        @Override
        public synchronized int count() {
            return endedAt.size();
        }

        @Override
        public synchronized List<GarbageCollector.Terminal> terminal() {
            List<GarbageCollector.Terminal> out = new ArrayList<>();
            endedAt.forEach((id, at) -> {
                if (at != null) {
                    out.add(new GarbageCollector.Terminal(id, jobOf.get(id), at, false));
                }
            });
            return out;
        }

        @Override
        public synchronized Set<String> liveJobs() {
            return endedAt.entrySet().stream().filter(e -> e.getValue() == null).map(e -> jobOf.get(e.getKey()))
                    .collect(Collectors.toSet());
        }

        @Override
        public synchronized void destroy(String allocId) {
            endedAt.remove(allocId);
            destroyed.add(allocId);
            disk -= 10; // each allocation held a tenth of the disk
        }
    }

    GarbageCollector collector(GarbageCollector.Settings settings) {
        gc = new GarbageCollector(node, scheduler, settings, () -> new UsageProbe.Usage(disk, 0));
        return gc;
    }

    @AfterEach
    void close() {
        if (gc != null) {
            gc.close();
        }
    }

    long hoursAgo(int h) {
        return scheduler.nowNanos() - TimeUnit.HOURS.toNanos(h);
    }

    @Test
    void pastGcMaxAllocsTheOldestTerminalAllocationsGoUntilTheNodeIsBackAtTheLimit() {
        for (int i = 0; i < 40; i++) {
            node.add("live-" + i, "service", null);
        }
        for (int i = 0; i < 20; i++) {
            node.add("done-" + i, "batch", hoursAgo(20 - i)); // done-0 is the oldest
        }
        collector(GarbageCollector.Settings.DEFAULT).collect();
        assertEquals(List.of("done-0", "done-1", "done-2", "done-3", "done-4", "done-5", "done-6", "done-7", "done-8",
                "done-9"), node.destroyed.stream().sorted(java.util.Comparator.comparingInt(
                        id -> Integer.parseInt(id.substring(5)))).toList());
        assertEquals(50, node.count());
    }

    @Test
    void liveAllocationsAreNeverCollectedWhateverTheCount() {
        for (int i = 0; i < 80; i++) {
            node.add("live-" + i, "service", null);
        }
        disk = 99;
        collector(GarbageCollector.Settings.DEFAULT).collect();
        assertTrue(node.destroyed.isEmpty());
        assertEquals(80, node.count());
    }

    @Test
    void aFullDiskCollectsTheOldestTerminalAllocationsOneByOneUntilItIsUnderTheThreshold() {
        for (int i = 0; i < 5; i++) {
            node.add("done-" + i, "batch-" + i, scheduler.nowNanos() - TimeUnit.MINUTES.toNanos(10 - i));
        }
        node.add("live", "service", null);
        disk = 95;
        collector(GarbageCollector.Settings.DEFAULT).collect();
        assertEquals(List.of("done-0", "done-1"), node.destroyed, "95 -> 85 -> 75: under 80 after two");
    }

    @Test
    void aJobIsForgottenOnceDeadForLongerThanJobGcThresholdAndNotBefore() {
        node.add("old-a", "old", hoursAgo(6));
        node.add("old-b", "old", hoursAgo(5));
        node.add("recent-a", "recent", hoursAgo(1));
        node.add("running-done", "running", hoursAgo(8));
        node.add("running-live", "running", null);
        collector(GarbageCollector.Settings.DEFAULT).collect();
        assertEquals(Set.of("old-a", "old-b"), Set.copyOf(node.destroyed), "a job with a live allocation is not dead");

        gc.collectDeadJobs(Duration.ZERO); // system gc: every dead job, whatever its age
        assertEquals(Set.of("old-a", "old-b", "recent-a"), Set.copyOf(node.destroyed));
    }

    @Test
    void aForcedClientCollectionTakesEveryTerminalAllocation() {
        node.add("done", "batch", hoursAgo(0));
        node.add("live", "service", null);
        assertEquals(1, collector(GarbageCollector.Settings.DEFAULT).collectAll());
        assertEquals(List.of("done"), node.destroyed);
    }

    @Test
    void theCollectorRunsEveryInterval() throws Exception {
        for (int i = 0; i < 3; i++) {
            node.add("done-" + i, "batch", hoursAgo(0));
        }
        collector(new GarbageCollector.Settings(Duration.ofMinutes(1), 1, 80, 70, 2, Duration.ofHours(4))).start();
        scheduler.advance(Duration.ofSeconds(59));
        assertTrue(node.destroyed.isEmpty());
        scheduler.advance(Duration.ofSeconds(1));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (node.destroyed.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10); // the pass runs on the collector's own thread
        }
        assertEquals(2, node.destroyed.size(), "3 allocations over a limit of 1");
    }
}
