package org.drover.runner.core.job;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.drover.runner.api.job.AllocMetric;
import org.drover.runner.api.job.Evaluation;
import org.drover.runner.api.model.Job;

/**
 * The evaluations of the jobs this node knows, kept in memory (an agent restart evaluates its waiting
 * jobs again), with Nomad's rules for a job's blocked evaluation: at most one, canceled once a later
 * evaluation of the job places everything. Not thread-safe: its owner serialises the calls.
 */
final class Evaluations {

    static final String JOB_REGISTER = "job-register";
    static final String JOB_DEREGISTER = "job-deregister";
    static final String QUEUED_ALLOCS = "queued-allocs";
    static final String NODE_UPDATE = "node-update";
    /** Nomad's description of the evaluation a failed placement leaves blocked. */
    static final String BLOCKED_DESCRIPTION = "created to place remaining allocations";
    /** Enough for {@code job status} to show a job's recent history without growing for ever. */
    private static final int KEPT_PER_JOB = 20;

    private final Map<String, List<Evaluation>> byJob = new LinkedHashMap<>();
    private long index;

    /**
     * A finished evaluation of the job and, when allocations are left, the blocked one that waits to
     * place them, which stands in for any blocked before it.
     */
    Evaluation complete(Job job, String triggeredBy, Map<String, AllocMetric> failures, Map<String, Integer> queued) {
        long at = ++index;
        long now = now();
        String id = UUID.randomUUID().toString();
        Optional<Evaluation> before = blocked(job.id());
        String blockedId = "";
        if (failures.isEmpty()) {
            before.ifPresent(b -> replace(b.changed(Evaluation.CANCELED, "evaluation \"" + id + "\" successful",
                    b.failedTgAllocs(), Map.of(), at, now)));
        } else {
            before.ifPresent(b -> replace(b.changed(Evaluation.CANCELED, "existing blocked evaluation exists for job \""
                    + job.id() + "\"", b.failedTgAllocs(), Map.of(), at, now)));
            blockedId = UUID.randomUUID().toString();
        }
        Evaluation done = new Evaluation(id, job.type().wire(), triggeredBy, job.id(), at, Evaluation.COMPLETE, "",
                failures, blockedId, "", queued, at, at, now, now);
        add(done);
        if (!failures.isEmpty()) {
            add(new Evaluation(blockedId, job.type().wire(), QUEUED_ALLOCS, job.id(), at, Evaluation.BLOCKED,
                    BLOCKED_DESCRIPTION, failures, "", id, queued, at, at, now, now));
        }
        return done;
    }

    /** The job's blocked evaluation evaluated again: complete once nothing is left, else blocked still. */
    void reevaluated(String jobId, Map<String, AllocMetric> failures, Map<String, Integer> queued) {
        blocked(jobId).ifPresent(b -> {
            if (!failures.equals(b.failedTgAllocs()) || failures.isEmpty()) {
                replace(b.changed(failures.isEmpty() ? Evaluation.COMPLETE : Evaluation.BLOCKED,
                        failures.isEmpty() ? "" : BLOCKED_DESCRIPTION, failures, queued, ++index, now()));
            }
        });
    }

    Optional<Evaluation> blocked(String jobId) {
        return of(jobId).stream().filter(e -> e.status().equals(Evaluation.BLOCKED)).reduce((a, b) -> b);
    }

    List<Evaluation> of(String jobId) {
        return List.copyOf(byJob.getOrDefault(jobId, List.of()));
    }

    Optional<Evaluation> find(String evalId) {
        return byJob.values().stream().flatMap(List::stream).filter(e -> e.id().equals(evalId)).findFirst();
    }

    /** Forgets the evaluations of every job not in {@code known}. */
    void retain(java.util.Set<String> known) {
        byJob.keySet().retainAll(known);
    }

    private void add(Evaluation e) {
        List<Evaluation> list = byJob.computeIfAbsent(e.jobId(), k -> new ArrayList<>());
        list.add(e);
        if (list.size() > KEPT_PER_JOB) {
            list.remove(0);
        }
    }

    private void replace(Evaluation e) {
        List<Evaluation> list = byJob.get(e.jobId());
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).id().equals(e.id())) {
                list.set(i, e);
            }
        }
    }

    private static long now() {
        java.time.Instant t = java.time.Instant.now();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
