package org.drover.runner.core.task;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import org.drover.runner.api.alloc.AllocLayout;
import org.drover.runner.api.alloc.DriverAttachment;
import org.drover.runner.api.alloc.TaskDir;
import org.drover.runner.api.alloc.TaskView;
import org.drover.runner.api.driver.Driver;
import org.drover.runner.api.driver.TaskHandle;
import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.Task;
import org.drover.runner.api.model.TaskEvent;
import org.drover.runner.core.exec.Cancellable;
import org.drover.runner.core.exec.SerialExecutor;
import org.drover.runner.core.hooks.StatsHook;
import org.drover.runner.core.hooks.TaskHook;
import org.drover.runner.core.restart.RestartTracker;

/**
 * One task's state, shared by the parts of its runner ({@link Launch}, {@link Watch}, {@link Kill},
 * {@link Reattach}), each of which owns one stretch of the lifecycle drawn in {@link TaskRunner}.
 * Touched on the runner's {@link SerialExecutor} only, so its fields need no locks; driver calls and
 * timers only post back to it. Callbacks of an attachment that has since ended carry an old
 * {@link #generation} and are ignored.
 */
final class TaskCore {

    /** Where the run loop is. */
    enum Step { NEW, STARTING, RUNNING, RESTART_WAIT, DONE, SHUTDOWN }

    /** The current run: its handle, and the driver it is attached through (null while waiting for one). */
    record Attachment(TaskHandle handle, Driver driver) {
    }

    private record Shown(long seq, TaskView view) {
    }

    final RunnerContext ctx;
    final SerialExecutor serial;
    final DriverCalls calls;
    final HookPipeline hooks;
    final Optional<StatsHook> stats;
    final RestartTracker tracker;
    final TaskDir dirs;
    final String name;
    final TaskRecord record;
    final CompletableFuture<Void> dead = new CompletableFuture<>();
    /** The env the prestart hooks gave the current run. */
    final Map<String, String> hookEnv = new HashMap<>();

    final Launch launch;
    final Watch watch;
    final Kill kill;
    final Reattach reattach;

    Allocation alloc;
    Task task;
    Step step = Step.NEW;
    Attachment attachment;
    DriverAttachment attachmentStatus = DriverAttachment.NONE;
    long generation;
    /** The one timer of the run loop: a restart delay, a shutdown_delay, or a kill retry. */
    Cancellable timer = Cancellable.NONE;
    /** This attachment's listener for its driver leaving; cancelled when the attachment ends. */
    CompletableFuture<Void> goneListener = CompletableFuture.completedFuture(null);

    /** What readers see: the latest snapshot whose state is durable, by publication order. */
    private final AtomicReference<Shown> shown = new AtomicReference<>();
    /** Numbers the snapshots, on the runner's thread only. */
    private long published;
    private final TaskRunner.Listener listener;
    private final TaskRunner owner;

    TaskCore(Allocation alloc, Task task, RunnerContext ctx, TaskRunner owner, TaskRunner.Listener listener) {
        this.alloc = alloc;
        this.task = task;
        this.name = task.name();
        this.ctx = ctx;
        this.owner = owner;
        this.listener = listener;
        this.serial = new SerialExecutor(ctx.scheduler());
        this.calls = new DriverCalls(ctx.scheduler(), ctx.config().driverCallTimeout(), task.driver());
        this.dirs = new AllocLayout(ctx.allocRoot()).task(alloc.id(), name);
        List<TaskHook> taskHooks = ctx.hooks().apply(task);
        this.hooks = new HookPipeline(taskHooks, new RunnerHookContext(this));
        this.stats = taskHooks.stream().filter(StatsHook.class::isInstance).map(StatsHook.class::cast).findFirst();
        this.record = new TaskRecord(alloc.id(), name, ctx.store(), ctx.config().eventCap(), this::stateChanged);
        this.tracker = new RestartTracker(alloc.taskGroup().restart(), alloc.job().type(), ctx.scheduler()::nowNanos,
                ctx.random());
        this.launch = new Launch(this);
        this.watch = new Watch(this);
        this.kill = new Kill(this);
        this.reattach = new Reattach(this);
        this.shown.set(new Shown(0, new TaskView(name, record.state(), attachmentStatus, Optional.empty())));
    }

    /** A snapshot for readers on any thread: state and attachment as of a change that is durable. */
    TaskView view() {
        TaskView v = shown.get().view();
        return new TaskView(v.name(), v.state(), v.attachment(), stats.flatMap(StatsHook::latest));
    }

    boolean ended() {
        return step == Step.DONE || step == Step.SHUTDOWN;
    }

    boolean attached() {
        return step == Step.RUNNING && attachmentStatus == DriverAttachment.ATTACHED && attachment != null;
    }

    /** Ends the current attachment: its callbacks, and the waits for a driver, no longer count. */
    void detach() {
        generation++;
        goneListener.cancel(false);
        attachment = null;
        attachmentStatus = DriverAttachment.NONE;
        reattach.stopWaiting();
    }

    Duration killTimeout() {
        return ctx.config().killTimeout(task.killTimeout());
    }

    long now() {
        return ctx.scheduler().nowNanos();
    }

    void emit(TaskEvent event) {
        record.emit(event);
    }

    private void stateChanged() {
        publish();
        listener.stateChanged(owner, record.state());
    }

    void publish() {
        Shown next = new Shown(++published, new TaskView(name, record.state(), attachmentStatus, Optional.empty()));
        // Shown once everything queued so far is durable, so a client never sees what a crash could
        // take back. Writes become durable in order, but a callback on a finished write runs at once
        // on this thread, maybe before an earlier one's on the store's: the number keeps the latest.
        record.durable().thenRun(() -> shown.accumulateAndGet(next, (cur, n) -> n.seq() > cur.seq() ? n : cur));
    }
}
