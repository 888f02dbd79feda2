package org.drover.runner.core.job;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

import org.drover.runner.api.alloc.AllocationService;
import org.drover.runner.api.alloc.AllocationView;
import org.drover.runner.api.job.JobService;
import org.drover.runner.api.job.JobView;
import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.ClientStatus;
import org.drover.runner.api.model.DesiredStatus;
import org.drover.runner.api.model.Job;
import org.drover.runner.api.model.JobType;
import org.drover.runner.api.model.TaskGroup;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jobs over the allocation service, as a Nomad client with its own scheduler
 * would place them on its single node. A job's versions are told apart by
 * value: the allocations that run the submitted job (and were not stopped) are
 * its current version; others of the same ID are older and are stopped, then
 * removed. Registrations are serialised: two of the same job never interleave.
 */
@Component(service = JobService.class)
public final class JobManager implements JobService {

    private static final Logger LOG = LoggerFactory.getLogger(JobManager.class);

    private final AllocationService allocs;

    @Activate
    public JobManager(@Reference AllocationService allocs) {
        this.allocs = allocs;
    }

    @Override
    public synchronized Registration register(Job job) {
        List<AllocationView> existing = allocationsOf(job.id());
        List<AllocationView> current = existing.stream()
                .filter(a -> a.allocation().job().sameSpec(job) && !a.allocation().desiredStatus().stopped()).toList();
        if (!current.isEmpty()) {
            LOG.info("Job {} registered unchanged (version {})", job.id(), current.get(0).allocation().job().version());
            return new Registration(current.stream().map(a -> a.allocation().id()).toList(), true);
        }
        // A changed job, or a stopped one run again, is the next version, as in Nomad.
        long version = existing.stream().mapToLong(a -> a.allocation().job().version() + 1).max().orElse(0);
        Job versioned = job.withVersion(version);
        List<Allocation> placed = new ArrayList<>();
        for (TaskGroup group : versioned.groups()) {
            int count = versioned.type().onEveryNode() ? 1 : group.count();
            for (int index = 0; index < count; index++) {
                placed.add(new Allocation(UUID.randomUUID().toString(), versioned, group.name(), index));
            }
        }
        // A version the node cannot take leaves the running one alone: the cap is checked first.
        allocs.replace(existing.stream().map(a -> a.allocation().id()).toList(), placed);
        LOG.info("Job {} registered: version {}, {} allocation(s){}", job.id(), version, placed.size(),
                existing.isEmpty() ? "" : ", replacing " + existing.size());
        return new Registration(placed.stream().map(Allocation::id).toList(), false);
    }

    /** Serialised with registrations: a stop is never crossed by a new version being placed. */
    @Override
    public synchronized CompletionStage<Void> stop(String jobId, boolean purge) {
        List<AllocationView> of = allocationsOf(jobId);
        if (of.isEmpty()) {
            throw new IllegalArgumentException("no job " + jobId);
        }
        CompletionStage<Void> dead = allocs.stop(of.stream().map(a -> a.allocation().id()).toList(), purge);
        LOG.info("Job {} {}: {} allocation(s) stopping", jobId, purge ? "stopped and purged" : "stopped", of.size());
        return dead;
    }

    @Override
    public int collectGarbage() {
        return allocs.collectDeadJobs();
    }

    @Override
    public List<JobView> list() {
        Map<String, List<AllocationView>> byJob = new LinkedHashMap<>();
        for (AllocationView a : allocs.list()) {
            if (a.allocation().desiredStatus() != DesiredStatus.PURGE) {
                byJob.computeIfAbsent(a.allocation().job().id(), k -> new ArrayList<>()).add(a);
            }
        }
        return byJob.values().stream().map(JobManager::view).sorted(Comparator.comparing(v -> v.job().id())).toList();
    }

    @Override
    public Optional<JobView> get(String jobId) {
        List<AllocationView> of = allocationsOf(jobId);
        return of.isEmpty() ? Optional.empty() : Optional.of(view(of));
    }

    /**
     * A job's allocations, those being forgotten (a purged job, an old version) left out: as in
     * Nomad, a purged job is gone at once, and one run again afterwards starts at version 0.
     */
    private List<AllocationView> allocationsOf(String jobId) {
        return allocs.list().stream().filter(a -> a.allocation().job().id().equals(jobId)
                && a.allocation().desiredStatus() != DesiredStatus.PURGE).toList();
    }

    /**
     * The newest version is the highest: old versions are removed once dead. Nomad's status: a job
     * with an allocation that is not terminal is running; one whose allocations are all terminal,
     * or were all told to stop, is dead.
     */
    private static JobView view(List<AllocationView> of) {
        Job job = of.stream().map(a -> a.allocation().job()).max(Comparator.comparingLong(Job::version)).orElseThrow();
        List<AllocationView> current = of.stream().filter(a -> a.allocation().job().equals(job))
                .sorted(Comparator.comparing((AllocationView a) -> a.allocation().group())
                        .thenComparing(a -> a.allocation().index()))
                .toList();
        String status = of.stream().allMatch(JobManager::terminal) ? "dead" : "running";
        return new JobView(job, status, current);
    }

    private static boolean terminal(AllocationView a) {
        return a.allocation().desiredStatus().stopped() || a.status() == ClientStatus.COMPLETE
                || a.status() == ClientStatus.FAILED;
    }
}
