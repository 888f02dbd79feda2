package org.drover.runner.core.task;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import org.drover.runner.api.alloc.TaskView;
import org.drover.runner.api.driver.Driver;
import org.drover.runner.api.driver.TaskHandle;
import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.Task;
import org.drover.runner.api.model.TaskEvent;
import org.drover.runner.api.model.TaskState;
import org.drover.runner.api.state.LocalTaskState;
import org.drover.runner.core.exec.SerialExecutor;
import org.drover.runner.core.task.TaskCore.Step;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one task through Nomad's lifecycle: prestart hooks, start, poststart hooks, wait, exit,
 * restart decision; kill; restore; and, Drover's own, a driver that leaves while the task runs (the
 * task keeps running; the runner waits for a driver of that name and re-attaches).
 *
 * <pre>
 *      start(): Received                  restore(): no handle stored
 *            |                                 |
 *            v                                 v
 *  +---> PENDING: prestart hooks <-------------+
 *  |       |  a kill requested: no start, Killed ----------------------------------> DEAD
 *  |       |  a hook failed, or no driver of the name: decide
 *  |       |  Failed Validation -----------------------------------------------------> DEAD
 *  |       | provisional handle written and durable; a start slot
 *  |       v
 *  |     STARTING
 *  |       |  a kill requested before startTask is called: no start, Killed --------> DEAD
 *  |       |  TaskConfigException: Failed Validation ---------------------------------> DEAD
 *  |       |  any other error: Driver Failure, decide
 *  |       |  the driver left during the start -----------------------> WAITING FOR DRIVER
 *  |       | startTask returned: Started, poststart hooks
 *  |       v
 *  |     RUNNING, attached  <----- from RE-ATTACHING: recoverTask worked
 *  |       +-- its driver gone: Driver Unavailable ---------------------> WAITING FOR DRIVER
 *  |       +-- waitTask failed: destroyTask; destroyed: as an exit; not destroyed -----> HELD
 *  |       +-- exit: Terminated, exited hooks, decide
 *  |       +-- restart(): stopTask; that exit restarts the task, not counted by the policy
 *  |       +-- kill(): its reason, Killing, then the durable killRequested marker
 *  |             v
 *  |           KILLING: preKill hooks, shutdown_delay, the signal once the kill is durable,
 *  |             |      stopTask retried (5 tries; all failed: Killed with the error, and wait on)
 *  |             +-- exit: Terminated, exited hooks, Killed -------------------------> DEAD
 *  |             +-- stopTask says "task not found": Killed -------------------------> DEAD
 *  |
 *  |   decide, the restart policy: Not Restarting, or no restart due ---------------> DEAD
 *  |                               Restarting (phase pending; after an exit, the handle cleared)
 *  |                                 v
 *  +---------------------------- RESTART WAIT until the delay ends
 *                                  kill(): Killing, Killed -----------------------> DEAD
 *
 *   restore(): a handle stored, no driver       restore(): a handle stored, its driver present
 *            |                                           |
 *            v                                           v
 *     WAITING FOR DRIVER --- a driver of the name --> RE-ATTACHING: recoverTask(the handle)
 *      |  Driver Lost after   <--- that driver is --- |  worked: Task Reattached (and Started, if
 *      |  driver_wait_timeout      itself leaving     |    never recorded); a kill goes on ---> RUNNING
 *      |  (and waits on)                              |  provisional, "task not found" ------> PENDING
 *      |                                              |  other error: Failed Restoring, destroyTask;
 *      |                                              |    destroyed: phase pending ---------> PENDING
 *      |                                              |    not destroyed
 *      |                                              v
 *      +<---- the retry finds no driver ------ HELD: Task Held, the handle kept; retry after
 *                                              5s, 20s, 80s, then every 2m ---------> RE-ATTACHING
 *
 *  DEAD: stop hooks, runComplete written; never run again, not even after restore(), and
 *        restore() of a dead task or a complete run lands here at once.
 *  SHUTDOWN, from any state but DEAD on shutdown(): the task is left running with its handle
 *        persisted; timers and waits end, and the next agent's restore() takes the task up.
 * </pre>
 *
 * <p>A kill asked for while STARTING waits for the start's answer; while WAITING FOR DRIVER, RE-ATTACHING
 * or HELD, for the next attachment (and goes on from the signal, if that had gone already) or a
 * destroy that works (then PENDING records it Killed). A restore whose allocation's stop was
 * acknowledged records the kill first. How far a kill has got is one {@link KillStage}; only its
 * request is persisted, after its events.
 *
 * <p>PENDING is no {@link TaskCore.Step} of its own: the prestart hooks run within one action, from
 * the step that led there (NEW, RESTART_WAIT, or RUNNING after a destroy). STARTING, RUNNING, DEAD
 * (DONE) and SHUTDOWN are steps; within RUNNING the attachment the task's view shows tells ATTACHED,
 * WAITING FOR DRIVER (and its driver lost) and HELD apart, and KILLING is an attached run with a kill
 * requested. {@link Launch} owns PENDING and STARTING, {@link Watch} the attached run and the decision
 * after it, {@link Kill} the kill, {@link Reattach} the driver leaving, the restore and the re-attach.
 * Every state change happens on the runner's {@link SerialExecutor}.
 */
public final class TaskRunner {

    private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);

    /** Told of every persisted change of a task's state, on the task's thread. */
    public interface Listener {
        void stateChanged(TaskRunner runner, TaskState state);
    }

    private final TaskCore t;
    private final AtomicReference<Allocation> pendingUpdate = new AtomicReference<>();

    public TaskRunner(Allocation alloc, Task task, RunnerContext ctx, Listener listener) {
        this.t = new TaskCore(alloc, task, ctx, this, listener);
    }

    public String name() {
        return t.name;
    }

    public Task task() {
        return t.task;
    }

    /** A snapshot for readers on any thread: state and attachment as of a change that is durable. */
    public TaskView view() {
        return t.view();
    }

    /** Completes when the task is dead for good. */
    public CompletableFuture<Void> dead() {
        return t.dead;
    }

    // ---- commands; each posts to the runner's thread -------------------------------------------

    /** Starts a new task. */
    public void start() {
        t.serial.execute(() -> {
            t.emit(TaskEvent.received(t.now()));
            t.launch.runOnce();
        });
    }

    /** Takes up a task from the store after an agent (or core) restart. */
    public void restore(TaskState stored, LocalTaskState storedLocal) {
        restore(stored, storedLocal, false);
    }

    /**
     * Takes up a task from the store; {@code stopped}: its allocation's stop was acknowledged, so the
     * task is killed if it still runs and never started again.
     */
    public void restore(TaskState stored, LocalTaskState storedLocal, boolean stopped) {
        t.serial.execute(() -> t.reattach.restore(stored, storedLocal, stopped));
    }

    /**
     * Kills the task. {@code reason}, if given, is recorded before the kill
     * (e.g. "Sibling Task Failed"). Completes when the task is dead.
     */
    public CompletableFuture<Void> kill(TaskEvent reason) {
        t.serial.execute(() -> t.kill.request(reason));
        return t.dead;
    }

    /** Leaves the task running and stops managing it (agent shutdown). */
    public CompletableFuture<Void> shutdown() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        t.serial.execute(() -> {
            doShutdown();
            done.complete(null);
        });
        return done;
    }

    public CompletableFuture<Void> signal(String signal) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        t.serial.execute(() -> {
            if (!t.attached()) {
                done.completeExceptionally(notRunning());
                return;
            }
            t.emit(TaskEvent.signaling(t.now(), signal, ""));
            TaskHandle h = t.attachment.handle();
            Driver d = t.attachment.driver();
            t.calls.run(() -> d.signalTask(h.taskId(), signal)).whenComplete((v, e) -> {
                if (e != null) {
                    done.completeExceptionally(DriverCalls.unwrap(e));
                } else {
                    done.complete(null);
                }
            });
        });
        return done;
    }

    /**
     * A driver's message about run {@code runId} of this task, recorded as a {@code Driver} event; a
     * message about an earlier run, or one arriving when no run is on, is dropped.
     */
    public void driverMessage(String runId, String message) {
        t.serial.execute(() -> {
            boolean current = t.record.local().handle().map(h -> h.taskId().equals(runId)).orElse(false);
            if (current) {
                t.emit(TaskEvent.driverMessage(t.now(), message));
            }
        });
    }

    /** Restarts the running task; the restart does not count against the policy. */
    public CompletableFuture<Void> restart() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        t.serial.execute(() -> {
            if (!t.attached() || t.kill.requested()) {
                done.completeExceptionally(notRunning());
                return;
            }
            t.emit(TaskEvent.restartSignaled(t.now(), ""));
            t.tracker.setRestartTriggered(false);
            TaskHandle h = t.attachment.handle();
            Driver d = t.attachment.driver();
            t.calls.compose(() -> d.stopTask(h.taskId(), t.killTimeout(), t.task.killSignal()), t.killTimeout())
                    .whenComplete((v, e) -> {
                        if (e != null) {
                            LOG.warn("Restart of task {} could not stop it: {}", t.name, DriverCalls.message(e));
                        }
                    });
            done.complete(null);
        });
        return done;
    }

    /** Applies a new version of the allocation; updates run one at a time and pending ones coalesce. */
    public void update(Allocation updated) {
        if (pendingUpdate.getAndSet(updated) == null) {
            t.serial.execute(this::applyUpdate);
        }
    }

    private void applyUpdate() {
        Allocation updated = pendingUpdate.getAndSet(null);
        if (updated == null || t.ended()) {
            return;
        }
        t.alloc = updated;
        t.task = updated.taskGroup().task(t.name).orElse(t.task);
        t.hooks.update();
    }

    private void doShutdown() {
        if (t.step == Step.DONE) {
            return;
        }
        t.step = Step.SHUTDOWN;
        t.generation++;
        t.goneListener.cancel(false);
        t.timer.cancel();
        t.reattach.stopWaiting();
        t.hooks.shutdown();
    }

    private IllegalStateException notRunning() {
        return new IllegalStateException("task " + t.name + " is not running");
    }
}
