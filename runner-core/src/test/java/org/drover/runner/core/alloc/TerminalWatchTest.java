package org.drover.runner.core.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.drover.driver.mock.MockClock;
import org.drover.driver.mock.MockDriver;
import org.drover.driver.mock.MockEngine;
import org.drover.runner.api.alloc.AllocLayout;
import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.JobType;
import org.drover.runner.api.node.DriverState;
import org.drover.runner.api.node.Node;
import org.drover.runner.api.node.NodeService;
import org.drover.runner.core.drivers.DriverTable;
import org.drover.runner.core.support.Harness;
import org.drover.runner.core.support.MemoryStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;

/** The allocation service tells its watchers when an allocation turns terminal: what it held is free. */
class TerminalWatchTest {

    @TempDir
    Path tmp;

    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    AllocationManager manager;

    @AfterEach
    void close() {
        if (manager != null) {
            manager.deactivate();
        }
        timer.shutdownNow();
    }

    AllocationManager start() {
        DriverTable<Integer> drivers = new DriverTable<>();
        MockClock realTime = new MockClock() {
            @Override
            public long nowMillis() {
                return System.currentTimeMillis();
            }

            @Override
            public Runnable schedule(Duration delay, Runnable action) {
                java.util.concurrent.ScheduledFuture<?> due = timer.schedule(action, delay.toNanos(),
                        TimeUnit.NANOSECONDS);
                return () -> due.cancel(false);
            }
        };
        drivers.add("mock", 1, new MockDriver(new MockEngine(realTime, () -> { })));
        BundleContext bundle = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BundleContext.class}, (p, m, args) -> m.getName().equals("getProperty")
                        && AllocLayout.DATA_DIR_PROPERTY.equals(args[0]) ? tmp.toString() : null);
        CoreSettings.Config config = (CoreSettings.Config) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {CoreSettings.Config.class}, (p, m, args) -> m.getDefaultValue());
        return new AllocationManager(new MemoryStore(), drivers, new FixedNode(), bundle, config);
    }

    @Test
    void aCompletedAndAStoppedAllocationEachTellTheWatchers() {
        manager = start();
        AtomicInteger told = new AtomicInteger();
        manager.watchTerminal(told::incrementAndGet);
        Allocation batch = Harness.alloc(JobType.BATCH, Harness.policy(0),
                Harness.mockTask("t", Map.of("run_for", "10ms")));
        manager.run(batch);
        await(() -> told.get() == 1);

        Allocation service = Harness.alloc(JobType.SERVICE, Harness.policy(0),
                Harness.mockTask("t", Map.of("run_for", "1h")));
        manager.run(service);
        manager.stop(service.id());
        await(() -> told.get() == 2);
        assertEquals(2, told.get());
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10s");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }

    private static final class FixedNode implements NodeService {
        private final Node node = new Node("id", "box", "dc1", "global", "", "default", Map.of("driver.mock", "1"),
                Map.of());

        @Override
        public Node self() {
            return node;
        }

        @Override
        public SortedMap<String, DriverState> drivers() {
            return new TreeMap<>();
        }

        @Override
        public Instant readySince() {
            return Instant.EPOCH;
        }

        @Override
        public AutoCloseable watch(Runnable onChange) {
            return () -> { };
        }
    }
}
