package org.drover.runner.core.job;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.drover.runner.api.alloc.AllocationService;
import org.drover.runner.api.alloc.AllocationView;
import org.drover.runner.api.alloc.NodeFullException;
import org.drover.runner.api.job.Evaluation;
import org.drover.runner.api.job.JobService;
import org.drover.runner.api.job.JobView;
import org.drover.runner.api.model.AllocatedNetwork;
import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.ClientStatus;
import org.drover.runner.api.model.DesiredStatus;
import org.drover.runner.api.model.Job;
import org.drover.runner.api.model.TaskGroup;
import org.drover.runner.api.node.NodeService;
import org.drover.runner.api.state.StateStore;
import org.drover.runner.core.placement.Placement;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jobs over the allocation service, as a Nomad client with its own scheduler
 * would place them on its single node. A job's versions are told apart by
 * value: the allocations that run the submitted job (and were not stopped) are
 * its current version; others of the same ID are older and are stopped, then
 * removed. Allocations the node cannot take (Nomad's feasibility rules, its
 * cap) wait: the job is stored with a blocked evaluation and placed as the node
 * changes. Registrations, stops and re-evaluations are serialised.
 */
@Component(service = JobService.class)
public final class JobManager implements JobService {

    private static final Logger LOG = LoggerFactory.getLogger(JobManager.class);

    private final AllocationService allocs;
    private final NodeService node;
    private final StateStore store;
    private final Evaluations evals = new Evaluations();
    /** The current version of each job with allocations waiting to be placed. */
    private final Map<String, Job> waiting = new LinkedHashMap<>();
    private final AutoCloseable watch;
    private final AutoCloseable terminalWatch;

    @Activate
    public JobManager(@Reference AllocationService allocs, @Reference NodeService node,
            @Reference StateStore store) {
        this.allocs = allocs;
        this.node = node;
        this.store = store;
        // Their evaluations were not kept: each is evaluated anew below, as if registered again.
        store.jobs().forEach(j -> waiting.put(j.id(), j));
        if (!waiting.isEmpty()) {
            LOG.info("Restoring {} job(s) waiting for placement", waiting.size());
        }
        // Watching before the first look: a change in between is seen by one or the other.
        this.watch = node.watch(this::nodeChanged);
        this.terminalWatch = allocs.watchTerminal(this::capacityFreed);
        reevaluate(Evaluations.JOB_REGISTER);
    }

    @Deactivate
    void deactivate() {
        try {
            watch.close();
            terminalWatch.close();
        } catch (Exception e) {
            LOG.debug("Closing the watches: {}", e.toString());
        }
    }

    private void nodeChanged() {
        try {
            reevaluate(Evaluations.NODE_UPDATE);
        } catch (RuntimeException e) {
            LOG.warn("Placing waiting jobs after a node change: {}", e.toString());
        }
    }

    /** Dead allocations leave room under the node's cap, and ports, that a waiting job may take. */
    private void capacityFreed() {
        try {
            reevaluate(Evaluations.QUEUED_ALLOCS);
        } catch (RuntimeException e) {
            LOG.warn("Placing waiting jobs after a stop: {}", e.toString());
        }
    }

    @Override
    public synchronized Registration register(Job job) {
        List<AllocationView> existing = allocationsOf(job.id());
        Job pending = waiting.get(job.id());
        if (pending != null ? pending.sameSpec(job) : existing.stream()
                .anyMatch(a -> a.allocation().job().sameSpec(job) && !a.allocation().desiredStatus().stopped())) {
            Job current = pending != null ? pending : newest(existing);
            Evaluation eval = pending != null ? placeWaiting(current, Evaluations.JOB_REGISTER)
                    : evals.complete(current, Evaluations.JOB_REGISTER, Map.of(), Map.of());
            LOG.info("Job {} registered unchanged (version {})", job.id(), current.version());
            return new Registration(idsOf(current), true, eval);
        }
        // A changed job, or a stopped one run again, is the next version, as in Nomad.
        long version = existing.stream().mapToLong(a -> a.allocation().job().version() + 1).max().orElse(0);
        if (pending != null) {
            version = Math.max(version, pending.version() + 1);
        }
        Job versioned = job.withVersion(version);
        Map<String, Integer> wanted = new LinkedHashMap<>();
        versioned.groups().forEach(g -> wanted.put(g.name(), versioned.type().onEveryNode() ? 1 : g.count()));
        Placement.Plan plan = place(versioned, wanted, List.of(), existing);
        Evaluation eval = settle(versioned, plan, Evaluations.JOB_REGISTER);
        LOG.info("Job {} registered: version {}, {} allocation(s) placed{}{}", job.id(), version, total(plan.placed()),
                plan.failures().isEmpty() ? "" : ", " + total(plan.queued()) + " waiting",
                existing.isEmpty() ? "" : ", replacing " + existing.size());
        return new Registration(idsOf(versioned), false, eval);
    }

    /**
     * Places what the plan lets the node take. Each new allocation replaces an older one of its group,
     * and a group now complete replaces all its older ones (as do groups the version dropped); the
     * rest keep running, as Nomad leaves a destructive update's old allocation in place when its new
     * one cannot be placed. The node's cap shrinks the plan until it fits. The older ones' ports are
     * free to the new ones, as Nomad's plan evicts what it replaces before it places.
     */
    private Placement.Plan place(Job job, Map<String, Integer> wanted, List<AllocationView> current,
            List<AllocationView> older) {
        List<String> staying = current.stream().filter(a -> !terminal(a)).map(a -> a.allocation().group()).toList();
        Set<String> kept = new HashSet<>();
        int room = Integer.MAX_VALUE;
        while (true) {
            Placement.Plan plan = Placement.plan(job, node.self(), wanted, staying, room, held(older, kept));
            List<Allocation> placed = allocations(job, plan, current);
            List<String> replaced = replaced(job, plan, older);
            // An older allocation this plan leaves running keeps its ports: planned again without them.
            if (kept.addAll(keptWithPorts(older, replaced))) {
                continue;
            }
            try {
                if (!placed.isEmpty()) {
                    allocs.replace(replaced, placed);
                } else if (!replaced.isEmpty()) {
                    allocs.stop(replaced, true);
                }
                return plan;
            } catch (NodeFullException e) {
                room = Math.max(0, Math.min(total(plan.placed()) - 1, e.limit() - e.live()));
            }
        }
    }

    /** The ports of the node's live allocations, but those of older ones a plan may replace. */
    private List<AllocatedNetwork> held(List<AllocationView> older, Set<String> kept) {
        Set<String> replaceable = new HashSet<>();
        older.stream().map(a -> a.allocation().id()).filter(id -> !kept.contains(id)).forEach(replaceable::add);
        return allocs.list().stream().filter(a -> !terminal(a) && !replaceable.contains(a.allocation().id()))
                .map(a -> a.allocation().network()).toList();
    }

    private static List<String> keptWithPorts(List<AllocationView> older, List<String> replaced) {
        return older.stream().filter(a -> !terminal(a) && !replaced.contains(a.allocation().id())
                && !a.allocation().network().all().isEmpty()).map(a -> a.allocation().id()).toList();
    }

    private static List<String> replaced(Job job, Placement.Plan plan, List<AllocationView> older) {
        List<String> out = new ArrayList<>();
        Map<String, Integer> left = new LinkedHashMap<>(plan.placed());
        for (AllocationView a : older.stream().sorted(Comparator.comparing((AllocationView a) -> a.allocation()
                .index())).toList()) {
            String group = a.allocation().group();
            if (a.allocation().desiredStatus().stopped() || job.group(group).isEmpty()
                    || !plan.failures().containsKey(group)) {
                out.add(a.allocation().id());
            } else if (left.getOrDefault(group, 0) > 0) {
                left.merge(group, -1, Integer::sum);
                out.add(a.allocation().id());
            }
        }
        return out;
    }

    /** New allocations for what the plan places, at the lowest indexes the group's current ones leave free. */
    private static List<Allocation> allocations(Job job, Placement.Plan plan, List<AllocationView> current) {
        List<Allocation> out = new ArrayList<>();
        for (TaskGroup g : job.groups()) {
            Set<Integer> taken = new HashSet<>();
            current.stream().filter(a -> a.allocation().group().equals(g.name()))
                    .forEach(a -> taken.add(a.allocation().index()));
            int n = plan.placed().getOrDefault(g.name(), 0);
            for (int index = 0, i = 0; i < n; index++) {
                if (taken.add(index)) {
                    out.add(new Allocation(UUID.randomUUID().toString(), job, g.name(), index)
                            .withNetwork(plan.network(g.name(), i++)));
                }
            }
        }
        return out;
    }

    /** Records the evaluation; a job left with allocations to place is stored until they are. */
    private Evaluation settle(Job job, Placement.Plan plan, String triggeredBy) {
        Evaluation eval = evals.complete(job, triggeredBy, plan.failures(), queued(job, plan));
        waitFor(job, !plan.failures().isEmpty());
        return eval;
    }

    private void waitFor(Job job, boolean waits) {
        if (waits) {
            store.putJob(job);
            waiting.put(job.id(), job);
        } else if (waiting.remove(job.id()) != null) {
            store.deleteJob(job.id());
        }
    }

    /** Every waiting job evaluated again: the node may now take what it could not. */
    private synchronized void reevaluate(String triggeredBy) {
        for (Job job : List.copyOf(waiting.values())) {
            placeWaiting(job, triggeredBy);
        }
    }

    /** A waiting job's blocked evaluation, run again; or, when it has none (a restart), a new one. */
    private Evaluation placeWaiting(Job job, String triggeredBy) {
        List<AllocationView> all = allocationsOf(job.id());
        List<AllocationView> current = all.stream().filter(a -> a.allocation().job().version() == job.version()
                && !a.allocation().desiredStatus().stopped()).toList();
        List<AllocationView> older = all.stream().filter(a -> a.allocation().job().version() != job.version())
                .toList();
        Map<String, Integer> wanted = new LinkedHashMap<>();
        for (TaskGroup g : job.groups()) {
            long have = current.stream().filter(a -> a.allocation().group().equals(g.name())).count();
            wanted.put(g.name(), (int) Math.max(0, (job.type().onEveryNode() ? 1 : g.count()) - have));
        }
        Placement.Plan plan = place(job, wanted, current, older);
        if (total(plan.placed()) > 0) {
            LOG.info("Job {}: {} waiting allocation(s) placed{}", job.id(), total(plan.placed()),
                    plan.failures().isEmpty() ? "" : ", " + total(plan.queued()) + " still waiting");
        }
        Optional<Evaluation> blocked = evals.blocked(job.id());
        if (blocked.isEmpty() || triggeredBy.equals(Evaluations.JOB_REGISTER)) {
            return settle(job, plan, triggeredBy);
        }
        evals.reevaluated(job.id(), plan.failures(), queued(job, plan));
        waitFor(job, !plan.failures().isEmpty());
        return evals.find(blocked.get().id()).orElseThrow();
    }

    /** Serialised with registrations: a stop is never crossed by a new version being placed. */
    @Override
    public synchronized CompletionStage<Void> stop(String jobId, boolean purge) {
        List<AllocationView> of = allocationsOf(jobId);
        Job pending = waiting.get(jobId);
        if (of.isEmpty() && pending == null) {
            throw new IllegalArgumentException("no job " + jobId);
        }
        Job job = pending != null ? pending : newest(of);
        // What waits is given up: a stopped job is placed no more, as Nomad cancels its blocked evaluation.
        waitFor(job, false);
        evals.complete(job, Evaluations.JOB_DEREGISTER, Map.of(), Map.of());
        CompletionStage<Void> dead = of.isEmpty() ? CompletableFuture.completedFuture(null)
                : allocs.stop(of.stream().map(a -> a.allocation().id()).toList(), purge);
        LOG.info("Job {} {}: {} allocation(s) stopping", jobId, purge ? "stopped and purged" : "stopped", of.size());
        // Not on the thread that completes the stop: that may be the store's, which placing writes to.
        dead.thenRunAsync(this::capacityFreed);
        return dead;
    }

    @Override
    public synchronized int collectGarbage() {
        int collected = allocs.collectDeadJobs();
        Set<String> known = new HashSet<>(waiting.keySet());
        allocs.list().forEach(a -> known.add(a.allocation().job().id()));
        evals.retain(known);
        return collected;
    }

    @Override
    public synchronized List<JobView> list() {
        Map<String, List<AllocationView>> byJob = new TreeMap<>();
        waiting.keySet().forEach(id -> byJob.put(id, new ArrayList<>()));
        for (AllocationView a : allocs.list()) {
            if (a.allocation().desiredStatus() != DesiredStatus.PURGE) {
                byJob.computeIfAbsent(a.allocation().job().id(), k -> new ArrayList<>()).add(a);
            }
        }
        List<JobView> views = new ArrayList<>();
        byJob.forEach((id, of) -> views.add(view(id, of)));
        return views;
    }

    @Override
    public synchronized Optional<JobView> get(String jobId) {
        List<AllocationView> of = allocationsOf(jobId);
        return of.isEmpty() && !waiting.containsKey(jobId) ? Optional.empty() : Optional.of(view(jobId, of));
    }

    @Override
    public synchronized Optional<Evaluation> evaluation(String evalId) {
        return evals.find(evalId);
    }

    /**
     * A job's allocations, those being forgotten (a purged job, an old version) left out: as in
     * Nomad, a purged job is gone at once, and one run again afterwards starts at version 0.
     */
    private List<AllocationView> allocationsOf(String jobId) {
        return allocs.list().stream().filter(a -> a.allocation().job().id().equals(jobId)
                && a.allocation().desiredStatus() != DesiredStatus.PURGE).toList();
    }

    private List<String> idsOf(Job job) {
        return allocationsOf(job.id()).stream().filter(a -> a.allocation().job().version() == job.version())
                .map(a -> a.allocation().id()).toList();
    }

    private static Job newest(List<AllocationView> of) {
        return of.stream().map(a -> a.allocation().job()).max(Comparator.comparingLong(Job::version)).orElseThrow();
    }

    /**
     * The newest version is the highest: old versions are removed once dead. Nomad's status: a job
     * with an allocation that is not terminal is running; else one with allocations waiting to be
     * placed is pending; else (all terminal, or told to stop) it is dead.
     */
    private JobView view(String jobId, List<AllocationView> of) {
        Job pending = waiting.get(jobId);
        Job job = pending != null ? pending : newest(of);
        List<AllocationView> shown = of.stream().filter(a -> a.allocation().job().version() == job.version()
                || (pending != null && !a.allocation().desiredStatus().stopped()))
                .sorted(Comparator.comparing((AllocationView a) -> a.allocation().group())
                        .thenComparing(a -> a.allocation().index()))
                .toList();
        String status = !of.stream().allMatch(JobManager::terminal) ? "running" : pending != null ? "pending" : "dead";
        return new JobView(job, status, shown, evals.of(jobId));
    }

    private static boolean terminal(AllocationView a) {
        return a.allocation().desiredStatus().stopped() || a.status() == ClientStatus.COMPLETE
                || a.status() == ClientStatus.FAILED;
    }

    /** Nomad's queued allocations: every group of the job, 0 for one that has all it asked for. */
    private static Map<String, Integer> queued(Job job, Placement.Plan plan) {
        Map<String, Integer> q = new LinkedHashMap<>();
        job.groups().forEach(g -> q.put(g.name(), plan.queued().getOrDefault(g.name(), 0)));
        return q;
    }

    private static int total(Map<String, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }
}
