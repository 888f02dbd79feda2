package org.drover.runner.core.task;

import static org.drover.runner.core.support.Harness.alloc;
import static org.drover.runner.core.support.Harness.mockTask;
import static org.drover.runner.core.support.Harness.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.drover.driver.mock.MockDriver;
import org.drover.runner.api.alloc.DriverAttachment;
import org.drover.runner.api.driver.Driver;
import org.drover.runner.api.driver.DriverException;
import org.drover.runner.api.driver.TaskHandle;
import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.JobType;
import org.drover.runner.api.model.TaskPhase;
import org.drover.runner.api.model.TaskState;
import org.drover.runner.api.state.LocalTaskState;
import org.drover.runner.core.support.MockDriverFixture;
import org.junit.jupiter.api.Test;

/**
 * A re-attach that fails never runs the task twice: the earlier run is destroyed from its handle
 * first, and while the driver cannot show it gone the task is held, not started again.
 */
class FailedReattachTest extends MockDriverFixture {

    final AtomicInteger recovers = new AtomicInteger();
    final AtomicInteger destroys = new AtomicInteger();
    /** How many calls of each kind fail before they work; negative: always. */
    volatile int failingRecovers;
    volatile int failingDestroys;

    /** A mock driver whose recovers and destroys fail as the test says. */
    void addFailingDriver() {
        h.removeDriver();
        h.addDriver(engine -> {
            Driver real = new MockDriver(engine);
            return (Driver) Proxy.newProxyInstance(Driver.class.getClassLoader(), new Class<?>[] {Driver.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("recoverTask")
                                && (failingRecovers < 0 || recovers.getAndIncrement() < failingRecovers)) {
                            throw new DriverException("handle unreadable");
                        }
                        if (method.getName().equals("destroyTask")
                                && (failingDestroys < 0 || destroys.getAndIncrement() < failingDestroys)) {
                            throw new DriverException("cannot tell whether pid 4242 is gone");
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        });
    }

    TaskRunner startThenRestore(Allocation alloc) {
        TaskRunner first = new TaskRunner(alloc, alloc.taskGroup().tasks().get(0), h.context(), (r, s) -> { });
        first.start();
        h.scheduler.runUntilIdle();
        first.shutdown();
        h.scheduler.runUntilIdle();
        addFailingDriver();
        TaskRunner restored = new TaskRunner(alloc, alloc.taskGroup().tasks().get(0), h.context(), (r, s) -> { });
        restored.restore(h.store.taskState(alloc.id(), "t").orElseThrow(),
                h.store.localState(alloc.id(), "t").orElse(LocalTaskState.EMPTY));
        h.scheduler.runUntilIdle();
        return restored;
    }

    static List<String> types(TaskRunner r) {
        return r.view().state().eventTypes();
    }

    @Test
    void whileTheEarlierRunCannotBeShownGoneTheTaskIsHeldAndStartedOnlyOnceItIs() {
        failingRecovers = -1;
        failingDestroys = 3;
        Allocation alloc = alloc(JobType.SERVICE, policy(2), mockTask("t", Map.of()));
        TaskRunner restored = startThenRestore(alloc);

        assertEquals(DriverAttachment.HELD, restored.view().attachment());
        assertEquals(List.of("Received", "Task Setup", "Started", "Failed Restoring Task", "Task Held"),
                types(restored));
        assertEquals(1, h.totalStarts(), "no second copy while the first may live");
        TaskHandle kept = h.store.localState(alloc.id(), "t").orElseThrow().handle().orElseThrow();
        assertTrue(!kept.isProvisional(), "the earlier run's handle is kept");

        h.scheduler.advance(Duration.ofSeconds(5 + 20)); // two more failed tries, on the kill retries' backoff
        assertEquals(1, h.totalStarts());
        assertEquals(DriverAttachment.HELD, restored.view().attachment());

        h.scheduler.advance(Duration.ofSeconds(80)); // the fourth destroy works
        assertEquals(List.of("Received", "Task Setup", "Started", "Failed Restoring Task", "Task Held", "Started"),
                types(restored));
        assertEquals(2, h.totalStarts());
        assertEquals(TaskPhase.RUNNING, restored.view().state().phase());
        assertEquals(DriverAttachment.ATTACHED, restored.view().attachment());
    }

    @Test
    void aHeldTaskIsReattachedWhenALaterRecoverWorks() {
        failingRecovers = 1;
        failingDestroys = -1;
        TaskRunner restored = startThenRestore(alloc(JobType.SERVICE, policy(2), mockTask("t", Map.of())));
        assertEquals(DriverAttachment.HELD, restored.view().attachment());

        h.scheduler.advance(Duration.ofSeconds(5));
        assertEquals(DriverAttachment.ATTACHED, restored.view().attachment());
        assertEquals(List.of("Received", "Task Setup", "Started", "Failed Restoring Task", "Task Held",
                "Task Reattached"), types(restored));
        assertEquals(1, h.totalStarts());
    }

    @Test
    void aHeldTaskThatIsKilledIsNeverStartedAgain() {
        failingRecovers = -1;
        failingDestroys = 1;
        TaskRunner restored = startThenRestore(alloc(JobType.SERVICE, policy(2), mockTask("t", Map.of())));
        restored.kill(null);
        h.scheduler.advance(Duration.ofMinutes(1));

        assertTrue(restored.dead().isDone());
        assertEquals(List.of("Received", "Task Setup", "Started", "Failed Restoring Task", "Task Held", "Killing",
                "Killed"), types(restored));
        assertEquals(1, h.totalStarts());
    }

    @Test
    void aFailedReattachWhoseRunIsDestroyedStartsItOnceAndTheDestroyGotTheHandle() {
        failingRecovers = -1;
        Allocation alloc = alloc(JobType.SERVICE, policy(2), mockTask("t", Map.of()));
        TaskHandle before = startedHandle(alloc);
        TaskRunner restored = restoreWithHandleCaptured(alloc);
        assertEquals(List.of("Received", "Task Setup", "Started", "Failed Restoring Task", "Started"),
                types(restored));
        assertEquals(before, destroyedWith, "the driver destroys from the persisted handle, not an ID");
        assertEquals(2, h.totalStarts());
        TaskState state = restored.view().state();
        assertEquals(0, state.restarts());
    }

    @Test
    void aWaitThatFailsHasTheRunDestroyedBeforeTheTaskGoesOnAndIsHeldWhileThatFails() {
        failingDestroys = 1;
        AtomicInteger waits = new AtomicInteger();
        h.removeDriver();
        h.addDriver(engine -> {
            Driver real = new MockDriver(engine);
            return (Driver) Proxy.newProxyInstance(Driver.class.getClassLoader(), new Class<?>[] {Driver.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("waitTask") && waits.getAndIncrement() == 0) {
                            return java.util.concurrent.CompletableFuture.failedFuture(
                                    new DriverException("the engine's event stream broke"));
                        }
                        if (method.getName().equals("destroyTask")
                                && destroys.getAndIncrement() < failingDestroys) {
                            throw new DriverException("cannot tell whether the container is gone");
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        });
        Allocation alloc = alloc(JobType.SERVICE, policy(2), mockTask("t", Map.of()));
        TaskRunner runner = new TaskRunner(alloc, alloc.taskGroup().tasks().get(0), h.context(), (r, s) -> { });
        runner.start();
        h.scheduler.runUntilIdle();
        assertEquals(DriverAttachment.HELD, runner.view().attachment());
        assertEquals(List.of("Received", "Task Setup", "Started", "Task Held"), types(runner));
        assertEquals(1, h.totalStarts(), "not started again while the first run may live");

        h.scheduler.advance(Duration.ofSeconds(5)); // re-attached: the run was there all along
        assertEquals(DriverAttachment.ATTACHED, runner.view().attachment());
        assertEquals(List.of("Received", "Task Setup", "Started", "Task Held", "Task Reattached"), types(runner));
        assertEquals(1, h.totalStarts());
    }

    volatile TaskHandle destroyedWith;

    TaskHandle startedHandle(Allocation alloc) {
        TaskRunner first = new TaskRunner(alloc, alloc.taskGroup().tasks().get(0), h.context(), (r, s) -> { });
        first.start();
        h.scheduler.runUntilIdle();
        first.shutdown();
        h.scheduler.runUntilIdle();
        return h.store.localState(alloc.id(), "t").orElseThrow().handle().orElseThrow();
    }

    TaskRunner restoreWithHandleCaptured(Allocation alloc) {
        h.removeDriver();
        h.addDriver(engine -> {
            Driver real = new MockDriver(engine);
            return (Driver) Proxy.newProxyInstance(Driver.class.getClassLoader(), new Class<?>[] {Driver.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("recoverTask")) {
                            throw new DriverException("handle unreadable");
                        }
                        if (method.getName().equals("destroyTask") && destroyedWith == null) {
                            destroyedWith = (TaskHandle) args[0];
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        });
        TaskRunner restored = new TaskRunner(alloc, alloc.taskGroup().tasks().get(0), h.context(), (r, s) -> { });
        restored.restore(h.store.taskState(alloc.id(), "t").orElseThrow(),
                h.store.localState(alloc.id(), "t").orElse(LocalTaskState.EMPTY));
        h.scheduler.runUntilIdle();
        return restored;
    }
}
