package org.drover.runner.api.job;

import java.util.List;

import org.drover.runner.api.alloc.AllocationView;
import org.drover.runner.api.model.Job;

/**
 * A job and its allocations now.
 *
 * @param job         the job's current version
 * @param status      Nomad's job status: {@code running} while an allocation is not terminal, else
 *                    {@code pending} while allocations wait to be placed, else {@code dead}
 * @param allocs      the allocations of its current version, and those of older versions still running
 *                    while the current one waits to be placed
 * @param evaluations the job's evaluations, oldest first
 */
public record JobView(Job job, String status, List<AllocationView> allocs, List<Evaluation> evaluations) {
    public JobView {
        allocs = List.copyOf(allocs);
        evaluations = List.copyOf(evaluations);
    }

    /** A job without evaluations. */
    public JobView(Job job, String status, List<AllocationView> allocs) {
        this(job, status, allocs, List.of());
    }
}
