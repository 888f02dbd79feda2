package org.drover.runner.api.job;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Why a task group's allocations could not all be placed: Nomad's {@code AllocMetric}, as an
 * evaluation's {@code FailedTGAllocs} carries it. On one node the counts are 0 or 1.
 *
 * @param nodesEvaluated     nodes that were in the job's datacenters and pool and were checked
 * @param nodesFiltered      nodes a constraint, a driver or a distinct_* rule excluded
 * @param nodesInPool        nodes in the job's node pool and datacenters
 * @param nodePool           the job's node pool
 * @param nodesAvailable     nodes per datacenter that the job may use
 * @param classFiltered      excluded nodes per node class (nodes without a class are not counted)
 * @param constraintFiltered excluded nodes per reason: a constraint's {@code "<LTarget> <Operand> <RTarget>"},
 *                           {@code missing drivers}, {@code distinct_hosts}, {@code distinct_property: ...}
 * @param nodesExhausted     nodes that fit but had no room
 * @param classExhausted     full nodes per node class
 * @param dimensionExhausted full nodes per dimension, such as {@code max allocation exceeded}
 * @param quotaExhausted     quota limits hit (none: this node has no quotas)
 * @param scores             placement scores (none: one node has nothing to rank)
 * @param allocationTimeNanos how long the placement took
 * @param coalescedFailures  further allocations of the group that failed alike, beyond the first
 */
public record AllocMetric(int nodesEvaluated, int nodesFiltered, int nodesInPool, String nodePool,
        Map<String, Integer> nodesAvailable, Map<String, Integer> classFiltered,
        Map<String, Integer> constraintFiltered, int nodesExhausted, Map<String, Integer> classExhausted,
        Map<String, Integer> dimensionExhausted, List<String> quotaExhausted, Map<String, Double> scores,
        long allocationTimeNanos, int coalescedFailures) {
    public AllocMetric {
        Objects.requireNonNull(nodePool, "nodePool");
        nodesAvailable = Map.copyOf(nodesAvailable);
        classFiltered = Map.copyOf(classFiltered);
        constraintFiltered = Map.copyOf(constraintFiltered);
        classExhausted = Map.copyOf(classExhausted);
        dimensionExhausted = Map.copyOf(dimensionExhausted);
        quotaExhausted = List.copyOf(quotaExhausted);
        scores = Map.copyOf(scores);
    }

    /** How many allocations of the group these failures stand for. */
    public int failed() {
        return coalescedFailures + 1;
    }

    /** The same failure, standing for {@code more} further allocations. */
    public AllocMetric coalescing(int more) {
        return new AllocMetric(nodesEvaluated, nodesFiltered, nodesInPool, nodePool, nodesAvailable, classFiltered,
                constraintFiltered, nodesExhausted, classExhausted, dimensionExhausted, quotaExhausted, scores,
                allocationTimeNanos, coalescedFailures + more);
    }
}
