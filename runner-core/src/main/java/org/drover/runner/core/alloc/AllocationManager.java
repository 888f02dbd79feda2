package org.drover.runner.core.alloc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.drover.runner.api.alloc.AllocLayout;
import org.drover.runner.api.alloc.AllocationService;
import org.drover.runner.api.alloc.AllocationView;
import org.drover.runner.api.alloc.NodeFullException;
import org.drover.runner.api.driver.DriverEvents;
import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.DesiredStatus;
import org.drover.runner.api.node.NodeService;
import org.drover.runner.api.state.StateStore;
import org.drover.runner.api.state.StoreUnavailableException;
import org.drover.runner.core.drivers.DriverSource;
import org.drover.runner.core.exec.PooledScheduler;
import org.drover.runner.core.exec.StartGates;
import org.drover.runner.core.gc.GarbageCollector;
import org.drover.runner.core.gc.UsageProbe;
import org.drover.runner.core.hooks.AllocHook;
import org.drover.runner.core.network.BridgeConfig;
import org.drover.runner.core.network.CniPath;
import org.drover.runner.core.network.CniPlugins;
import org.drover.runner.core.network.HostCommands;
import org.drover.runner.core.network.NetworkHook;
import org.drover.runner.core.network.NetworkInitiators;
import org.drover.runner.core.task.RunnerConfig;
import org.drover.runner.core.task.RunnerContext;
import org.drover.runner.core.task.TaskRunner;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The core's allocation service. Activating it is an agent start: every
 * allocation in the store is restored and its running tasks re-attached.
 * Deactivating it (core bundle stopped, store gone) is an agent stop: tasks
 * keep running and are re-attached on the next activation. The store is a
 * static reference for exactly that reason.
 */
@Component(service = {AllocationService.class, DriverEvents.class}, immediate = true,
        configurationPid = "org.drover.runner")
public final class AllocationManager implements AllocationService, DriverEvents {

    private static final Logger LOG = LoggerFactory.getLogger(AllocationManager.class);

    private final StateStore store;
    private final PooledScheduler scheduler;
    private final RunnerContext ctx;
    private final Map<String, AllocRunner> runners = new ConcurrentHashMap<>();
    /**
     * Held while allocations are placed, stopped or begin to be forgotten: a desired status is read
     * and written back under it, so a stop is never overwritten by a placement racing it, and no
     * record is written for an allocation that is being forgotten.
     */
    private final Object changing = new Object();
    /** Allocations being forgotten; under {@link #changing}. */
    private final java.util.Set<String> forgetting = new java.util.HashSet<>();
    private final int maxAllocs;
    private final Path allocRoot;
    private final GarbageCollector gc;
    private final List<Runnable> terminalWatchers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<AllocHook> allocHooks;

    @Activate
    public AllocationManager(@Reference StateStore store, @Reference DriverSource drivers,
            @Reference NodeService node, BundleContext bundle, CoreSettings.Config config) {
        this.store = store;
        this.maxAllocs = config.node__max__allocs();
        int starts = CoreSettings.startCap(config);
        this.scheduler = new PooledScheduler(config.worker__threads(), CoreSettings.callThreads(config, starts));
        RunnerConfig runnerConfig = CoreSettings.runner(config);
        this.allocRoot = allocRoot(bundle);
        this.ctx = new RunnerContext(drivers, store, scheduler, runnerConfig, allocRoot, CoreSettings::jitter,
                new DefaultHooks(runnerConfig), new StartGates(starts), node::self);
        this.gc = new GarbageCollector(new Collectable(), scheduler, CoreSettings.gc(config), UsageProbe.of(allocRoot));
        this.allocHooks = List.of(new NetworkHook(CniPlugins.system(CniPath.of(bundle::getProperty, System::getenv)),
                new HostCommands(), BridgeConfig.DEFAULT, new NetworkInitiators(drivers)));
        restoreAll();
        gc.start();
    }

    private static Path allocRoot(BundleContext bundle) {
        return AllocLayout.configured(bundle::getProperty).orElseGet(() -> AllocLayout.under(bundle.getDataFile("")
                .toPath())).root();
    }

    private void restoreAll() {
        List<Allocation> stored = store.allocations();
        for (Allocation alloc : stored) {
            AllocRunner runner = new AllocRunner(alloc, ctx, allocHooks);
            runners.put(alloc.id(), runner);
            runner.restore();
            tellWhenTerminal(runner);
        }
        for (Allocation alloc : stored) {
            if (alloc.desiredStatus() == DesiredStatus.PURGE) {
                forgetOnceDead(runners.get(alloc.id()));
            }
        }
        if (!stored.isEmpty()) {
            LOG.info("Restoring {} allocation(s) from the state store", stored.size());
        }
    }

    @Deactivate
    void deactivate() {
        gc.close();
        CompletableFuture<?>[] stops = runners.values().stream().map(AllocRunner::shutdown)
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(stops).get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            LOG.warn("Task runners did not all stop within 30s; their tasks keep running");
        } catch (Exception e) {
            LOG.warn("Stopping task runners: {}", e.toString());
        }
        scheduler.close();
    }

    @Override
    public void run(Allocation allocation) {
        replace(List.of(), List.of(allocation));
    }

    @Override
    public void runAll(List<Allocation> allocations) {
        replace(List.of(), allocations);
    }

    @Override
    public void replace(List<String> replaced, List<Allocation> placed) {
        List<AllocRunner> created = new ArrayList<>();
        List<AllocRunner> old;
        // One placement at a time: two that each fit alone must not both pass the cap together.
        synchronized (changing) {
            checkCap(replaced, placed.size());
            for (Allocation a : placed) {
                if (runners.containsKey(a.id())) {
                    throw new IllegalArgumentException("allocation " + a.id() + " already exists");
                }
                created.add(new AllocRunner(a, ctx, allocHooks));
            }
            // The new version and the old one's stop in one commit: a crash leaves both stored or neither,
            // and the restarted agent goes on killing the old one while it runs the new one.
            // The old version goes once it is dead; its record is of no use next to the new one's.
            old = replaced.stream().filter(id -> !forgetting.contains(id)).map(runners::get)
                    .filter(java.util.Objects::nonNull).toList();
            List<Allocation> stopped = old.stream()
                    .map(r -> r.allocation().withDesiredStatus(DesiredStatus.PURGE)).toList();
            List<Allocation> batch = new ArrayList<>(placed);
            batch.addAll(stopped);
            // Not stored, not run: on a refusal the old version keeps running and the caller hears why.
            store.putAllocations(batch);
            created.forEach(r -> runners.put(r.id(), r));
            for (int i = 0; i < old.size(); i++) {
                old.get(i).stop(stopped.get(i));
            }
        }
        old.forEach(this::forgetOnceDead);
        created.forEach(this::tellWhenTerminal);
        created.forEach(AllocRunner::startTasks);
    }

    /** Not on the thread that completes the death: that may be the store's, which a watcher's placing writes to. */
    private void tellWhenTerminal(AllocRunner runner) {
        runner.whenDone().thenRunAsync(() -> terminalWatchers.forEach(w -> {
            try {
                w.run();
            } catch (RuntimeException e) {
                LOG.warn("A watcher of terminal allocations failed: {}", e.toString());
            }
        }));
    }

    @Override
    public AutoCloseable watchTerminal(Runnable onTerminal) {
        terminalWatchers.add(onTerminal);
        return () -> terminalWatchers.remove(onTerminal);
    }

    /** A death completes on the store's committing thread: the collector's own threads do the forgetting. */
    private void forgetOnceDead(AllocRunner runner) {
        runner.whenDone().thenRun(() -> gc.forget(runner.id()));
    }

    /** Nomad counts the allocations on a node that are not terminal; so do we, less those being replaced. */
    private void checkCap(List<String> replaced, int asked) {
        if (maxAllocs <= 0) {
            return;
        }
        int live = (int) runners.values().stream().filter(r -> !r.done() && !replaced.contains(r.id())).count();
        if (live + asked > maxAllocs) {
            throw new NodeFullException(maxAllocs, live, asked);
        }
    }

    @Override
    public void update(Allocation allocation) {
        runner(allocation.id()).update(allocation);
    }

    @Override
    public CompletionStage<Void> stop(List<String> allocIds, boolean purge) {
        List<AllocRunner> stopping;
        List<Allocation> marked = new ArrayList<>();
        CompletableFuture<?>[] dead;
        synchronized (changing) {
            // One being forgotten is dead already: nothing to stop, and no record to write back.
            stopping = allocIds.stream().filter(id -> !forgetting.contains(id)).map(runners::get)
                    .filter(java.util.Objects::nonNull).toList();
            if (stopping.isEmpty() && !allocIds.isEmpty() && allocIds.stream().noneMatch(forgetting::contains)) {
                throw new IllegalArgumentException("no allocation " + allocIds.get(0));
            }
            for (AllocRunner r : stopping) {
                DesiredStatus now = r.allocation().desiredStatus();
                // A purge stays a purge; a stop only ever strengthens what was asked before.
                DesiredStatus next = purge || now == DesiredStatus.PURGE ? DesiredStatus.PURGE : DesiredStatus.STOP;
                marked.add(r.allocation().withDesiredStatus(next));
            }
            // Durable before the caller can acknowledge the stop: a restarted agent finishes it.
            StoreUnavailableException unrecorded = null;
            try {
                store.putAllocations(marked);
            } catch (StoreUnavailableException e) {
                // The disk takes no writes. The kill goes on all the same (stopping tasks is how an
                // operator frees a full disk), each task's kill record queued until there is room;
                // the caller hears that the stop is not recorded.
                unrecorded = e;
            }
            dead = new CompletableFuture<?>[stopping.size()];
            for (int i = 0; i < stopping.size(); i++) {
                dead[i] = stopping.get(i).stop(unrecorded == null ? marked.get(i) : stopping.get(i).allocation());
            }
            if (unrecorded != null) {
                throw unrecorded;
            }
        }
        for (int i = 0; i < stopping.size(); i++) {
            if (marked.get(i).desiredStatus() == DesiredStatus.PURGE) {
                forgetOnceDead(stopping.get(i));
            }
        }
        return CompletableFuture.allOf(dead);
    }

    /**
     * The directory goes first: it is what a full disk needs freed, and it needs no write to the
     * store. The records go next; refused (the store cannot write), the allocation stays known,
     * and a later pass forgets it.
     */
    @Override
    public void remove(String allocId) {
        AllocRunner runner;
        synchronized (changing) {
            runner = runner(allocId);
            if (!runner.done()) {
                throw new IllegalStateException("allocation " + allocId + " still has tasks that are not dead");
            }
            if (!forgetting.add(allocId)) {
                return; // another collection is at it
            }
        }
        try {
            AllocDirs.delete(new AllocLayout(allocRoot).allocDir(allocId));
            store.deleteAllocation(allocId);
            runners.remove(allocId, runner);
        } finally {
            synchronized (changing) {
                forgetting.remove(allocId);
            }
        }
    }

    @Override
    public int collectGarbage() {
        return gc.collectAll();
    }

    @Override
    public int collectDeadJobs() {
        return gc.collectDeadJobs(java.time.Duration.ZERO);
    }

    /** What the collector sees: terminal allocations are those whose tasks are all dead. */
    private final class Collectable implements GarbageCollector.Allocations {
        @Override
        public int count() {
            return runners.size();
        }

        @Override
        public List<GarbageCollector.Terminal> terminal() {
            List<GarbageCollector.Terminal> out = new ArrayList<>();
            for (AllocRunner r : runners.values()) {
                if (r.done()) {
                    out.add(new GarbageCollector.Terminal(r.id(), r.allocation().job().id(), r.finishedAtNanos(),
                            r.allocation().desiredStatus() == DesiredStatus.PURGE));
                }
            }
            return out;
        }

        @Override
        public java.util.Set<String> liveJobs() {
            java.util.Set<String> live = new java.util.HashSet<>();
            runners.values().stream().filter(r -> !r.done()).forEach(r -> live.add(r.allocation().job().id()));
            return live;
        }

        @Override
        public void destroy(String allocId) {
            if (runners.containsKey(allocId)) {
                remove(allocId);
            }
        }
    }

    @Override
    public Optional<AllocationView> get(String allocId) {
        return Optional.ofNullable(runners.get(allocId)).map(AllocRunner::view);
    }

    @Override
    public List<AllocationView> list() {
        return runners.values().stream().map(AllocRunner::view)
                .sorted(Comparator.comparing(v -> v.allocation().id())).toList();
    }

    @Override
    public void signal(String allocId, String task, String signal) {
        taskRunner(allocId, task).signal(signal);
    }

    @Override
    public void restart(String allocId, String task) {
        taskRunner(allocId, task).restart();
    }

    /** Run IDs are {@code <allocID>/<task>/<suffix>}: the message finds its runner from the ID alone. */
    @Override
    public void message(String runId, String message) {
        int first = runId.indexOf('/');
        int last = runId.lastIndexOf('/');
        if (first < 0 || last <= first) {
            return;
        }
        AllocRunner alloc = runners.get(runId.substring(0, first));
        if (alloc != null) {
            alloc.task(runId.substring(first + 1, last)).ifPresent(t -> t.driverMessage(runId, message));
        }
    }

    private AllocRunner runner(String allocId) {
        AllocRunner runner = runners.get(allocId);
        if (runner == null) {
            throw new IllegalArgumentException("no allocation " + allocId);
        }
        return runner;
    }

    private TaskRunner taskRunner(String allocId, String task) {
        return runner(allocId).task(task)
                .orElseThrow(() -> new IllegalArgumentException("allocation " + allocId + " has no task " + task));
    }

}
