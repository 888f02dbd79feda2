/**
 * Placement on this node by Nomad's scheduler rules: whether a job's task
 * group may run here (datacenters, node pool, constraints, drivers,
 * distinct_hosts, distinct_property, the node's cap) and, when it may not, the
 * failure in Nomad's {@code AllocMetric} terms.
 */
package org.drover.runner.core.placement;
