package org.drover.runner.core.task;

import org.drover.runner.api.alloc.DriverAttachment;
import org.drover.runner.api.driver.Driver;
import org.drover.runner.api.driver.DriverUnavailableException;
import org.drover.runner.api.driver.ExitResult;
import org.drover.runner.api.driver.TaskHandle;
import org.drover.runner.api.model.TaskEvent;
import org.drover.runner.api.model.TaskPhase;
import org.drover.runner.core.restart.RestartDecision;
import org.drover.runner.core.task.TaskCore.Attachment;
import org.drover.runner.core.task.TaskCore.Step;

/**
 * An attached run: waits for its exit, and the restart policy's decision after it (a restart
 * delay, or death). On the runner's thread only.
 */
final class Watch {

    private final TaskCore t;

    Watch(TaskCore core) {
        this.t = core;
    }

    /** Attaches to {@code handle} through {@code driver}: its exit and its driver leaving now count. */
    void attach(Driver driver, TaskHandle handle) {
        long gen = ++t.generation;
        t.attachment = new Attachment(handle, driver);
        t.attachmentStatus = DriverAttachment.ATTACHED;
        t.reattach.endDriverWait();
        t.publish();
        // waitTask must not block, but a driver that does holds its own lane, not the runners'.
        t.calls.waiting(() -> driver.waitTask(handle.taskId()))
                .whenComplete((result, error) -> t.serial.execute(() -> {
                    if (gen == t.generation) {
                        onWaitDone(result, error);
                    }
                }));
        t.goneListener = t.ctx.drivers().whenGone(driver);
        t.goneListener.thenRun(() -> t.serial.execute(() -> {
            if (gen == t.generation) {
                t.reattach.onDriverGone();
            }
        }));
    }

    private void onWaitDone(ExitResult result, Throwable error) {
        if (error == null) {
            onExit(result);
            return;
        }
        Throwable e = DriverCalls.unwrap(error);
        if (e instanceof DriverUnavailableException) {
            t.reattach.onDriverGone();
            return;
        }
        // The driver lost its hold on a run that may still live: as for a failed re-attach, the run
        // is destroyed before anything else happens, and the task held while that fails.
        TaskHandle handle = t.attachment.handle();
        Driver driver = t.attachment.driver();
        String why = "failed to wait for task: " + DriverCalls.message(e);
        long gen = t.generation;
        t.calls.run(() -> driver.destroyTask(handle, true)).whenComplete((v, de) -> t.serial.execute(() -> {
            if (gen != t.generation || t.step == Step.SHUTDOWN) {
                return;
            }
            if (de == null) {
                onExit(ExitResult.failed(why));
            } else {
                t.reattach.hold(why + "; " + DriverCalls.message(de));
            }
        }));
    }

    private void onExit(ExitResult result) {
        Attachment ended = t.attachment;
        t.detach();
        t.timer.cancel();
        t.emit(TaskEvent.terminated(t.now(), result.exitCode(), result.signal(), result.oomKilled(), result.error()));
        t.hooks.exited();
        if (t.kill.requested()) {
            t.kill.finish();
        } else {
            t.tracker.setExitResult(result);
            decide();
        }
        // The run's handle goes only after the decision is written, and the run's remains (its exit
        // among them) only once that is durable: an agent that dies in between finds the exit again
        // through the handle and decides the same, instead of starting a task that had finished.
        if (t.step == Step.RESTART_WAIT) {
            t.record.handle(null);
        }
        // Nomad destroys a task in its driver once it has exited, releasing what the driver holds.
        t.record.durable().thenRun(() -> t.calls.run(() -> ended.driver().destroyTask(ended.handle(), true)));
    }

    /** The restart policy's answer to the run that just ended. */
    void decide() {
        RestartDecision decision = t.tracker.next();
        switch (decision.outcome()) {
            case KILLED, TERMINATED -> finish();
            case NOT_RESTARTING -> {
                t.emit(TaskEvent.notRestarting(t.now(), decision.reason()));
                finish();
            }
            case RESTARTING -> {
                t.record.transition(TaskPhase.PENDING, t.now(),
                        TaskEvent.restarting(t.now(), decision.delay(), decision.reason()));
                t.step = Step.RESTART_WAIT;
                t.timer = t.ctx.scheduler().schedule(decision.delay(), () -> t.serial.execute(t.launch::runOnce));
            }
        }
    }

    /** Dead for good: never run again, not even after a restore. */
    void finish() {
        t.step = Step.DONE;
        t.timer.cancel();
        t.reattach.endDriverWait();
        t.record.phase(TaskPhase.DEAD, t.now());
        t.record.local(t.record.local().completed());
        t.hooks.stop();
        t.publish();
        // Whoever waits for the death (a stop with wait, a job replacing this one) then sees it.
        t.record.durable().thenRun(() -> t.dead.complete(null));
    }
}
