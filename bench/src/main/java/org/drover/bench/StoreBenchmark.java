package org.drover.bench;


import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.drover.runner.api.alloc.AllocLayout;
import org.drover.runner.api.model.TaskEvent;
import org.drover.runner.api.model.TaskPhase;
import org.drover.runner.api.model.TaskState;
import org.drover.state.mapdb.MapDbStateStore;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;

/**
 * P6: durable task-state updates per second from 64 concurrent writers, and
 * their commit latency, through Drover's store (group commit) against the
 * baseline of the same MapDB file committing every update on its own.
 */
final class StoreBenchmark {

    static final int WRITERS = 64;
    private final long seconds;

    StoreBenchmark(boolean quick) {
        this.seconds = quick ? 3 : 10;
    }

    /** One writer's loop body: one durable update. */
    private interface Update {
        void run(int writer, int i) throws Exception;
    }

    record Result(double perSecond, double p50Millis, double p99Millis, long updates) {
    }

    String run() throws Exception {
        Path dir = Files.createTempDirectory("drover-bench-store");
        Result drover;
        try (MapDbStateStore store = MapDbStateStore.open(dir.resolve("state/state.db"), AllocLayout.under(dir).root())) {
            drover = measure((w, i) -> store.putTaskState("bench", "t" + w, state(i)));
        }
        Result baseline;
        DB db = DBMaker.fileDB(dir.resolve("baseline.db").toFile()).transactionEnable().fileChannelEnable().make();
        try {
            var map = db.treeMap("records", Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen();
            byte[] value = new byte[encodedSize()];
            baseline = measure((w, i) -> {
                synchronized (db) {
                    map.put("state/bench/t" + w, value);
                    db.commit();
                }
            });
        } finally {
            db.close();
        }
        return table(drover, baseline);
    }

    private String table(Result drover, Result baseline) {
        boolean met = drover.perSecond() >= 5000 && drover.p99Millis() <= 10;
        return String.format("""
                %d writers, each putting one task state (5 events) at a time and waiting until it is durable, for %d s.

                | | updates/s | p50 commit | p99 commit | updates |
                |---|---|---|---|---|
                | Drover store (group commit) | %.0f | %.2f ms | %.2f ms | %d |
                | baseline: same MapDB file, one commit per update | %.0f | %.2f ms | %.2f ms | %d |
                | ratio | **%.1f×** | | | |

                Target: ≥ 5,000 durable updates/s with p99 commit ≤ 10 ms — %s.
                """, WRITERS, seconds, drover.perSecond(), drover.p50Millis(), drover.p99Millis(), drover.updates(),
                baseline.perSecond(), baseline.p50Millis(), baseline.p99Millis(), baseline.updates(),
                drover.perSecond() / baseline.perSecond(), met ? "met" : "**not met**");
    }

    private Result measure(Update update) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean recording = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(WRITERS);
        Latencies latencies = new Latencies();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            Thread t = new Thread(() -> {
                try {
                    for (int i = 0; !stop.get(); i++) {
                        long start = System.nanoTime();
                        update.run(writer, i);
                        if (recording.get()) {
                            latencies.record(System.nanoTime() - start);
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    done.countDown();
                }
            }, "bench-writer-" + w);
            t.start();
        }
        Thread.sleep(1000); // warm-up, not measured
        recording.set(true);
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000);
        recording.set(false);
        double elapsed = (System.nanoTime() - start) / 1e9;
        stop.set(true);
        done.await();
        long total = latencies.count();
        return new Result(total / elapsed, latencies.percentileMillis(0.50), latencies.percentileMillis(0.99), total);
    }

    static TaskState state(int i) {
        TaskState s = TaskState.initial().withPhase(TaskPhase.RUNNING, i);
        for (int e = 0; e < 5; e++) {
            s = s.withEvent(TaskEvent.started(i), 10);
        }
        return s;
    }

    /** About the size of an encoded {@link #state}, for the baseline's values. */
    private static int encodedSize() {
        return 5 * (7 + 8 + 22 + 4 + 1 + 8) + 40;
    }

}
