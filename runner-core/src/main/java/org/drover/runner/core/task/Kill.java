package org.drover.runner.core.task;

import java.time.Duration;

import org.drover.runner.api.driver.Driver;
import org.drover.runner.api.driver.DriverUnavailableException;
import org.drover.runner.api.driver.TaskHandle;
import org.drover.runner.api.driver.TaskNotFoundException;
import org.drover.runner.api.model.TaskEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task's kill, from the request to Killed: its record, preKill hooks and shutdown_delay, the kill
 * signal and its retries. Owns the task's {@link KillStage}. On the runner's thread only.
 */
final class Kill {

    private static final Logger LOG = LoggerFactory.getLogger(Kill.class);

    private final TaskCore t;
    private KillStage stage = KillStage.NONE;

    Kill(TaskCore core) {
        this.t = core;
    }

    /** Whether a kill was asked for: the task is then never started again. */
    boolean requested() {
        return stage.requested();
    }

    /** A kill the store held: it goes on after the re-attach, from its preKill hooks. */
    void restoreRequested() {
        stage = KillStage.REQUESTED;
        t.tracker.setKilled();
    }

    void request(TaskEvent reason) {
        if (t.ended() || stage.requested()) {
            return;
        }
        record(reason);
        switch (t.step) {
            case NEW -> finish();
            case RESTART_WAIT -> {
                t.timer.cancel();
                finish();
            }
            case RUNNING -> {
                if (t.attached()) {
                    begin();
                }
                // else: waiting for the driver; re-attaching continues the kill
            }
            default -> {
                // STARTING: the kill continues once the start returns
            }
        }
    }

    /**
     * The kill is recorded with the task, so a restarted agent finishes it and never starts the task
     * again. Its events are written first: a task's writes become durable in order, so a kill the
     * store holds is never one whose Killing event a crash took. {@code reason} may be null.
     */
    void record(TaskEvent reason) {
        if (reason != null) {
            t.emit(reason);
        }
        t.emit(TaskEvent.killing(t.now(), t.killTimeout(), ""));
        stage = KillStage.REQUESTED;
        t.tracker.setKilled();
        t.record.local(t.record.local().withKillRequested());
    }

    /** Once the task is attached again (started, or re-attached): a kill asked for meanwhile goes on. */
    void resume() {
        if (stage.signalled()) {
            stopAttempt(0);
        } else if (stage.requested()) {
            begin();
        }
    }

    /** preKill hooks and shutdown_delay, then the kill signal. */
    private void begin() {
        t.hooks.preKill();
        Duration delay = t.task.shutdownDelay();
        if (delay.isZero() || delay.isNegative()) {
            send();
            return;
        }
        t.emit(TaskEvent.waitingShutdownDelay(t.now(), delay));
        t.timer = t.ctx.scheduler().schedule(delay, () -> t.serial.execute(this::send));
    }

    private void send() {
        stage = KillStage.SIGNALLED;
        long gen = t.generation;
        // The signal goes once the kill is durable: should the agent die after the task has died
        // of it, the next agent must see a killed task, not one to restart.
        t.record.durable().thenRun(() -> t.serial.execute(() -> {
            if (gen == t.generation) {
                stopAttempt(0);
            }
        }));
    }

    /**
     * Tries to stop the task; a failed try is retried after 5s·4^i (capped at
     * 2m), up to 5 tries. The task exiting ends the retries (its exit cancels the timer).
     */
    private void stopAttempt(int attempt) {
        if (!t.attached()) {
            return; // exited, or the driver left: re-attaching resumes the kill
        }
        long gen = t.generation;
        TaskHandle h = t.attachment.handle();
        Driver d = t.attachment.driver();
        t.calls.compose(() -> d.stopTask(h.taskId(), t.killTimeout(), t.task.killSignal()), t.killTimeout())
                .whenComplete((v, error) -> t.serial.execute(() -> {
                    if (error == null || gen != t.generation) {
                        return; // the exit arrives through waitTask
                    }
                    onStopFailed(attempt, DriverCalls.unwrap(error));
                }));
    }

    private void onStopFailed(int attempt, Throwable error) {
        if (error instanceof TaskNotFoundException) {
            t.detach(); // "task not found" counts as killed
            t.record.handle(null);
            finish();
            return;
        }
        if (error instanceof DriverUnavailableException) {
            return; // the registry reports the driver gone; re-attaching resumes the kill
        }
        if (attempt + 1 < t.ctx.config().killAttempts()) {
            Duration delay = t.ctx.config().killRetryDelay(attempt);
            LOG.warn("Kill of task {} failed (try {}), retrying in {}: {}", t.name, attempt + 1, delay,
                    DriverCalls.message(error));
            t.timer = t.ctx.scheduler().schedule(delay, () -> t.serial.execute(() -> stopAttempt(attempt + 1)));
            return;
        }
        t.emit(TaskEvent.killed(t.now(), "failed to kill task: " + DriverCalls.message(error)));
        stage = KillStage.GAVE_UP; // and keep waiting: the task may still exit
    }

    /** Killed (unless a failed kill recorded it already), and the task is dead. */
    void finish() {
        if (!stage.announced()) {
            t.emit(TaskEvent.killed(t.now(), ""));
        }
        stage = KillStage.KILLED;
        t.watch.finish();
    }
}
