package org.drover.runner.core.task;

import static org.drover.runner.core.support.Harness.alloc;
import static org.drover.runner.core.support.Harness.messages;
import static org.drover.runner.core.support.Harness.mockTask;
import static org.drover.runner.core.support.Harness.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.drover.driver.mock.MockDriver;
import org.drover.runner.api.driver.Driver;
import org.drover.runner.api.driver.TaskHandle;
import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.JobType;
import org.drover.runner.api.model.TaskPhase;
import org.drover.runner.api.model.TaskState;
import org.drover.runner.core.alloc.DefaultHooks;
import org.drover.runner.core.exec.PooledScheduler;
import org.drover.runner.core.exec.StartGate;
import org.drover.runner.core.exec.StartGates;
import org.drover.runner.core.support.Harness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * R4: drivers that misbehave. One that throws from every task call, one that
 * hands back handles that are no handles, one that hangs in its start or its
 * stop: each fails the task it was given, or keeps retrying, and never takes
 * the task runner down; a hung call is bounded by the call timeout.
 */
class MisbehavingDriverTest {

    private static final Set<String> TASK_CALLS = Set.of("startTask", "recoverTask", "waitTask", "stopTask",
            "destroyTask", "inspectTask", "taskStats", "signalTask", "execTask");

    @TempDir
    Path tmp;

    Harness h;
    PooledScheduler pooled;
    final CountDownLatch never = new CountDownLatch(1);

    interface Misbehaviour {
        /** What the call does instead, or {@code null} to let the mock driver answer. */
        Object instead(Method method, Object[] args) throws Throwable;
    }

    @BeforeEach
    void setUp() {
        h = new Harness(tmp);
    }

    @AfterEach
    void tearDown() {
        never.countDown();
        if (pooled != null) {
            pooled.close();
        }
    }

    void addDriver(Misbehaviour misbehaviour) {
        h.addDriver(engine -> {
            Driver real = new MockDriver(engine);
            return (Driver) Proxy.newProxyInstance(Driver.class.getClassLoader(), new Class<?>[] {Driver.class},
                    (proxy, method, args) -> {
                        Object instead = misbehaviour.instead(method, args);
                        if (instead != null) {
                            return instead;
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        });
    }

    TaskRunner start(Allocation alloc, RunnerContext context) {
        TaskRunner runner = new TaskRunner(alloc, alloc.taskGroup().tasks().get(0), context, (r, s) -> { });
        runner.start();
        return runner;
    }

    @Test
    void aDriverThrowingFromEveryTaskCallFailsTheTaskAndNothingElse() {
        addDriver((method, args) -> {
            if (TASK_CALLS.contains(method.getName())) {
                throw new IllegalStateException("boom from " + method.getName());
            }
            return null;
        });
        TaskRunner runner = start(alloc(JobType.BATCH, policy(1), mockTask("t", Map.of())), h.context());
        h.scheduler.advance(Duration.ofMinutes(5));

        assertTrue(runner.dead().isDone());
        TaskState state = runner.view().state();
        assertEquals(TaskPhase.DEAD, state.phase());
        assertTrue(state.failed());
        // As in Nomad, an error the driver does not mark recoverable is not retried.
        assertEquals(List.of("Received", "Task Setup", "Driver Failure", "Not Restarting"), state.eventTypes());
        assertEquals("Driver Failure: boom from startTask", messages(state).get(2));
        assertEquals(0, h.totalStarts());
    }

    @Test
    void aHandleThatIsNoHandleFailsTheStart() {
        addDriver((method, args) -> method.getName().equals("startTask") ? new TaskHandle(1, "mock", null, null) : null);
        TaskRunner runner = start(alloc(JobType.BATCH, policy(0), mockTask("t", Map.of())), h.context());
        h.scheduler.advance(Duration.ofMinutes(1));

        assertTrue(runner.dead().isDone());
        TaskState state = runner.view().state();
        assertTrue(state.failed());
        assertEquals(List.of("Received", "Task Setup", "Driver Failure", "Not Restarting"), state.eventTypes());
    }

    RunnerContext realTime(Duration callTimeout) {
        return realTime(callTimeout, StartGates.unlimited());
    }

    RunnerContext realTime(Duration callTimeout, StartGates starts) {
        pooled = new PooledScheduler(2, 4);
        RunnerConfig c = h.config;
        RunnerConfig config = new RunnerConfig(c.eventCap(), c.maxKillTimeout(), Duration.ofMillis(100),
                Duration.ofMillis(400), c.killAttempts(), c.driverWaitTimeout(), callTimeout, c.statsInterval());
        return new RunnerContext(h.drivers, h.store, pooled, config, tmp, () -> 0.0, new DefaultHooks(config),
                starts);
    }

    static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void aStartThatHangsIsBoundedByTheCallTimeout() throws Exception {
        addDriver((method, args) -> {
            if (method.getName().equals("startTask")) {
                never.await();
            }
            return null;
        });
        TaskRunner runner = start(alloc(JobType.BATCH, policy(0), mockTask("t", Map.of())),
                realTime(Duration.ofMillis(300)));
        await(() -> runner.dead().isDone(), "the task to be given up");

        TaskState state = runner.view().state();
        assertTrue(state.failed());
        assertEquals(List.of("Received", "Task Setup", "Driver Failure", "Not Restarting"), state.eventTypes());
        assertEquals("Driver Failure: driver call timed out", messages(state).get(2));
    }

    @Test
    void aStopThatHangsIsRetriedAndTheRunnerStaysResponsive() throws Exception {
        int[] stops = {0};
        addDriver((method, args) -> {
            if (method.getName().equals("stopTask")) {
                synchronized (stops) {
                    stops[0]++;
                }
                never.await();
            }
            return null;
        });
        TaskRunner runner = start(alloc(JobType.SERVICE, policy(0), mockTask("t", Map.of())),
                realTime(Duration.ofMillis(200)));
        await(() -> runner.view().state().phase() == TaskPhase.RUNNING, "the task to run");
        runner.kill(null);
        await(() -> {
            synchronized (stops) {
                return stops[0] >= 2;
            }
        }, "the stop to be tried again after each timeout");

        assertEquals(TaskPhase.RUNNING, runner.view().state().phase(), "a stop that never returned kills nothing");
        assertTrue(runner.view().state().eventTypes().contains("Killing"));
    }

    @Test
    void aDriverWhoseStatsHangPilesUpNoPollsAndStarvesNoOtherDriver() throws Exception {
        AtomicInteger statsEntered = new AtomicInteger();
        addDriver((method, args) -> {
            if (method.getName().equals("taskStats")) {
                statsEntered.incrementAndGet();
                never.await();
            }
            return null;
        });
        h.addDriver("other", MockDriver::new);
        pooled = new PooledScheduler(2, 4);
        RunnerConfig c = h.config;
        RunnerConfig config = new RunnerConfig(c.eventCap(), c.maxKillTimeout(), Duration.ofMillis(100),
                Duration.ofMillis(400), c.killAttempts(), c.driverWaitTimeout(), Duration.ofMillis(200),
                Duration.ofMillis(10));
        RunnerContext context = new RunnerContext(h.drivers, h.store, pooled, config, tmp, () -> 0.0,
                new DefaultHooks(config));
        List<TaskRunner> hanging = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            hanging.add(start(alloc(JobType.SERVICE, policy(0), mockTask("t", Map.of())), context));
        }
        await(() -> statsEntered.get() >= PooledScheduler.POLL_THREADS, "the hanging driver's polls to fill its lane");

        List<TaskRunner> others = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            others.add(start(alloc(JobType.SERVICE, policy(0),
                    org.drover.runner.api.model.Task.of("t", "other", Map.of())), context));
        }
        await(() -> others.stream().allMatch(r -> r.view().state().phase() == TaskPhase.RUNNING),
                "the other driver's tasks to start");
        others.forEach(r -> r.kill(null));
        hanging.forEach(r -> r.kill(null));
        await(() -> others.stream().allMatch(r -> r.dead().isDone()), "the other driver's tasks to be killed");
        await(() -> hanging.stream().allMatch(r -> r.dead().isDone()),
                "the hanging driver's own kills, which never wait for its polls");

        // Each poll after the first two found the lane full or its task's last read out: skipped, not queued.
        assertEquals(PooledScheduler.POLL_THREADS, statsEntered.get());
    }

    @Test
    void aStartThatReturnsAfterItsTimeoutHasItsRunDestroyed() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<TaskHandle> destroyed = new java.util.concurrent.atomic.AtomicReference<>();
        h.addDriver(engine -> {
            Driver real = new MockDriver(engine);
            return (Driver) Proxy.newProxyInstance(Driver.class.getClassLoader(), new Class<?>[] {Driver.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("startTask")) {
                            release.await();
                        }
                        if (method.getName().equals("destroyTask")) {
                            destroyed.set((TaskHandle) args[0]);
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        });
        TaskRunner runner = start(alloc(JobType.BATCH, policy(0), mockTask("t", Map.of())),
                realTime(Duration.ofMillis(300)));
        await(() -> runner.dead().isDone(), "the start to be given up");
        assertEquals(null, destroyed.get());

        release.countDown(); // the driver's start comes back after all, with a run nobody tracks
        await(() -> destroyed.get() != null, "the late run to be destroyed");
        assertEquals(runner.view().state().eventTypes(), List.of("Received", "Task Setup", "Driver Failure",
                "Not Restarting"));
    }

    @Test
    void aDriverLeavingDuringAStartIsAskedAboutTheRunOnceItIsBack() {
        h.addDriver(engine -> {
            Driver real = new MockDriver(engine);
            return (Driver) Proxy.newProxyInstance(Driver.class.getClassLoader(), new Class<?>[] {Driver.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("startTask")) {
                            h.drivers.remove("mock", 1); // the bundle goes while it starts the task
                            throw new org.drover.runner.api.driver.DriverUnavailableException("mock");
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        });
        Allocation alloc = alloc(JobType.SERVICE, policy(0), mockTask("t", Map.of()));
        TaskRunner runner = start(alloc, h.context());
        h.scheduler.runUntilIdle();
        assertEquals(org.drover.runner.api.alloc.DriverAttachment.WAITING_FOR_DRIVER, runner.view().attachment());
        assertTrue(h.store.localState(alloc.id(), "t").orElseThrow().handle().orElseThrow().isProvisional(),
                "the start may have happened: its provisional handle is kept");

        h.addDriver(); // the mock finds no run for the provisional handle: the start never happened
        h.scheduler.runUntilIdle();
        assertEquals(List.of("Received", "Task Setup", "Driver Unavailable", "Started"),
                runner.view().state().eventTypes());
        assertEquals(1, h.totalStarts());
    }

    @Test
    void aStartBeyondTheNodesCapWaitsAndAHungStartHoldsItsSlotOnlyUntilTheCallTimeout() throws Exception {
        AtomicInteger entered = new AtomicInteger();
        addDriver((method, args) -> {
            if (method.getName().equals("startTask") && entered.incrementAndGet() == 1) {
                never.await();
            }
            return null;
        });
        StartGates gates = new StartGates(1);
        StartGate gate = gates.of("mock");
        RunnerContext context = realTime(Duration.ofMillis(500), gates);
        TaskRunner hung = start(alloc(JobType.BATCH, policy(0), mockTask("t", Map.of())), context);
        await(() -> entered.get() == 1, "the first start to reach the driver");
        TaskRunner next = start(alloc(JobType.SERVICE, policy(0), mockTask("t", Map.of())), context);
        await(() -> gate.waiting() == 1, "the second start to queue for the slot");
        assertEquals(1, entered.get(), "no second start in flight past a cap of one");

        await(() -> next.view().state().phase() == TaskPhase.RUNNING, "the second task to run once the slot frees");
        assertEquals(2, entered.get());
        assertTrue(hung.dead().isDone());
        assertEquals("Driver Failure: driver call timed out", messages(hung.view().state()).get(2));
    }
}
