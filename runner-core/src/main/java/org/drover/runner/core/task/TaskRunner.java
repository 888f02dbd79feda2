package org.drover.runner.core.task;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

import org.drover.runner.api.alloc.AllocLayout;
import org.drover.runner.api.alloc.DriverAttachment;
import org.drover.runner.api.alloc.TaskDir;
import org.drover.runner.api.alloc.TaskView;
import org.drover.runner.api.driver.Capabilities;
import org.drover.runner.api.driver.Driver;
import org.drover.runner.api.driver.DriverException;
import org.drover.runner.api.driver.DriverUnavailableException;
import org.drover.runner.api.driver.ExitResult;
import org.drover.runner.api.driver.TaskConfig;
import org.drover.runner.api.driver.TaskConfigException;
import org.drover.runner.api.driver.TaskHandle;
import org.drover.runner.api.driver.TaskNotFoundException;
import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.Task;
import org.drover.runner.api.model.TaskEvent;
import org.drover.runner.api.model.TaskPhase;
import org.drover.runner.api.model.TaskState;
import org.drover.runner.api.state.LocalTaskState;
import org.drover.runner.core.exec.Cancellable;
import org.drover.runner.core.exec.Scheduler;
import org.drover.runner.core.exec.SerialExecutor;
import org.drover.runner.core.hooks.HookContext;
import org.drover.runner.core.hooks.StatsHook;
import org.drover.runner.core.hooks.TaskHook;
import org.drover.runner.core.hooks.ValidationException;
import org.drover.runner.core.restart.RestartDecision;
import org.drover.runner.core.restart.RestartTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one task through Nomad's lifecycle: prestart hooks, start, poststart
 * hooks, wait, exit, restart decision; kill; restore; and, Drover's own, a
 * driver that leaves while the task runs (the task keeps running; the runner
 * waits for a driver of that name and re-attaches).
 *
 * <p>Every state change happens on the runner's {@link SerialExecutor}, so the
 * fields below need no locks; driver calls and timers only post back to it.
 * Callbacks of an attachment that has since ended carry an old
 * {@code generation} and are ignored.
 */
public final class TaskRunner {

    private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);

    /** Told of every persisted change of a task's state, on the task's thread. */
    public interface Listener {
        void stateChanged(TaskRunner runner, TaskState state);
    }

    private enum Step { NEW, STARTING, RUNNING, RESTART_WAIT, DONE, SHUTDOWN }

    /** The current run: its handle, and the driver it is attached through (null while waiting for one). */
    private record Attachment(TaskHandle handle, Driver driver) {
    }

    private final RunnerContext ctx;
    private final SerialExecutor serial;
    private final Listener listener;
    private final DriverCalls calls;
    private final HookPipeline hooks;
    private final Optional<StatsHook> stats;
    private final RestartTracker tracker;
    private final TaskDir dirs;
    private final String name;
    private final CompletableFuture<Void> dead = new CompletableFuture<>();
    private final AtomicReference<Allocation> pendingUpdate = new AtomicReference<>();

    private Allocation alloc;
    private Task task;
    private final TaskRecord record;
    private Step step = Step.NEW;
    private Attachment attachment;
    private DriverAttachment attachmentStatus = DriverAttachment.NONE;
    private long generation;
    private Cancellable timer = Cancellable.NONE;
    private Cancellable driverWaitTimer = Cancellable.NONE;
    private Cancellable heldRetry = Cancellable.NONE;
    /** This attachment's listener for its driver leaving; cancelled when the attachment ends. */
    private CompletableFuture<Void> goneListener = CompletableFuture.completedFuture(null);
    /** Destroys of an earlier run that failed in a row; the task is held while it is above zero. */
    private int heldAttempts;
    private CompletableFuture<Driver> driverRequest;
    private boolean killRequested;
    private boolean killSent;
    private boolean killedEmitted;
    private final Map<String, String> hookEnv = new HashMap<>();
    /** What readers see: the latest snapshot whose state is durable, by publication order. */
    private final AtomicReference<Shown> shown = new AtomicReference<>();
    /** Numbers the snapshots, on the runner's thread only. */
    private long published;

    private record Shown(long seq, TaskView view) {
    }

    public TaskRunner(Allocation alloc, Task task, RunnerContext ctx, Listener listener) {
        this.alloc = alloc;
        this.task = task;
        this.name = task.name();
        this.ctx = ctx;
        this.listener = listener;
        this.serial = new SerialExecutor(ctx.scheduler());
        this.calls = new DriverCalls(ctx.scheduler(), ctx.config().driverCallTimeout(), task.driver());
        this.dirs = new AllocLayout(ctx.allocRoot()).task(alloc.id(), name);
        List<TaskHook> taskHooks = ctx.hooks().apply(task);
        this.hooks = new HookPipeline(taskHooks, new Context());
        this.stats = taskHooks.stream().filter(StatsHook.class::isInstance).map(StatsHook.class::cast).findFirst();
        this.record = new TaskRecord(alloc.id(), name, ctx.store(), ctx.config().eventCap(), this::stateChanged);
        this.tracker = new RestartTracker(alloc.taskGroup().restart(), alloc.job().type(), ctx.scheduler()::nowNanos,
                ctx.random());
        this.shown.set(new Shown(0, new TaskView(name, record.state(), attachmentStatus, Optional.empty())));
    }

    public String name() {
        return name;
    }

    public Task task() {
        return task;
    }

    /** A snapshot for readers on any thread: state and attachment as of a change that is durable. */
    public TaskView view() {
        TaskView v = shown.get().view();
        return new TaskView(v.name(), v.state(), v.attachment(), stats.flatMap(StatsHook::latest));
    }

    /** Completes when the task is dead for good. */
    public CompletableFuture<Void> dead() {
        return dead;
    }

    // ---- commands; each posts to the runner's thread -------------------------------------------

    /** Starts a new task. */
    public void start() {
        serial.execute(() -> {
            emit(TaskEvent.received(now()));
            runOnce();
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
        serial.execute(() -> doRestore(stored, storedLocal, stopped));
    }

    /**
     * Kills the task. {@code reason}, if given, is recorded before the kill
     * (e.g. "Sibling Task Failed"). Completes when the task is dead.
     */
    public CompletableFuture<Void> kill(TaskEvent reason) {
        serial.execute(() -> onKillRequest(reason));
        return dead;
    }

    /** Leaves the task running and stops managing it (agent shutdown). */
    public CompletableFuture<Void> shutdown() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        serial.execute(() -> {
            doShutdown();
            done.complete(null);
        });
        return done;
    }

    public CompletableFuture<Void> signal(String signal) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        serial.execute(() -> {
            if (!attached()) {
                done.completeExceptionally(new IllegalStateException("task " + name + " is not running"));
                return;
            }
            emit(TaskEvent.signaling(now(), signal, ""));
            TaskHandle h = attachment.handle();
            Driver d = attachment.driver();
            calls.run(() -> d.signalTask(h.taskId(), signal)).whenComplete((v, e) -> {
                if (e != null) {
                    done.completeExceptionally(DriverCalls.unwrap(e));
                } else {
                    done.complete(null);
                }
            });
        });
        return done;
    }

    /** Restarts the running task; the restart does not count against the policy. */
    /**
     * A driver's message about run {@code runId} of this task, recorded as a {@code Driver} event; a
     * message about an earlier run, or one arriving when no run is on, is dropped.
     */
    public void driverMessage(String runId, String message) {
        serial.execute(() -> {
            boolean current = record.local().handle().map(h -> h.taskId().equals(runId)).orElse(false);
            if (current) {
                emit(TaskEvent.driverMessage(now(), message));
            }
        });
    }

    public CompletableFuture<Void> restart() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        serial.execute(() -> {
            if (!attached() || killRequested) {
                done.completeExceptionally(new IllegalStateException("task " + name + " is not running"));
                return;
            }
            emit(TaskEvent.restartSignaled(now(), ""));
            tracker.setRestartTriggered(false);
            TaskHandle h = attachment.handle();
            Driver d = attachment.driver();
            calls.compose(() -> d.stopTask(h.taskId(), killTimeout(), task.killSignal()), killTimeout())
                    .whenComplete((v, e) -> {
                        if (e != null) {
                            LOG.warn("Restart of task {} could not stop it: {}", name, DriverCalls.message(e));
                        }
                    });
            done.complete(null);
        });
        return done;
    }

    /** Applies a new version of the allocation; updates run one at a time and pending ones coalesce. */
    public void update(Allocation updated) {
        if (pendingUpdate.getAndSet(updated) == null) {
            serial.execute(this::applyUpdate);
        }
    }

    // ---- the run loop --------------------------------------------------------------------------

    private void runOnce() {
        if (step == Step.DONE || step == Step.SHUTDOWN) {
            return;
        }
        if (killRequested) {
            finishKill();
            return;
        }
        hookEnv.clear();
        try {
            record.local(hooks.prestart(record.local(), hookEnv));
        } catch (ValidationException e) {
            emit(TaskEvent.failedValidation(now(), e.getMessage()));
            finish();
            return;
        } catch (HookPipeline.PrestartFailure e) {
            emit(TaskEvent.hookFailed(now(), e.hook, e.getMessage()));
            tracker.setStartError(e.getCause());
            decide();
            return;
        }
        Optional<Driver> driver = ctx.drivers().find(task.driver());
        if (driver.isEmpty()) {
            onStartFailed(null, DriverException.recoverable("driver \"" + task.driver() + "\" is not available"));
            return;
        }
        startWith(driver.get());
    }

    private void startWith(Driver driver) {
        TaskConfig config = taskConfig(driver);
        // The intent first: should the agent die during the start, the next one asks the
        // driver whether it happened instead of starting the task a second time.
        record.handle(TaskHandle.provisional(task.driver(), config));
        step = Step.STARTING;
        // That intent, and every change queued before it, must be durable before the start: the
        // one wait for the store on a task's way to running.
        record.durable().thenRun(() -> serial.execute(() -> {
            if (step == Step.STARTING) {
                callStart(driver, config);
            }
        }));
    }

    private void callStart(Driver driver, TaskConfig config) {
        ctx.starts().of(task.driver()).submit(() -> {
            // The slot may come long after the request (a storm of starts): a kill asked for
            // meanwhile, a stop that was acknowledged, means the task is not started at all.
            CompletableFuture<TaskHandle> started = new CompletableFuture<>();
            serial.execute(() -> {
                if (step != Step.STARTING || killRequested) {
                    started.complete(null);
                    return;
                }
                // The call's timeout counts from when the node lets the start go, not from the queue.
                calls.call(() -> driver.startTask(config), late -> destroyLateRun(driver, late))
                        .whenComplete((h, e) -> {
                            if (e != null) {
                                started.completeExceptionally(e);
                            } else {
                                started.complete(h);
                            }
                        });
            });
            return started;
        }).whenComplete((handle, error) -> serial.execute(() -> {
            if (error == null && handle != null) {
                onStarted(driver, handle);
            } else if (step == Step.STARTING) {
                if (error == null) {
                    record.handle(null); // never started: killed before its turn came
                    finishKill();
                } else {
                    onStartFailed(driver, DriverCalls.unwrap(error));
                }
            }
        }));
    }

    /**
     * A start that returned after its timeout: the runner has given up on that run and may have
     * started another, so nothing tracks it and it must not live on.
     */
    private void destroyLateRun(Driver driver, TaskHandle run) {
        LOG.warn("The start of task {} of allocation {} returned after its timeout; destroying that run ({})", name,
                alloc.id(), run.taskId());
        calls.run(() -> driver.destroyTask(run, true)).whenComplete((v, e) -> {
            if (e != null) {
                LOG.error("Could not destroy the late run {} of task {}: {}", run.taskId(), name,
                        DriverCalls.message(e));
            }
        });
    }

    private void onStarted(Driver driver, TaskHandle handle) {
        // Persist the handle first, even when shutting down: a task must never run untracked.
        record.handle(handle);
        if (step == Step.SHUTDOWN) {
            return;
        }
        step = Step.RUNNING;
        record.transition(TaskPhase.RUNNING, now(), TaskEvent.started(now()));
        attach(driver, handle);
        hooks.poststart();
        if (killRequested) {
            beginKill(); // a kill that arrived during the start gets its preKill and shutdown_delay too
        }
    }

    private void onStartFailed(Driver driver, Throwable error) {
        LOG.debug("Start of task {} of allocation {} failed", name, alloc.id(), error);
        if (driver != null && (error instanceof DriverUnavailableException || ctx.drivers().isGone(driver))) {
            // The driver left during the start, which may or may not have happened: as after a crash,
            // the next driver of the name is asked about the run, from the provisional handle kept.
            step = Step.RUNNING;
            attachment = new Attachment(record.local().handle().orElseThrow(), null);
            attachmentStatus = DriverAttachment.WAITING_FOR_DRIVER;
            emit(TaskEvent.driverUnavailable(now(), task.driver(), ctx.config().driverWaitTimeout()));
            awaitDriver();
            return;
        }
        record.handle(null);
        if (error instanceof TaskConfigException) {
            // The task can never run as written: Nomad fails it at validation, with no retry.
            emit(TaskEvent.failedValidation(now(), "driver " + task.driver() + ": " + error.getMessage()));
            finish();
            return;
        }
        emit(TaskEvent.driverFailure(now(), DriverCalls.message(error)));
        tracker.setStartError(error);
        decide();
    }

    private void attach(Driver driver, TaskHandle handle) {
        long gen = ++generation;
        attachment = new Attachment(handle, driver);
        attachmentStatus = DriverAttachment.ATTACHED;
        driverWaitTimer.cancel();
        publish();
        // waitTask must not block, but a driver that does holds its own lane, not the runners'.
        calls.waiting(() -> driver.waitTask(handle.taskId()))
                .whenComplete((result, error) -> serial.execute(() -> {
                    if (gen == generation) {
                        onWaitDone(result, error);
                    }
                }));
        goneListener = ctx.drivers().whenGone(driver);
        goneListener.thenRun(() -> serial.execute(() -> {
            if (gen == generation) {
                onDriverGone();
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
            onDriverGone();
            return;
        }
        // The driver lost its hold on a run that may still live: as for a failed re-attach, the run
        // is destroyed before anything else happens, and the task held while that fails.
        TaskHandle handle = attachment.handle();
        Driver driver = attachment.driver();
        String why = "failed to wait for task: " + DriverCalls.message(e);
        long gen = generation;
        calls.run(() -> driver.destroyTask(handle, true)).whenComplete((v, de) -> serial.execute(() -> {
            if (gen != generation || step == Step.SHUTDOWN) {
                return;
            }
            if (de == null) {
                onExit(ExitResult.failed(why));
            } else {
                hold(why + "; " + DriverCalls.message(de));
            }
        }));
    }

    private void onExit(ExitResult result) {
        Attachment ended = attachment;
        detach();
        timer.cancel();
        emit(TaskEvent.terminated(now(), result.exitCode(), result.signal(), result.oomKilled(), result.error()));
        hooks.exited();
        if (killRequested) {
            finishKill();
        } else {
            tracker.setExitResult(result);
            decide();
        }
        // The run's handle goes only after the decision is written, and the run's remains (its exit
        // among them) only once that is durable: an agent that dies in between finds the exit again
        // through the handle and decides the same, instead of starting a task that had finished.
        if (step == Step.RESTART_WAIT) {
            record.handle(null);
        }
        // Nomad destroys a task in its driver once it has exited, releasing what the driver holds.
        record.durable().thenRun(() -> calls.run(() -> ended.driver().destroyTask(ended.handle(), true)));
    }

    private void decide() {
        RestartDecision decision = tracker.next();
        switch (decision.outcome()) {
            case KILLED, TERMINATED -> finish();
            case NOT_RESTARTING -> {
                emit(TaskEvent.notRestarting(now(), decision.reason()));
                finish();
            }
            case RESTARTING -> {
                record.transition(TaskPhase.PENDING, now(),
                        TaskEvent.restarting(now(), decision.delay(), decision.reason()));
                step = Step.RESTART_WAIT;
                timer = ctx.scheduler().schedule(decision.delay(), () -> serial.execute(this::runOnce));
            }
        }
    }

    private void finish() {
        step = Step.DONE;
        timer.cancel();
        driverWaitTimer.cancel();
        record.phase(TaskPhase.DEAD, now());
        record.local(record.local().completed());
        hooks.stop();
        publish();
        // Whoever waits for the death (a stop with wait, a job replacing this one) then sees it.
        record.durable().thenRun(() -> dead.complete(null));
    }

    // ---- kill ----------------------------------------------------------------------------------

    private void onKillRequest(TaskEvent reason) {
        if (step == Step.DONE || step == Step.SHUTDOWN || killRequested) {
            return;
        }
        markKillRequested(reason);
        switch (step) {
            case NEW -> finishKill();
            case RESTART_WAIT -> {
                timer.cancel();
                finishKill();
            }
            case RUNNING -> {
                if (attached()) {
                    beginKill();
                }
                // else: waiting for the driver; re-attaching continues the kill
            }
            default -> {
                // STARTING: the kill continues once the start returns
            }
        }
    }

    /** preKill hooks and shutdown_delay, then the kill signal. */
    private void beginKill() {
        hooks.preKill();
        Duration delay = task.shutdownDelay();
        if (delay.isZero() || delay.isNegative()) {
            sendKill();
            return;
        }
        emit(TaskEvent.waitingShutdownDelay(now(), delay));
        timer = ctx.scheduler().schedule(delay, () -> serial.execute(this::sendKill));
    }

    /**
     * The kill is recorded with the task, so a restarted agent finishes it and never starts the task
     * again. Its events are written first: a task's writes become durable in order, so a kill the
     * store holds is never one whose Killing event a crash took.
     */
    private void markKillRequested(TaskEvent reason) {
        if (reason != null) {
            emit(reason);
        }
        emit(TaskEvent.killing(now(), killTimeout(), ""));
        killRequested = true;
        tracker.setKilled();
        record.local(record.local().withKillRequested());
    }

    private void sendKill() {
        killSent = true;
        long gen = generation;
        // The signal goes once the kill is durable: should the agent die after the task has died
        // of it, the next agent must see a killed task, not one to restart.
        record.durable().thenRun(() -> serial.execute(() -> {
            if (gen == generation) {
                stopAttempt(0);
            }
        }));
    }

    /**
     * Tries to stop the task; a failed try is retried after 5s·4^i (capped at
     * 2m), up to 5 tries. The task exiting ends the retries (onExit cancels the timer).
     */
    private void stopAttempt(int attempt) {
        if (!attached()) {
            return; // exited, or the driver left: re-attaching resumes the kill
        }
        long gen = generation;
        TaskHandle h = attachment.handle();
        Driver d = attachment.driver();
        calls.compose(() -> d.stopTask(h.taskId(), killTimeout(), task.killSignal()), killTimeout())
                .whenComplete((v, error) -> serial.execute(() -> {
                    if (error == null || gen != generation) {
                        return; // the exit arrives through waitTask
                    }
                    onStopFailed(attempt, DriverCalls.unwrap(error));
                }));
    }

    private void onStopFailed(int attempt, Throwable error) {
        if (error instanceof TaskNotFoundException) {
            detach(); // "task not found" counts as killed
            record.handle(null);
            finishKill();
            return;
        }
        if (error instanceof DriverUnavailableException) {
            return; // the registry reports the driver gone; re-attaching resumes the kill
        }
        if (attempt + 1 < ctx.config().killAttempts()) {
            Duration delay = ctx.config().killRetryDelay(attempt);
            LOG.warn("Kill of task {} failed (try {}), retrying in {}: {}", name, attempt + 1, delay,
                    DriverCalls.message(error));
            timer = ctx.scheduler().schedule(delay, () -> serial.execute(() -> stopAttempt(attempt + 1)));
            return;
        }
        emit(TaskEvent.killed(now(), "failed to kill task: " + DriverCalls.message(error)));
        killedEmitted = true; // and keep waiting: the task may still exit
    }

    private void finishKill() {
        if (!killedEmitted) {
            emit(TaskEvent.killed(now(), ""));
            killedEmitted = true;
        }
        finish();
    }

    // ---- the driver leaving, restore, re-attach -----------------------------------------------

    private void onDriverGone() {
        if (attachment == null || step == Step.SHUTDOWN) {
            return;
        }
        detachDriverOnly();
        emit(TaskEvent.driverUnavailable(now(), task.driver(), ctx.config().driverWaitTimeout()));
        awaitDriver();
    }

    private void detachDriverOnly() {
        generation++;
        goneListener.cancel(false);
        attachment = new Attachment(attachment.handle(), null);
        attachmentStatus = DriverAttachment.WAITING_FOR_DRIVER;
        publish();
    }

    private void awaitDriver() {
        long gen = generation;
        Duration wait = ctx.config().driverWaitTimeout();
        driverWaitTimer.cancel();
        driverWaitTimer = ctx.scheduler().schedule(wait, () -> serial.execute(() -> {
            if (gen == generation && attachmentStatus == DriverAttachment.WAITING_FOR_DRIVER) {
                attachmentStatus = DriverAttachment.DRIVER_LOST;
                emit(TaskEvent.driverLost(now(), task.driver(), wait));
            }
        }));
        driverRequest = ctx.drivers().whenAvailable(task.driver());
        driverRequest.thenAccept(d -> serial.execute(() -> {
            if (gen == generation && step != Step.SHUTDOWN) {
                recover(d, true);
            }
        }));
    }

    private void doRestore(TaskState stored, LocalTaskState storedLocal, boolean stopped) {
        record.restore(stored, storedLocal);
        if (stored.dead() || storedLocal.runComplete()) {
            // Finished work is never run again.
            step = Step.DONE;
            publish();
            dead.complete(null);
            return;
        }
        if (storedLocal.killRequested()) {
            killRequested = true;
            tracker.setKilled();
        } else if (stopped) {
            markKillRequested(null); // the stop was acknowledged before the agent could begin the kill
        }
        if (storedLocal.handle().isPresent()) {
            step = Step.RUNNING;
            attachment = new Attachment(storedLocal.handle().get(), null);
            hookEnv.putAll(hooks.restoredEnv(storedLocal));
            Optional<Driver> driver = ctx.drivers().find(task.driver());
            if (driver.isPresent()) {
                recover(driver.get(), false);
            } else {
                attachmentStatus = DriverAttachment.WAITING_FOR_DRIVER;
                emit(TaskEvent.driverUnavailable(now(), task.driver(), ctx.config().driverWaitTimeout()));
                awaitDriver();
            }
            return;
        }
        runOnce(); // a task whose kill was requested is not started: it is recorded killed
    }

    /** Re-attaches through {@code driver}; {@code announce} records a Task Reattached event. */
    private void recover(Driver driver, boolean announce) {
        TaskHandle handle = attachment.handle();
        long gen = generation;
        calls.run(() -> driver.recoverTask(handle)).whenComplete((v, error) -> serial.execute(() -> {
            if (gen != generation || step == Step.SHUTDOWN) {
                return;
            }
            if (error != null) {
                Throwable e = DriverCalls.unwrap(error);
                if (e instanceof DriverUnavailableException || ctx.drivers().isGone(driver)) {
                    // That driver instance is itself going away (an update followed by a refresh), and
                    // a departing driver may fail in any way: the registry, not its error, says so.
                    // Not a failed restore; wait for the next one.
                    attachmentStatus = DriverAttachment.WAITING_FOR_DRIVER;
                    awaitDriver();
                    return;
                }
                if (handle.isProvisional() && e instanceof TaskNotFoundException) {
                    // The agent died before the start happened: start it now, once.
                    detach();
                    record.handle(null);
                    runOnce();
                    return;
                }
                onRecoverFailed(driver, handle, e);
                return;
            }
            if (announce) {
                emit(TaskEvent.reattached(now(), task.driver()));
            }
            heldAttempts = 0;
            if (record.state().phase() != TaskPhase.RUNNING) {
                // The agent died after persisting the handle but before recording the start:
                // the task did start, and this is the first time that is written down.
                record.transition(TaskPhase.RUNNING, now(), TaskEvent.started(now()));
            }
            attach(driver, handle);
            if (killRequested) {
                if (killSent) {
                    stopAttempt(0);
                } else {
                    beginKill();
                }
            }
        }));
    }

    /**
     * Nomad's rule: a running task that cannot be re-attached is destroyed and started again. Drover
     * starts it again only once the driver has shown the earlier run gone; until then the task is
     * held, so it never runs twice.
     */
    private void onRecoverFailed(Driver driver, TaskHandle handle, Throwable error) {
        if (heldAttempts == 0) {
            LOG.warn("Task {} of allocation {} could not be re-attached: {}", name, alloc.id(),
                    DriverCalls.message(error));
            emit(TaskEvent.failedRestoring(now(), DriverCalls.message(error)));
        }
        long gen = generation;
        calls.run(() -> driver.destroyTask(handle, true)).whenComplete((v, e) -> serial.execute(() -> {
            if (gen != generation || step == Step.SHUTDOWN) {
                return;
            }
            if (e == null) {
                heldAttempts = 0;
                detach();
                record.handle(null);
                record.phase(TaskPhase.PENDING, now());
                runOnce();
            } else {
                hold(DriverCalls.message(e));
            }
        }));
    }

    /** Keeps the handle and tries again later: a re-attach first, the destroy if that fails too. */
    private void hold(String error) {
        Duration retry = ctx.config().killRetryDelay(heldAttempts);
        if (heldAttempts == 0) {
            LOG.error("Task {} of allocation {} is held: its earlier run could not be destroyed: {}", name,
                    alloc.id(), error);
            emit(TaskEvent.held(now(), error, retry));
        }
        heldAttempts++;
        attachmentStatus = DriverAttachment.HELD;
        publish();
        long gen = generation;
        heldRetry = ctx.scheduler().schedule(retry, () -> serial.execute(() -> {
            if (gen == generation && step != Step.SHUTDOWN) {
                Optional<Driver> driver = ctx.drivers().find(task.driver());
                if (driver.isPresent()) {
                    recover(driver.get(), true);
                } else {
                    attachmentStatus = DriverAttachment.WAITING_FOR_DRIVER;
                    awaitDriver();
                }
            }
        }));
    }

    private void detach() {
        generation++;
        goneListener.cancel(false);
        attachment = null;
        attachmentStatus = DriverAttachment.NONE;
        driverWaitTimer.cancel();
        heldRetry.cancel();
        if (driverRequest != null) {
            driverRequest.cancel(false);
            driverRequest = null;
        }
    }

    private void doShutdown() {
        if (step == Step.DONE) {
            return;
        }
        step = Step.SHUTDOWN;
        generation++;
        goneListener.cancel(false);
        timer.cancel();
        driverWaitTimer.cancel();
        heldRetry.cancel();
        if (driverRequest != null) {
            driverRequest.cancel(false);
        }
        hooks.shutdown();
    }

    private void applyUpdate() {
        Allocation updated = pendingUpdate.getAndSet(null);
        if (updated == null || step == Step.DONE || step == Step.SHUTDOWN) {
            return;
        }
        alloc = updated;
        task = updated.taskGroup().task(name).orElse(task);
        hooks.update();
    }

    // ---- helpers -------------------------------------------------------------------------------

    private boolean attached() {
        return step == Step.RUNNING && attachmentStatus == DriverAttachment.ATTACHED && attachment != null;
    }

    private Duration killTimeout() {
        return ctx.config().killTimeout(task.killTimeout());
    }

    private TaskConfig taskConfig(Driver driver) {
        Capabilities.FsIsolation isolation = driver.capabilities().fsIsolation();
        Map<String, String> env = TaskEnvironment.build(alloc, task, dirs, isolation != Capabilities.FsIsolation.NONE,
                isolation == Capabilities.FsIsolation.IMAGE ? Map.of() : System.getenv(), hookEnv);
        String id = alloc.id() + "/" + name + "/" + randomSuffix();
        Map<String, Object> config = TaskEnvironment.interpolation(alloc, task, env).apply(task.config());
        return new TaskConfig(id, alloc.id(), alloc.job().name(), alloc.group(), name, config, env,
                task.resources(), task.user(), dirs.allocDir(), dirs.taskDir(), dirs.logDir(), task.logs());
    }

    private static String randomSuffix() {
        return String.format("%08x", ThreadLocalRandom.current().nextInt());
    }

    private long now() {
        return ctx.scheduler().nowNanos();
    }

    private void emit(TaskEvent event) {
        record.emit(event);
    }

    private void stateChanged() {
        publish();
        listener.stateChanged(this, record.state());
    }

    private void publish() {
        Shown next = new Shown(++published, new TaskView(name, record.state(), attachmentStatus, Optional.empty()));
        // Shown once everything queued so far is durable, so a client never sees what a crash could
        // take back. Writes become durable in order, but a callback on a finished write runs at once
        // on this thread, maybe before an earlier one's on the store's: the number keeps the latest.
        record.durable().thenRun(() -> shown.accumulateAndGet(next, (cur, n) -> n.seq() > cur.seq() ? n : cur));
    }

    /** What hooks see; only used on the runner's thread. */
    private final class Context implements HookContext {
        @Override
        public Allocation allocation() {
            return alloc;
        }

        @Override
        public Task task() {
            return task;
        }

        @Override
        public TaskDir dirs() {
            return dirs;
        }

        @Override
        public Optional<Driver> driver() {
            return attachment != null && attachment.driver() != null ? Optional.of(attachment.driver())
                    : ctx.drivers().find(task.driver());
        }

        @Override
        public Optional<TaskHandle> handle() {
            return attachment == null ? Optional.empty() : Optional.of(attachment.handle());
        }

        @Override
        public Scheduler scheduler() {
            return ctx.scheduler();
        }

        @Override
        public void emit(TaskEvent event) {
            TaskRunner.this.emit(event);
        }

        @Override
        public void runOnTaskThread(Runnable action) {
            serial.execute(action);
        }
    }
}
