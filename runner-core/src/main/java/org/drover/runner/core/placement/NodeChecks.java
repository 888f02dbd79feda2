package org.drover.runner.core.placement;

import java.util.List;
import java.util.Optional;

import org.drover.runner.api.model.Constraint;
import org.drover.runner.api.model.Job;
import org.drover.runner.api.model.Task;
import org.drover.runner.api.model.TaskGroup;
import org.drover.runner.api.node.Node;

/**
 * What a task group asks of the node itself, in the order of Nomad's stack: the job's datacenters
 * and pool, the job's constraints, the tasks' drivers, then the group's and its tasks' constraints,
 * then what a bridge network needs ({@link BridgeChecks}).
 */
final class NodeChecks {

    /** Nomad's reason for a node without a task's driver, or whose driver is unhealthy. */
    static final String MISSING_DRIVERS = "missing drivers";
    /** The pool that takes every node. */
    static final String ALL_POOLS = "all";

    private NodeChecks() {
    }

    /** Whether the node is among those the job may use at all: one of its datacenters, its pool. */
    static boolean eligible(Job job, Node node) {
        boolean pool = job.nodePool().isEmpty() || ALL_POOLS.equals(job.nodePool())
                || job.nodePool().equals(node.nodePool());
        return pool && inAnyDatacenter(job.datacenters(), node.datacenter());
    }

    /** Each entry a glob with {@code *} as its only wildcard; none at all means any, as Nomad defaults it. */
    static boolean inAnyDatacenter(List<String> datacenters, String dc) {
        return datacenters.isEmpty() || datacenters.stream().anyMatch(glob -> Glob.matches(glob, dc));
    }

    /** The first reason the node cannot run the group, or empty when it can. */
    static Optional<String> filter(Job job, TaskGroup group, Node node) {
        Optional<String> failed = firstFailing(job.constraints(), node);
        if (failed.isPresent()) {
            return failed;
        }
        for (Task t : group.tasks()) {
            String attr = node.attributes().get("driver." + t.driver());
            if (attr == null || !GoBool.parse(attr).orElse(false)) {
                return Optional.of(MISSING_DRIVERS);
            }
        }
        failed = firstFailing(group.constraints(), node);
        for (int i = 0; failed.isEmpty() && i < group.tasks().size(); i++) {
            failed = firstFailing(group.tasks().get(i).constraints(), node);
        }
        return failed.or(() -> BridgeChecks.filter(group, node));
    }

    private static Optional<String> firstFailing(List<Constraint> constraints, Node node) {
        for (Constraint c : constraints) {
            if (!Operators.check(c.operand(), Targets.resolve(c.lTarget(), node), Targets.resolve(c.rTarget(), node))) {
                return Optional.of(c.toString());
            }
        }
        return Optional.empty();
    }
}
