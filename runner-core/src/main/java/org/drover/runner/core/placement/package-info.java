/**
 * Placement on this node by Nomad's scheduler rules: whether a job's task
 * group may run here (datacenters, node pool, constraints, drivers,
 * distinct_hosts, distinct_property, host networks, the node's cap, its ports)
 * and the ports each new allocation gets; when it may not, the
 * failure in Nomad's {@code AllocMetric} terms.
 */
package org.drover.runner.core.placement;
