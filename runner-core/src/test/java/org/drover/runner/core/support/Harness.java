package org.drover.runner.core.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.drover.driver.mock.MockClock;
import org.drover.driver.mock.MockDriver;
import org.drover.driver.mock.MockEngine;
import org.drover.runner.api.driver.Driver;
import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.Job;
import org.drover.runner.api.model.JobType;
import org.drover.runner.api.model.RestartPolicy;
import org.drover.runner.api.model.Task;
import org.drover.runner.api.model.TaskGroup;
import org.drover.runner.api.model.TaskState;
import org.drover.runner.api.state.StateStore;
import org.drover.runner.core.alloc.AllocRunner;
import org.drover.runner.core.alloc.DefaultHooks;
import org.drover.runner.core.drivers.DriverTable;
import org.drover.runner.core.task.RunnerConfig;
import org.drover.runner.core.task.RunnerContext;

/**
 * A runner's world without OSGi: virtual time, an in-memory store, a driver
 * table, and the mock driver on virtual time. "Restarting the agent" keeps the
 * store and the task directories and replaces everything else.
 */
public final class Harness {

    public final ManualScheduler scheduler = new ManualScheduler();
    public final MemoryStore store = new MemoryStore();
    /** The store runners use; the in-memory one unless a test brings a real one. */
    public StateStore backing = store;
    public final DriverTable<Integer> drivers = new DriverTable<>();
    public final Path allocRoot;
    public RunnerConfig config = RunnerConfig.DEFAULT.withEventCap(100);
    public MockEngine engine;
    private int driverKey;
    private final List<MockEngine> engines = new ArrayList<>();

    public Harness(Path allocRoot) {
        this.allocRoot = allocRoot;
    }

    public RunnerContext context() {
        return new RunnerContext(drivers, backing, scheduler, config, allocRoot, () -> 0.0, new DefaultHooks(config));
    }

    /** Runs {@code alloc} and lets virtual time go on until nothing more is due. */
    public AllocRunner run(Allocation alloc) {
        AllocRunner runner = new AllocRunner(alloc, context());
        runner.run();
        scheduler.runUntilIdle();
        return runner;
    }

    /** Restores a runner for the first stored allocation, as an agent coming back does. */
    public AllocRunner restore() {
        AllocRunner restored = new AllocRunner(backing.allocations().get(0), context());
        restored.restore();
        return restored;
    }

    /** The agent comes back after a crash: a fresh mock driver engine, and the stored allocation restored. */
    public AllocRunner restartAgent() {
        removeDriver();
        addDriver();
        return restore();
    }

    /** Registers a new mock driver (a fresh engine, as after a bundle update or an agent restart). */
    public MockEngine addDriver() {
        return addDriver(MockDriver::new);
    }

    /** Registers a driver built around a fresh engine, e.g. a wrapper that misbehaves. */
    public MockEngine addDriver(java.util.function.Function<MockEngine, Driver> build) {
        engine = new MockEngine(clock(), () -> { });
        engines.add(engine);
        drivers.add("mock", ++driverKey, build.apply(engine));
        return engine;
    }

    /** Registers a mock driver under another name, beside the {@code mock} one. */
    public MockEngine addDriver(String name, java.util.function.Function<MockEngine, Driver> build) {
        MockEngine other = new MockEngine(clock(), () -> { });
        engines.add(other);
        drivers.add(name, ++driverKey, build.apply(other));
        return other;
    }

    /** Unregisters the mock driver, then shuts its engine down, in the order DS does. */
    public void removeDriver() {
        drivers.remove("mock", driverKey);
        engine.shutdown();
    }

    public int totalStarts() {
        return engines.stream().mapToInt(MockEngine::starts).sum();
    }

    private MockClock clock() {
        return new MockClock() {
            @Override
            public long nowMillis() {
                return scheduler.nowNanos() / 1_000_000;
            }

            @Override
            public Runnable schedule(Duration delay, Runnable action) {
                return scheduler.schedule(delay, action)::cancel;
            }
        };
    }

    /** A task's events as {@code type: message} lines, what the event-sequence tests compare. */
    public static List<String> messages(TaskState state) {
        return state.events().stream().map(e -> e.type() + ": " + e.message()).toList();
    }

    public static Task mockTask(String name, Map<String, Object> config) {
        return Task.of(name, "mock", config);
    }

    public static Allocation alloc(JobType type, RestartPolicy policy, Task... tasks) {
        TaskGroup group = new TaskGroup("g", 1, policy, Map.of(), List.of(tasks));
        return new Allocation(UUID.randomUUID().toString(), Job.of("job", type, List.of(group)), "g", 0);
    }

    public static RestartPolicy policy(int attempts) {
        return new RestartPolicy(attempts, Duration.ofMinutes(30), Duration.ofSeconds(15), RestartPolicy.Mode.FAIL);
    }
}
