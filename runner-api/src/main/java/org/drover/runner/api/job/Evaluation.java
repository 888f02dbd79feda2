package org.drover.runner.api.job;

import java.util.Map;
import java.util.Objects;

/**
 * One of Nomad's evaluations: the scheduler's decision for a job at one moment. A registration is
 * evaluated at once ({@code complete}); what it could not place waits in a {@code blocked} one that
 * is evaluated again whenever the node changes.
 *
 * @param id                the evaluation's ID
 * @param type              the job's type ({@code service}, {@code batch}, ...)
 * @param triggeredBy       {@code job-register}, {@code job-deregister}, {@code queued-allocs}, ...
 * @param jobId             the job evaluated
 * @param jobModifyIndex    the index of the job's registration it evaluated
 * @param status            {@code complete}, {@code blocked}, {@code canceled}
 * @param statusDescription why it has that status, or empty
 * @param failedTgAllocs    per task group, why allocations were not placed
 * @param blockedEval       the blocked evaluation that places the remainder, or empty
 * @param previousEval      the evaluation this one follows, or empty
 * @param queuedAllocations per task group, allocations not yet placed
 * @param createIndex       the index it was created at
 * @param modifyIndex       the index it was last changed at
 * @param createTimeNanos   when it was created, Unix nanoseconds
 * @param modifyTimeNanos   when it was last changed, Unix nanoseconds
 */
public record Evaluation(String id, String type, String triggeredBy, String jobId, long jobModifyIndex,
        String status, String statusDescription, Map<String, AllocMetric> failedTgAllocs, String blockedEval,
        String previousEval, Map<String, Integer> queuedAllocations, long createIndex, long modifyIndex,
        long createTimeNanos, long modifyTimeNanos) {

    public static final String COMPLETE = "complete";
    public static final String BLOCKED = "blocked";
    public static final String CANCELED = "canceled";

    public Evaluation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(triggeredBy, "triggeredBy");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(statusDescription, "statusDescription");
        failedTgAllocs = Map.copyOf(failedTgAllocs);
        Objects.requireNonNull(blockedEval, "blockedEval");
        Objects.requireNonNull(previousEval, "previousEval");
        queuedAllocations = Map.copyOf(queuedAllocations);
    }

    /** This evaluation, changed at {@code index} and {@code nanos}: a new status, failures and queue. */
    public Evaluation changed(String newStatus, String description, Map<String, AllocMetric> failures,
            Map<String, Integer> queued, long index, long nanos) {
        return new Evaluation(id, type, triggeredBy, jobId, jobModifyIndex, newStatus, description, failures,
                blockedEval, previousEval, queued, createIndex, index, createTimeNanos, nanos);
    }
}
