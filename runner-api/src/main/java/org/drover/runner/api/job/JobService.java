package org.drover.runner.api.job;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.drover.runner.api.model.Job;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Jobs, as a single Nomad client with its own scheduler would run them. A
 * job's state is its allocations': they are persisted with the job inside, so
 * jobs survive agent restarts without a store of their own.
 */
@ProviderType
public interface JobService {

    /**
     * Runs a job, or its new version: an unchanged job that still runs is left alone; otherwise the
     * allocations of its previous version are stopped and new ones placed (a group's {@code count},
     * one for a system job).
     *
     * @throws org.drover.runner.api.alloc.NodeFullException when the new version would take the node past
     *                                                       its cap; the previous version keeps running
     */
    Registration register(Job job);

    /** Stops every allocation of the job; completes once all are dead. */
    CompletionStage<Void> stop(String jobId);

    List<JobView> list();

    Optional<JobView> get(String jobId);

    /**
     * What a registration did.
     *
     * @param allocIds  the allocations of the job's current version
     * @param unchanged whether the job was already running as submitted
     */
    record Registration(List<String> allocIds, boolean unchanged) {
        public Registration {
            allocIds = List.copyOf(allocIds);
        }
    }
}
