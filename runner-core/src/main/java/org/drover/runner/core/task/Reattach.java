package org.drover.runner.core.task;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.drover.runner.api.alloc.DriverAttachment;
import org.drover.runner.api.driver.Driver;
import org.drover.runner.api.driver.DriverUnavailableException;
import org.drover.runner.api.driver.TaskHandle;
import org.drover.runner.api.driver.TaskNotFoundException;
import org.drover.runner.api.model.TaskEvent;
import org.drover.runner.api.model.TaskPhase;
import org.drover.runner.api.model.TaskState;
import org.drover.runner.api.state.LocalTaskState;
import org.drover.runner.core.exec.Cancellable;
import org.drover.runner.core.task.TaskCore.Attachment;
import org.drover.runner.core.task.TaskCore.Step;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Taking a run up again from its persisted handle: after an agent restart, when its driver left and
 * one of the same name returns, and after a start whose driver left during it (a provisional handle:
 * the driver says whether the start happened). A run that cannot be re-attached is destroyed before
 * the task starts again, and held while the destroy fails. On the runner's thread only.
 */
final class Reattach {

    private static final Logger LOG = LoggerFactory.getLogger(Reattach.class);

    private final TaskCore t;
    private Cancellable driverWaitTimer = Cancellable.NONE;
    private Cancellable heldRetry = Cancellable.NONE;
    private CompletableFuture<Driver> driverRequest;
    /** Destroys of an earlier run that failed in a row; the task is held while it is above zero. */
    private int heldAttempts;

    Reattach(TaskCore core) {
        this.t = core;
    }

    /** Takes up a task from the store; {@code stopped}: its allocation's stop was acknowledged. */
    void restore(TaskState stored, LocalTaskState storedLocal, boolean stopped) {
        t.record.restore(stored, storedLocal);
        if (stored.dead() || storedLocal.runComplete()) {
            // Finished work is never run again.
            t.step = Step.DONE;
            t.publish();
            t.dead.complete(null);
            return;
        }
        if (storedLocal.killRequested()) {
            t.kill.restoreRequested();
        } else if (stopped) {
            t.kill.record(null); // the stop was acknowledged before the agent could begin the kill
        }
        if (storedLocal.handle().isPresent()) {
            t.step = Step.RUNNING;
            t.attachment = new Attachment(storedLocal.handle().get(), null);
            t.hookEnv.putAll(t.hooks.restoredEnv(storedLocal));
            Optional<Driver> driver = t.ctx.drivers().find(t.task.driver());
            if (driver.isPresent()) {
                recover(driver.get(), false);
            } else {
                t.attachmentStatus = DriverAttachment.WAITING_FOR_DRIVER;
                t.emit(TaskEvent.driverUnavailable(t.now(), t.task.driver(), t.ctx.config().driverWaitTimeout()));
                awaitDriver();
            }
            return;
        }
        t.launch.runOnce(); // a task whose kill was requested is not started: it is recorded killed
    }

    /** The attached run's driver left: the task keeps running, and the runner waits for another. */
    void onDriverGone() {
        if (t.attachment == null || t.step == Step.SHUTDOWN) {
            return;
        }
        t.generation++;
        t.goneListener.cancel(false);
        t.attachment = new Attachment(t.attachment.handle(), null);
        t.attachmentStatus = DriverAttachment.WAITING_FOR_DRIVER;
        t.publish();
        t.emit(TaskEvent.driverUnavailable(t.now(), t.task.driver(), t.ctx.config().driverWaitTimeout()));
        awaitDriver();
    }

    /** Waits for a driver of the task's name, Driver Lost after driver_wait_timeout, and recovers through it. */
    void awaitDriver() {
        long gen = t.generation;
        Duration wait = t.ctx.config().driverWaitTimeout();
        driverWaitTimer.cancel();
        driverWaitTimer = t.ctx.scheduler().schedule(wait, () -> t.serial.execute(() -> {
            if (gen == t.generation && t.attachmentStatus == DriverAttachment.WAITING_FOR_DRIVER) {
                t.attachmentStatus = DriverAttachment.DRIVER_LOST;
                t.emit(TaskEvent.driverLost(t.now(), t.task.driver(), wait));
            }
        }));
        driverRequest = t.ctx.drivers().whenAvailable(t.task.driver());
        driverRequest.thenAccept(d -> t.serial.execute(() -> {
            if (gen == t.generation && t.step != Step.SHUTDOWN) {
                recover(d, true);
            }
        }));
    }

    /** Re-attaches through {@code driver}; {@code announce} records a Task Reattached event. */
    private void recover(Driver driver, boolean announce) {
        TaskHandle handle = t.attachment.handle();
        long gen = t.generation;
        t.calls.run(() -> driver.recoverTask(handle)).whenComplete((v, error) -> t.serial.execute(() -> {
            if (gen != t.generation || t.step == Step.SHUTDOWN) {
                return;
            }
            if (error != null) {
                onRecoverError(driver, handle, DriverCalls.unwrap(error));
                return;
            }
            if (announce) {
                t.emit(TaskEvent.reattached(t.now(), t.task.driver()));
            }
            heldAttempts = 0;
            if (t.record.state().phase() != TaskPhase.RUNNING) {
                // The agent died after persisting the handle but before recording the start:
                // the task did start, and this is the first time that is written down.
                t.record.transition(TaskPhase.RUNNING, t.now(), TaskEvent.started(t.now()));
            }
            t.watch.attach(driver, handle);
            t.kill.resume();
        }));
    }

    private void onRecoverError(Driver driver, TaskHandle handle, Throwable e) {
        if (e instanceof DriverUnavailableException || t.ctx.drivers().isGone(driver)) {
            // That driver instance is itself going away (an update followed by a refresh), and
            // a departing driver may fail in any way: the registry, not its error, says so.
            // Not a failed restore; wait for the next one.
            t.attachmentStatus = DriverAttachment.WAITING_FOR_DRIVER;
            awaitDriver();
            return;
        }
        if (handle.isProvisional() && e instanceof TaskNotFoundException) {
            // The agent died before the start happened: start it now, once.
            t.detach();
            t.record.handle(null);
            t.launch.runOnce();
            return;
        }
        onRecoverFailed(driver, handle, e);
    }

    /**
     * Nomad's rule: a running task that cannot be re-attached is destroyed and started again. Drover
     * starts it again only once the driver has shown the earlier run gone; until then the task is
     * held, so it never runs twice.
     */
    private void onRecoverFailed(Driver driver, TaskHandle handle, Throwable error) {
        if (heldAttempts == 0) {
            LOG.warn("Task {} of allocation {} could not be re-attached: {}", t.name, t.alloc.id(),
                    DriverCalls.message(error));
            t.emit(TaskEvent.failedRestoring(t.now(), DriverCalls.message(error)));
        }
        long gen = t.generation;
        t.calls.run(() -> driver.destroyTask(handle, true)).whenComplete((v, e) -> t.serial.execute(() -> {
            if (gen != t.generation || t.step == Step.SHUTDOWN) {
                return;
            }
            if (e == null) {
                heldAttempts = 0;
                t.detach();
                t.record.handle(null);
                t.record.phase(TaskPhase.PENDING, t.now());
                t.launch.runOnce();
            } else {
                hold(DriverCalls.message(e));
            }
        }));
    }

    /** Keeps the handle and tries again later: a re-attach first, the destroy if that fails too. */
    void hold(String error) {
        Duration retry = t.ctx.config().killRetryDelay(heldAttempts);
        if (heldAttempts == 0) {
            LOG.error("Task {} of allocation {} is held: its earlier run could not be destroyed: {}", t.name,
                    t.alloc.id(), error);
            t.emit(TaskEvent.held(t.now(), error, retry));
        }
        heldAttempts++;
        t.attachmentStatus = DriverAttachment.HELD;
        t.publish();
        long gen = t.generation;
        heldRetry = t.ctx.scheduler().schedule(retry, () -> t.serial.execute(() -> {
            if (gen == t.generation && t.step != Step.SHUTDOWN) {
                Optional<Driver> driver = t.ctx.drivers().find(t.task.driver());
                if (driver.isPresent()) {
                    recover(driver.get(), true);
                } else {
                    t.attachmentStatus = DriverAttachment.WAITING_FOR_DRIVER;
                    awaitDriver();
                }
            }
        }));
    }

    /** A driver is there (or no run is left to wait for): Driver Lost no longer applies. */
    void endDriverWait() {
        driverWaitTimer.cancel();
    }

    /** The attachment ended, or the agent stops: no wait for a driver, and no held retry, goes on. */
    void stopWaiting() {
        driverWaitTimer.cancel();
        heldRetry.cancel();
        if (driverRequest != null) {
            driverRequest.cancel(false);
            driverRequest = null;
        }
    }
}
