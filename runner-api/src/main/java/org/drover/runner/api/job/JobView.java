package org.drover.runner.api.job;

import java.util.List;

import org.drover.runner.api.alloc.AllocationView;
import org.drover.runner.api.model.Job;

/**
 * A job and its allocations now.
 *
 * @param job      the job's current version
 * @param status   Nomad's job status: {@code running} while an allocation is not terminal, else {@code dead}
 * @param allocs   the allocations of its current version
 */
public record JobView(Job job, String status, List<AllocationView> allocs) {
    public JobView {
        allocs = List.copyOf(allocs);
    }
}
