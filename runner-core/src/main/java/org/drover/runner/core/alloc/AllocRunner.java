package org.drover.runner.core.alloc;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.drover.runner.api.alloc.AllocationView;
import org.drover.runner.api.alloc.TaskView;
import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.ClientStatus;
import org.drover.runner.api.model.NetworkResource;
import org.drover.runner.api.model.Task;
import org.drover.runner.api.model.TaskEvent;
import org.drover.runner.api.model.TaskState;
import org.drover.runner.api.state.HookState;
import org.drover.runner.api.state.LocalTaskState;
import org.drover.runner.core.exec.SerialExecutor;
import org.drover.runner.core.hooks.AllocHook;
import org.drover.runner.core.task.RunnerContext;
import org.drover.runner.core.task.TaskRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the tasks of one allocation together, with Nomad's group rules: a task
 * that fails has its siblings killed; a leader that dies has the others
 * killed. Reacts to task state changes on its own serial executor. Its allocation hooks run before
 * the first task starts and after the last one died, on a lane for blocking calls.
 */
public final class AllocRunner {

    private static final Logger LOG = LoggerFactory.getLogger(AllocRunner.class);

    private final RunnerContext ctx;
    private final List<AllocHook> hooks;
    /** Completes once every task is dead and the hooks' postrun is over. */
    private final CompletableFuture<Void> finished;
    private final SerialExecutor serial;
    private final List<TaskRunner> tasks = new ArrayList<>();
    /** Tasks whose death this runner has already acted on; only touched on {@link #serial}. */
    private final Set<String> deathsHandled = new HashSet<>();
    private volatile Allocation alloc;
    private boolean killingAll;

    public AllocRunner(Allocation alloc, RunnerContext ctx) {
        this(alloc, ctx, List.of());
    }

    /** {@code hooks}: the allocation hooks of the node; those that want this allocation run, in order. */
    public AllocRunner(Allocation alloc, RunnerContext ctx, List<AllocHook> hooks) {
        this.alloc = alloc;
        this.ctx = ctx;
        this.serial = new SerialExecutor(ctx.scheduler());
        this.hooks = hooks.stream().filter(h -> h.wants(alloc)).toList();
        for (Task task : alloc.taskGroup().tasks()) {
            tasks.add(new TaskRunner(alloc, task, ctx, this::taskChanged));
        }
        CompletableFuture<Void> dead = CompletableFuture.allOf(tasks.stream().map(TaskRunner::dead)
                .toArray(CompletableFuture[]::new));
        this.finished = this.hooks.isEmpty() ? dead : dead.thenRunAsync(this::postrun, hookLane());
    }

    private Executor hookLane() {
        return ctx.scheduler().driverCalls("alloc-hooks");
    }

    public String id() {
        return alloc.id();
    }

    /** Persists the allocation and starts all its tasks at once. */
    public void run() {
        ctx.store().putAllocation(alloc);
        startTasks();
    }

    /** Starts the tasks of an allocation the caller has stored, once its hooks' prerun is done. */
    public void startTasks() {
        if (hooks.isEmpty()) {
            tasks.forEach(TaskRunner::start);
            return;
        }
        hookLane().execute(() -> {
            Optional<String> failed = prerun();
            if (failed.isEmpty()) {
                tasks.forEach(TaskRunner::start);
            } else {
                failTasks(failed.get());
            }
        });
    }

    /** Runs each hook's prerun, its state persisted; the first failure, in Nomad's words. */
    private Optional<String> prerun() {
        for (AllocHook h : hooks) {
            HookState stored = ctx.store().allocHookState(alloc.id(), h.name()).orElse(HookState.NONE);
            try {
                HookState now = h.prerun(alloc, stored);
                if (!now.equals(stored)) {
                    ctx.store().putAllocHookState(alloc.id(), h.name(), now);
                }
            } catch (Exception e) {
                String why = "failed to setup alloc: pre-run hook \"" + h.name() + "\" failed: " + e.getMessage();
                LOG.error("Allocation {}: {}", alloc.id(), why);
                return Optional.of(why);
            }
        }
        return Optional.empty();
    }

    /** A setup that failed fails every task, never started (Nomad's Setup Failure). */
    private void failTasks(String why) {
        serial.execute(() -> killingAll = true);
        long now = ctx.scheduler().nowNanos();
        tasks.forEach(t -> t.kill(TaskEvent.setupFailure(now, why, true)));
    }

    /** In reverse order, each from its persisted state, which goes once it is done. */
    private void postrun() {
        for (int i = hooks.size() - 1; i >= 0; i--) {
            AllocHook h = hooks.get(i);
            try {
                HookState stored = ctx.store().allocHookState(alloc.id(), h.name()).orElse(HookState.NONE);
                h.postrun(alloc, stored);
                if (!stored.equals(HookState.NONE)) {
                    ctx.store().putAllocHookState(alloc.id(), h.name(), HookState.NONE);
                }
            } catch (Exception e) {
                LOG.error("Allocation {}: post-run hook \"{}\" failed: {}", alloc.id(), h.name(), e.getMessage());
            }
        }
    }

    /**
     * Takes up the allocation from the store; tasks that had finished stay finished. A stop that was
     * acknowledged is carried out, and the group's rules are applied to the deaths the store holds:
     * the agent may have died before it acted on them.
     */
    public void restore() {
        if (hooks.isEmpty() || alloc.desiredStatus().stopped() || allDeadInStore()) {
            restoreTasks(); // nothing will run: what the hooks made is only undone, once the tasks are taken up
            return;
        }
        // A restored hook finds its state and keeps what it made; tasks that run on do not wait long.
        hookLane().execute(() -> {
            Optional<String> failed = prerun();
            restoreTasks();
            failed.ifPresent(this::failTasks);
        });
    }

    private boolean allDeadInStore() {
        return tasks.stream().allMatch(t -> ctx.store().taskState(alloc.id(), t.name()).map(TaskState::dead)
                .orElse(false));
    }

    private void restoreTasks() {
        boolean stopped = alloc.desiredStatus().stopped();
        List<TaskRunner> dead = new ArrayList<>();
        boolean[] failed = new boolean[tasks.size()];
        for (TaskRunner t : tasks) {
            var storedState = ctx.store().taskState(alloc.id(), t.name());
            var storedLocal = ctx.store().localState(alloc.id(), t.name());
            if (storedState.isEmpty() && storedLocal.isEmpty() && !stopped) {
                t.start(); // stored before any of its tasks was received (a crash right after run)
                continue;
            }
            TaskState state = storedState.orElse(TaskState.initial());
            if (state.dead()) {
                failed[dead.size()] = state.failed();
                dead.add(t);
            }
            t.restore(state, storedLocal.orElse(LocalTaskState.EMPTY), stopped);
        }
        serial.execute(() -> {
            dead.forEach(t -> deathsHandled.add(t.name()));
            if (stopped) {
                killingAll = true;
                return;
            }
            long now = ctx.scheduler().nowNanos();
            for (int i = 0; i < dead.size(); i++) {
                if (failed[i]) {
                    killOthers(dead.get(i), TaskEvent.siblingFailed(now, dead.get(i).name()));
                    return;
                }
            }
            dead.stream().filter(t -> t.task().leader()).findFirst()
                    .ifPresent(leader -> killOthers(leader, TaskEvent.leaderDead(now)));
        });
    }

    public Allocation allocation() {
        return alloc;
    }

    /**
     * Carries out a stop whose allocation record ({@code stored}, with its desired status) the
     * caller has made durable: kills every task; completes when all are dead.
     */
    public CompletableFuture<Void> stop(Allocation stored) {
        alloc = stored;
        serial.execute(() -> killingAll = true);
        return CompletableFuture.allOf(tasks.stream().map(t -> t.kill(null)).toArray(CompletableFuture[]::new));
    }

    /** When the last of its tasks died (wall clock, Unix nanoseconds); 0 while one has not. */
    public long finishedAtNanos() {
        long last = 0;
        for (TaskRunner t : tasks) {
            TaskState s = t.view().state();
            if (!s.dead()) {
                return 0;
            }
            last = Math.max(last, s.finishedAtNanos());
        }
        return last;
    }

    /** Completes when every task is dead and what the allocation's hooks made is undone. */
    public CompletableFuture<Void> whenDone() {
        return finished;
    }

    /** Leaves every task running and stops managing them. */
    public CompletableFuture<Void> shutdown() {
        return CompletableFuture.allOf(tasks.stream().map(TaskRunner::shutdown).toArray(CompletableFuture[]::new));
    }

    public void update(Allocation updated) {
        alloc = updated;
        ctx.store().putAllocation(updated);
        tasks.forEach(t -> t.update(updated));
    }

    public Optional<TaskRunner> task(String name) {
        return tasks.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** Terminal: every task dead, and the hooks' postrun over (a namespace and its ports are freed). */
    public boolean done() {
        return finished.isDone();
    }

    public AllocationView view() {
        List<TaskView> views = tasks.stream().map(TaskRunner::view).toList();
        org.drover.runner.api.driver.NetworkIsolation network = org.drover.runner.core.network.NetworkHook.bridged(alloc)
                ? org.drover.runner.core.network.AllocNetwork.stored(ctx.store(), alloc.id()).map(n -> n.isolation(
                        alloc.taskGroup().network().map(NetworkResource::hostname).orElse(""))).orElse(null)
                : null;
        return new AllocationView(alloc, status(views), views, network);
    }

    /** Nomad's rule: failed wins, then pending, then running, then complete. */
    static ClientStatus status(List<TaskView> views) {
        boolean pending = false;
        boolean running = false;
        for (TaskView v : views) {
            switch (v.state().phase()) {
                case PENDING -> pending = true;
                case RUNNING -> running = true;
                case DEAD -> {
                    if (v.state().failed()) {
                        return ClientStatus.FAILED;
                    }
                }
            }
        }
        return pending ? ClientStatus.PENDING : running ? ClientStatus.RUNNING : ClientStatus.COMPLETE;
    }

    private void taskChanged(TaskRunner runner, TaskState state) {
        if (!state.dead()) {
            return;
        }
        boolean failed = state.failed();
        boolean leader = runner.task().leader();
        serial.execute(() -> {
            if (!deathsHandled.add(runner.name()) || killingAll) {
                return;
            }
            if (failed) {
                killOthers(runner, TaskEvent.siblingFailed(ctx.scheduler().nowNanos(), runner.name()));
            } else if (leader) {
                killOthers(runner, TaskEvent.leaderDead(ctx.scheduler().nowNanos()));
            }
        });
    }

    private void killOthers(TaskRunner dead, TaskEvent reason) {
        killingAll = true;
        for (TaskRunner t : tasks) {
            if (t != dead) {
                t.kill(reason);
            }
        }
    }
}
