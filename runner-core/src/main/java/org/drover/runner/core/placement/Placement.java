package org.drover.runner.core.placement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.drover.runner.api.job.AllocMetric;
import org.drover.runner.api.model.AllocatedNetwork;
import org.drover.runner.api.model.Constraint;
import org.drover.runner.api.model.Job;
import org.drover.runner.api.model.TaskGroup;
import org.drover.runner.api.node.Node;

/**
 * How many of a job's allocations this node takes, group by group and one allocation at a time as
 * Nomad's scheduler places them, and why the others are not placed. Once an allocation of a group
 * fails, the group's remaining ones fail alike (Nomad's coalesced failures).
 */
public final class Placement {

    /** Nomad's dimension for a node at its {@code node_max_allocs}. */
    public static final String MAX_ALLOCS = "max allocation exceeded";

    /** Nomad's prefix of a dimension the network index gives. */
    public static final String NETWORK = "network: ";

    /**
     * @param placed   per group, how many allocations the node takes now
     * @param failures per group, why the others are not placed
     * @param networks per group, the ports of each allocation placed, in order
     */
    public record Plan(Map<String, Integer> placed, Map<String, AllocMetric> failures,
            Map<String, List<AllocatedNetwork>> networks) {
        public Plan {
            placed = Map.copyOf(placed);
            failures = Map.copyOf(failures);
            Map<String, List<AllocatedNetwork>> copied = new LinkedHashMap<>();
            networks.forEach((g, n) -> copied.put(g, List.copyOf(n)));
            networks = Map.copyOf(copied);
        }

        /** The ports of the {@code i}th allocation of {@code group} placed. */
        public AllocatedNetwork network(String group, int i) {
            List<AllocatedNetwork> of = networks.getOrDefault(group, List.of());
            return i < of.size() ? of.get(i) : AllocatedNetwork.NONE;
        }

        /** Per group, the allocations left waiting. */
        public Map<String, Integer> queued() {
            Map<String, Integer> q = new LinkedHashMap<>();
            failures.forEach((g, m) -> q.put(g, m.failed()));
            return q;
        }
    }

    private Placement() {
    }

    /** A plan on a node whose ports nothing holds. */
    public static Plan plan(Job job, Node node, Map<String, Integer> wanted, List<String> staying, int room) {
        return plan(job, node, wanted, staying, room, List.of());
    }

    /**
     * @param wanted  per group, the allocations to place
     * @param staying the groups of the job's allocations that stay on the node (distinct_* count them)
     * @param room    how many more allocations the node's cap lets it take
     * @param held    the ports of the allocations that keep them: those not terminal and not replaced
     */
    public static Plan plan(Job job, Node node, Map<String, Integer> wanted, List<String> staying, int room,
            List<AllocatedNetwork> held) {
        Map<String, Integer> placed = new LinkedHashMap<>();
        Map<String, AllocMetric> failures = new LinkedHashMap<>();
        Map<String, List<AllocatedNetwork>> networks = new LinkedHashMap<>();
        PortIndex ports = new PortIndex(node.ports(), held);
        List<String> proposed = new ArrayList<>(staying);
        int left = room;
        for (TaskGroup group : job.groups()) {
            int want = wanted.getOrDefault(group.name(), 0);
            if (want <= 0) {
                continue;
            }
            long start = System.nanoTime();
            Optional<Metrics> failed = NodeChecks.eligible(job, node)
                    ? NodeChecks.filter(job, group, node).or(() -> HostNetworks.missing(group, node))
                            .map(r -> Metrics.filtered(job, node, r))
                    : Optional.of(Metrics.noNode(job));
            int n = 0;
            List<AllocatedNetwork> assigned = new ArrayList<>();
            while (failed.isEmpty() && n < want) {
                Optional<String> distinct = distinct(job, group, node, proposed);
                if (distinct.isPresent()) {
                    failed = Optional.of(Metrics.filtered(job, node, distinct.get()));
                } else if (left <= 0) {
                    failed = Optional.of(Metrics.exhausted(job, node, MAX_ALLOCS));
                } else {
                    try {
                        assigned.add(ports.assign(group));
                        n++;
                        left--;
                        proposed.add(group.name());
                    } catch (PortIndex.PortsUnavailable e) {
                        failed = Optional.of(Metrics.exhausted(job, node, NETWORK + e.getMessage()));
                    }
                }
            }
            placed.put(group.name(), n);
            networks.put(group.name(), assigned);
            if (failed.isPresent()) {
                failures.put(group.name(), failed.get().metric(System.nanoTime() - start, want - n - 1));
            }
        }
        return new Plan(placed, failures, networks);
    }

    /** Nomad's distinct_hosts, then its distinct_property sets: the job's, then the group's. */
    private static Optional<String> distinct(Job job, TaskGroup group, Node node, List<String> proposed) {
        boolean jobHosts = distinctHosts(job.constraints());
        boolean groupHosts = distinctHosts(group.constraints());
        if ((jobHosts || groupHosts) && ((jobHosts && !proposed.isEmpty()) || proposed.contains(group.name()))) {
            return Optional.of(Operators.DISTINCT_HOSTS);
        }
        for (Constraint c : job.constraints()) {
            if (c.operand().equals(Operators.DISTINCT_PROPERTY)) {
                Optional<String> r = distinctProperty(c, node, proposed.size());
                if (r.isPresent()) {
                    return r;
                }
            }
        }
        long ofGroup = proposed.stream().filter(group.name()::equals).count();
        for (Constraint c : group.constraints()) {
            if (c.operand().equals(Operators.DISTINCT_PROPERTY)) {
                Optional<String> r = distinctProperty(c, node, ofGroup);
                if (r.isPresent()) {
                    return r;
                }
            }
        }
        return Optional.empty();
    }

    /** On; {@code false} or the like turns it off, and a value that is no boolean leaves it on, as in Nomad. */
    private static boolean distinctHosts(List<Constraint> constraints) {
        return constraints.stream().filter(c -> c.operand().equals(Operators.DISTINCT_HOSTS)).findFirst()
                .map(c -> c.rTarget().isEmpty() || GoBool.parse(c.rTarget()).orElse(true)).orElse(false);
    }

    /** Every allocation counted is on this node, so all share its value of the property. */
    private static Optional<String> distinctProperty(Constraint c, Node node, long used) {
        long allowed = 1;
        if (!c.rTarget().isEmpty()) {
            try {
                allowed = Long.parseUnsignedLong(c.rTarget());
            } catch (NumberFormatException e) {
                return Optional.of("failed to convert RTarget \"" + c.rTarget() + "\" to uint64: strconv.ParseUint:"
                        + " parsing \"" + c.rTarget() + "\": invalid syntax");
            }
        }
        Optional<String> value = Targets.resolve(c.lTarget(), node);
        if (value.isEmpty()) {
            return Optional.of("missing property \"" + c.lTarget() + "\"");
        }
        if (Long.compareUnsigned(used, allowed) < 0) {
            return Optional.empty();
        }
        return Optional.of("distinct_property: " + c.lTarget() + "=" + value.get() + " used by " + used + " allocs");
    }
}
