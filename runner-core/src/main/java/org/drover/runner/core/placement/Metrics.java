package org.drover.runner.core.placement;

import java.util.List;
import java.util.Map;

import org.drover.runner.api.job.AllocMetric;
import org.drover.runner.api.model.Job;
import org.drover.runner.api.node.Node;

/** A placement failure on this one node, in the counts of Nomad's {@code AllocMetric}. */
record Metrics(int evaluated, int filtered, int exhausted, Map<String, Integer> available,
        Map<String, Integer> classes, Map<String, Integer> reasons, Map<String, Integer> dimensions, String pool) {

    /** The node is not in the job's datacenters or pool: no node was evaluated. */
    static Metrics noNode(Job job) {
        return new Metrics(0, 0, 0, Map.of(), Map.of(), Map.of(), Map.of(), job.nodePool());
    }

    static Metrics filtered(Job job, Node node, String reason) {
        return new Metrics(1, 1, 0, Map.of(node.datacenter(), 1), byClass(node), Map.of(reason, 1), Map.of(),
                job.nodePool());
    }

    static Metrics exhausted(Job job, Node node, String dimension) {
        return new Metrics(1, 0, 1, Map.of(node.datacenter(), 1), byClass(node), Map.of(), Map.of(dimension, 1),
                job.nodePool());
    }

    /** Nomad counts a node by class only when it has one. */
    private static Map<String, Integer> byClass(Node node) {
        return node.nodeClass().isEmpty() ? Map.of() : Map.of(node.nodeClass(), 1);
    }

    AllocMetric metric(long nanos, int coalesced) {
        return new AllocMetric(evaluated, filtered, evaluated, pool, available, filtered > 0 ? classes : Map.of(),
                reasons, exhausted, exhausted > 0 ? classes : Map.of(), dimensions, List.of(), Map.of(), nanos,
                coalesced);
    }
}
