package org.drover.runner.api.job;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.drover.runner.api.model.Job;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Jobs, as a single Nomad client with its own scheduler would run them. A
 * job's state is its allocations': they are persisted with the job inside. A
 * job whose allocations could not all be placed on this node (a constraint, a
 * driver, the node's cap) is stored as well, with a blocked evaluation, until
 * they are.
 */
@ProviderType
public interface JobService {

    /**
     * Runs a job, or its new version: a job submitted as it runs is left alone; otherwise (any change
     * to what was submitted, or a job that was stopped) it becomes the job's next version, the
     * allocations of the previous one are stopped and new ones placed (a group's {@code count}, one
     * for a system job). Allocations this node cannot take (Nomad's feasibility rules, the node's cap)
     * are not placed: the job is registered all the same, with a blocked evaluation that places them
     * once the node fits; the previous version's allocations of those groups keep running meanwhile.
     */
    Registration register(Job job);

    /** Stops every allocation of the job; completes once all are dead. */
    default CompletionStage<Void> stop(String jobId) {
        return stop(jobId, false);
    }

    /**
     * Stops every allocation of the job; the stop is durable when this returns (an agent that dies
     * meanwhile finishes it and never starts the job's tasks again). Completes once all are dead;
     * with {@code purge} the job is then forgotten, with its allocations.
     *
     * @throws IllegalArgumentException when there is no such job
     */
    CompletionStage<Void> stop(String jobId, boolean purge);

    /**
     * Nomad's {@code system gc}, now: every dead job is forgotten with its allocations, whatever
     * {@code job_gc_threshold} says. Returns how many jobs were.
     */
    int collectGarbage();

    List<JobView> list();

    Optional<JobView> get(String jobId);

    /** An evaluation of a job still known, by ID. */
    Optional<Evaluation> evaluation(String evalId);

    /**
     * What a registration did.
     *
     * @param allocIds  the allocations of the job's current version
     * @param unchanged whether the job was already running as submitted
     * @param eval      the evaluation of the registration
     */
    record Registration(List<String> allocIds, boolean unchanged, Evaluation eval) {
        public Registration {
            allocIds = List.copyOf(allocIds);
            java.util.Objects.requireNonNull(eval, "eval");
        }
    }
}
