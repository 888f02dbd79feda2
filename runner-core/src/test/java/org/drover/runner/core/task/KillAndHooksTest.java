package org.drover.runner.core.task;

import static org.drover.runner.core.support.Harness.alloc;
import static org.drover.runner.core.support.Harness.mockTask;
import static org.drover.runner.core.support.Harness.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.drover.driver.mock.MockDriver;
import org.drover.runner.api.driver.Driver;
import org.drover.runner.api.driver.DriverException;
import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.JobType;
import org.drover.runner.api.model.TaskPhase;
import org.drover.runner.api.state.HookState;
import org.drover.runner.api.state.LocalTaskState;
import org.drover.runner.core.hooks.HookContext;
import org.drover.runner.core.hooks.PrestartHook;
import org.drover.runner.core.support.Harness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KillAndHooksTest {

    @TempDir
    Path tmp;

    Harness h;
    final AtomicInteger stopCalls = new AtomicInteger();

    @BeforeEach
    void setUp() {
        h = new Harness(tmp);
    }

    /** The mock driver, except that its first {@code failures} stops fail. */
    void addDriverFailingStops(int failures) {
        h.addDriver(engine -> {
            Driver real = new MockDriver(engine);
            return (Driver) Proxy.newProxyInstance(Driver.class.getClassLoader(), new Class<?>[] {Driver.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("stopTask") && stopCalls.incrementAndGet() <= failures) {
                            return CompletableFuture.failedFuture(new DriverException("stop refused"));
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        });
    }

    TaskRunner start(Allocation alloc) {
        TaskRunner runner = new TaskRunner(alloc, alloc.taskGroup().tasks().get(0), h.context(), (r, s) -> { });
        runner.start();
        h.scheduler.runUntilIdle();
        return runner;
    }

    @Test
    void aFailedKillIsRetriedAfter5sThen20s() {
        addDriverFailingStops(2);
        TaskRunner runner = start(alloc(JobType.SERVICE, policy(2), mockTask("t", Map.of())));
        runner.kill(null);
        h.scheduler.runUntilIdle();
        assertEquals(1, stopCalls.get());
        h.scheduler.advance(Duration.ofSeconds(5));
        assertEquals(2, stopCalls.get());
        h.scheduler.advance(Duration.ofSeconds(19));
        assertEquals(2, stopCalls.get(), "the second retry waits 5s x 4");
        assertEquals(TaskPhase.RUNNING, runner.view().state().phase());
        h.scheduler.advance(Duration.ofSeconds(1));
        assertEquals(3, stopCalls.get());
        assertEquals(List.of("Killing", "Terminated", "Killed"), runner.view().state().eventTypes().subList(3, 6));
        assertEquals(TaskPhase.DEAD, runner.view().state().phase());
    }

    @Test
    void killRetriesStopAsSoonAsTheTaskExits() {
        addDriverFailingStops(Integer.MAX_VALUE);
        TaskRunner runner = start(alloc(JobType.SERVICE, policy(2), mockTask("t", Map.of("run_for", "10s"))));
        runner.kill(null);
        h.scheduler.advance(Duration.ofSeconds(10));
        assertEquals(2, stopCalls.get());
        assertTrue(runner.dead().isDone());
        h.scheduler.advance(Duration.ofMinutes(10));
        assertEquals(2, stopCalls.get(), "no try after the exit");
        assertEquals(List.of("Killing", "Terminated", "Killed"), runner.view().state().eventTypes().subList(3, 6));
    }

    @Test
    void aDepartingDriverFailingARecoverInAnyWayIsWaitedOutNotARestoreFailure() {
        h.addDriver();
        Allocation alloc = alloc(JobType.BATCH, policy(0), mockTask("t", Map.of("run_for", "60s")));
        TaskRunner runner = start(alloc);
        h.removeDriver();
        h.scheduler.runUntilIdle();

        // The next driver leaves while the runner recovers through it, and fails with a plain error.
        int[] key = {0};
        h.addDriver(engine -> (Driver) Proxy.newProxyInstance(Driver.class.getClassLoader(),
                new Class<?>[] {Driver.class}, (proxy, method, args) -> {
                    if (method.getName().equals("recoverTask")) {
                        h.drivers.remove("mock", key[0]);
                        throw new java.util.concurrent.RejectedExecutionException("timer terminated");
                    }
                    return method.invoke(new MockDriver(engine), args);
                }));
        key[0] = 2; // the harness numbers registrations from 1
        h.scheduler.runUntilIdle();
        assertEquals(org.drover.runner.api.alloc.DriverAttachment.WAITING_FOR_DRIVER, runner.view().attachment());

        h.addDriver();
        h.scheduler.advance(Duration.ofSeconds(60));
        assertEquals(List.of("Received", "Task Setup", "Started", "Driver Unavailable", "Task Reattached",
                "Terminated"), runner.view().state().eventTypes());
        assertEquals(1, h.totalStarts());
    }

    @Test
    void aDonePrestartHookIsSkippedOnRestoreButItsEnvIsReapplied() {
        h.addDriver();
        AtomicInteger runs = new AtomicInteger();
        PrestartHook identity = new PrestartHook() {
            @Override
            public String name() {
                return "identity";
            }

            @Override
            public HookState prestart(HookContext context, HookState previous) {
                runs.incrementAndGet();
                return new HookState(true, Map.of(), Map.of("IDENTITY_TOKEN", "t-" + runs.get()));
            }
        };
        Allocation alloc = alloc(JobType.SERVICE, policy(2), mockTask("t", Map.of()));
        RunnerContext base = h.context();
        RunnerContext ctx = new RunnerContext(base.drivers(), base.store(), base.scheduler(), base.config(),
                base.allocRoot(), base.random(), t -> List.of(identity));
        TaskRunner first = new TaskRunner(alloc, alloc.taskGroup().tasks().get(0), ctx, (r, s) -> { });
        first.start();
        h.scheduler.runUntilIdle();
        first.shutdown();
        h.scheduler.runUntilIdle();
        assertEquals(new HookState(true, Map.of(), Map.of("IDENTITY_TOKEN", "t-1")),
                h.store.localState(alloc.id(), "t").orElseThrow().hooks().get("identity"));

        // Restore with a handle that cannot be re-attached, so the task is started again.
        h.store.editLocalState(alloc.id(), "t", l -> l.withHandle(TaskRunnerTest.withVersion(
                l.handle().orElseThrow(), 99)));
        h.removeDriver();
        h.addDriver();
        TaskRunner restored = new TaskRunner(alloc, alloc.taskGroup().tasks().get(0), ctx, (r, s) -> { });
        restored.restore(h.store.taskState(alloc.id(), "t").orElseThrow(),
                h.store.localState(alloc.id(), "t").orElse(LocalTaskState.EMPTY));
        h.scheduler.runUntilIdle();

        assertEquals(1, runs.get(), "a done hook does not run again");
        var env = h.store.localState(alloc.id(), "t").orElseThrow().handle().orElseThrow().config().env();
        assertEquals("t-1", env.get("IDENTITY_TOKEN"));
        assertEquals(alloc.id(), env.get("NOMAD_ALLOC_ID"));
    }
}
