package org.drover.runner.core.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.drover.runner.api.job.AllocMetric;
import org.drover.runner.api.model.AllocatedNetwork;
import org.drover.runner.api.model.AllocatedPort;
import org.drover.runner.api.model.Job;
import org.drover.runner.api.model.JobType;
import org.drover.runner.api.model.NetworkResource;
import org.drover.runner.api.model.Port;
import org.drover.runner.api.model.RestartPolicy;
import org.drover.runner.api.model.Stanzas;
import org.drover.runner.api.model.Task;
import org.drover.runner.api.model.TaskGroup;
import org.drover.runner.api.node.Node;
import org.junit.jupiter.api.Test;

/** Ports in a placement: what the live allocations hold, host networks, and the network dimension. */
class PlacementPortsTest {

    static final Node NODE = new Node("id", "box", "dc1", "global", "", "default",
            Map.of("driver.exec", "1", Node.IP_ADDRESS, "10.1.2.3"), Map.of("net", "default", "other", "dmz"));

    static Job job(int count, Port... ports) {
        TaskGroup g = new TaskGroup("web", count, RestartPolicy.defaultFor(JobType.SERVICE), Map.of(),
                List.of(Task.of("t", "exec", Map.of())), List.of(), Stanzas.NONE,
                List.of(NetworkResource.host(List.of(ports))));
        return new Job("j", "j", JobType.SERVICE, "global", "dc1", "default", Map.of(), List.of(g), "s", 0,
                List.of("*"), "default", List.of(), Stanzas.NONE);
    }

    static Placement.Plan plan(Job job, List<AllocatedNetwork> held) {
        return Placement.plan(job, NODE, Map.of("web", job.groups().get(0).count()), List.of(), Integer.MAX_VALUE,
                held);
    }

    @Test
    void eachPlacedAllocationHasItsOwnPorts() {
        Placement.Plan p = plan(job(2, Port.dynamic("http")), List.of());
        assertEquals(2, p.placed().get("web"));
        AllocatedPort a = p.network("web", 0).ports().get(0);
        AllocatedPort b = p.network("web", 1).ports().get(0);
        assertEquals("10.1.2.3", a.hostIp());
        assertEquals(false, a.value() == b.value());
    }

    @Test
    void aHeldStaticPortExhaustsTheNodeOnTheNetworkDimension() {
        AllocatedNetwork held = new AllocatedNetwork("host", List.of(new AllocatedPort("x", 8080, 0, "10.1.2.3",
                false)), Map.of());
        Placement.Plan p = plan(job(2, Port.fixed("http", 8080)), List.of(held));
        assertEquals(0, p.placed().get("web"));
        AllocMetric m = p.failures().get("web");
        assertEquals(Map.of("network: reserved port collision http=8080", 1), m.dimensionExhausted());
        assertEquals(1, m.nodesExhausted());
        assertEquals(1, m.coalescedFailures());
    }

    @Test
    void aHostNetworkTheNodeLacksFiltersIt() {
        AllocMetric m = plan(job(1, new Port("http", 0, 0, "public", false)), List.of()).failures().get("web");
        assertEquals(Map.of("missing host network \"public\" for port \"http\"", 1), m.constraintFiltered());
        assertEquals(1, m.nodesFiltered());
        m = plan(job(1, new Port("http", 0, 0, "${meta.other}", false)), List.of()).failures().get("web");
        assertEquals(Map.of("missing host network \"dmz\" for port \"http\"", 1), m.constraintFiltered());
        m = plan(job(1, new Port("http", 0, 0, "${meta.none}", false)), List.of()).failures().get("web");
        assertEquals(Map.of("invalid host network \"${meta.none}\" template for port \"http\"", 1),
                m.constraintFiltered());
    }

    @Test
    void theDefaultHostNetworkIsTheNodesAddress() {
        assertEquals(1, plan(job(1, new Port("http", 0, 0, "default", false)), List.of()).placed().get("web"));
        assertEquals(1, plan(job(1, new Port("http", 0, 0, "${meta.net}", false)), List.of()).placed().get("web"));
    }
}
