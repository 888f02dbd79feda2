package org.drover.runner.core.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.drover.runner.api.model.AllocatedNetwork;
import org.drover.runner.api.model.AllocatedPort;
import org.drover.runner.api.model.JobType;
import org.drover.runner.api.model.LogConfig;
import org.drover.runner.api.model.NetworkResource;
import org.drover.runner.api.model.Port;
import org.drover.runner.api.model.Resources;
import org.drover.runner.api.model.RestartPolicy;
import org.drover.runner.api.model.Stanzas;
import org.drover.runner.api.model.Task;
import org.drover.runner.api.model.TaskGroup;
import org.drover.runner.api.node.NodePorts;
import org.drover.runner.core.placement.PortIndex.PortsUnavailable;
import org.junit.jupiter.api.Test;

/** Host ports as Nomad's network index hands them out on one node. */
class PortIndexTest {

    static final String IP = "10.1.2.3";
    static final NodePorts NODE = NodePorts.defaults(IP);

    static TaskGroup group(NetworkResource network, Task... tasks) {
        List<Task> list = tasks.length == 0 ? List.of(Task.of("t", "mock", Map.of())) : List.of(tasks);
        return new TaskGroup("web", 1, RestartPolicy.defaultFor(JobType.SERVICE), Map.of(), list, List.of(),
                Stanzas.NONE, network == null ? List.of() : List.of(network));
    }

    static TaskGroup group(Port... ports) {
        return group(NetworkResource.host(List.of(ports)));
    }

    static Task legacy(String name, Port... ports) {
        return new Task(name, "mock", Map.of(), Map.of(), Map.of(), Resources.DEFAULT, LogConfig.DEFAULT,
                Duration.ofSeconds(5), "SIGINT", Duration.ZERO, false, "", List.of(), Stanzas.NONE,
                List.of(NetworkResource.host(List.of(ports))));
    }

    static AllocatedNetwork holding(int... ports) {
        List<AllocatedPort> list = new ArrayList<>();
        for (int p : ports) {
            list.add(new AllocatedPort("p" + p, p, 0, IP, false));
        }
        return new AllocatedNetwork(NetworkResource.HOST, list, Map.of());
    }

    static String refusal(PortIndex index, TaskGroup group) {
        return assertThrows(PortsUnavailable.class, () -> index.assign(group)).getMessage();
    }

    @Test
    void aStaticPortIsTheHostPortAsWrittenOnTheNodesAddress() throws Exception {
        AllocatedNetwork n = new PortIndex(NODE, List.of()).assign(group(Port.fixed("http", 8080)));
        assertEquals(new AllocatedNetwork("host", List.of(new AllocatedPort("http", 8080, 0, IP, false)), Map.of()), n);
    }

    @Test
    void aDynamicPortIsPickedInTheNodesRange() throws Exception {
        AllocatedPort p = new PortIndex(NODE, List.of()).assign(group(new Port("http", 0, 8080, "", false))).ports()
                .get(0);
        assertTrue(p.value() >= 20000 && p.value() <= 32000, "picked " + p.value());
        assertEquals(8080, p.to());
        assertEquals(IP, p.hostIp());
    }

    @Test
    void aStaticPortHeldByALiveAllocationCollides() {
        assertEquals("reserved port collision http=8080",
                refusal(new PortIndex(NODE, List.of(holding(8080))), group(Port.fixed("http", 8080))));
    }

    @Test
    void twoStaticPortsOfOneAskCollideWithEachOther() {
        assertEquals("reserved port collision b=9000",
                refusal(new PortIndex(NODE, List.of()), group(Port.fixed("a", 9000), Port.fixed("b", 9000))));
    }

    @Test
    void ignoreCollisionSharesAStaticPort() throws Exception {
        PortIndex index = new PortIndex(NODE, List.of(holding(53)));
        AllocatedNetwork n = index.assign(group(new Port("dns", 53, 0, "", true)));
        assertEquals(List.of(new AllocatedPort("dns", 53, 0, IP, true)), n.ports());
        assertEquals(53, index.assign(group(new Port("dns", 53, 0, "", true))).ports().get(0).value());
    }

    @Test
    void aReservedPortIsNeitherGivenStaticallyNorPicked() throws Exception {
        NodePorts node = new NodePorts(IP, 30000, 30003, "22,30000-30002");
        assertEquals("reserved port collision ssh=22", refusal(new PortIndex(node, List.of()),
                group(Port.fixed("ssh", 22))));
        for (int seed = 0; seed < 20; seed++) {
            PortIndex index = new PortIndex(node, List.of(), new Random(seed));
            assertEquals(30003, index.assign(group(Port.dynamic("http"))).ports().get(0).value());
        }
    }

    @Test
    void anExhaustedRangeFailsAsNomadsPreciseSelection() throws Exception {
        NodePorts tiny = new NodePorts(IP, 40000, 40001, "");
        PortIndex index = new PortIndex(tiny, List.of(), new Random(7));
        AllocatedNetwork first = index.assign(group(Port.dynamic("a"), Port.dynamic("b")));
        assertEquals(Set.of(40000, 40001), Set.of(first.ports().get(0).value(), first.ports().get(1).value()));
        assertEquals("dynamic port selection failed", refusal(index, group(Port.dynamic("c"))));
        assertEquals("dynamic port selection failed",
                refusal(new PortIndex(tiny, List.of(holding(40000, 40001))), group(Port.dynamic("c"))));
    }

    @Test
    void aFailedAskTakesNothing() throws Exception {
        NodePorts tiny = new NodePorts(IP, 40000, 40000, "");
        PortIndex index = new PortIndex(tiny, List.of(holding(8080)));
        assertEquals("reserved port collision web=8080", refusal(index, group(Port.dynamic("a"), Port.fixed("web",
                8080))));
        assertEquals(40000, index.assign(group(Port.dynamic("a"))).ports().get(0).value());
    }

    @Test
    void toMinusOneBecomesTheHostPort() throws Exception {
        AllocatedNetwork n = new PortIndex(NODE, List.of()).assign(group(new Port("http", 0, -1, "", false),
                new Port("admin", 9090, -1, "", false)));
        assertEquals(n.ports().get(0).value(), n.ports().get(0).to());
        assertEquals(new AllocatedPort("admin", 9090, 9090, IP, false), n.ports().get(1));
    }

    @Test
    void portsKeepTheOrderWrittenAndStaticOnesAreNeverPickedForDynamicOnes() throws Exception {
        NodePorts tiny = new NodePorts(IP, 40000, 40001, "");
        for (int seed = 0; seed < 20; seed++) {
            AllocatedNetwork n = new PortIndex(tiny, List.of(), new Random(seed))
                    .assign(group(Port.dynamic("a"), Port.fixed("b", 40000)));
            assertEquals(List.of(new AllocatedPort("a", 40001, 0, IP, false),
                    new AllocatedPort("b", 40000, 0, IP, false)), n.ports());
        }
    }

    @Test
    void legacyTaskPortsArePlacedAfterTheGroupsAndApartFromThem() throws Exception {
        NodePorts tiny = new NodePorts(IP, 40000, 40002, "");
        TaskGroup g = group(NetworkResource.host(List.of(Port.dynamic("http"))),
                legacy("api", Port.fixed("admin", 9000), Port.dynamic("debug")), legacy("side", Port.dynamic("x")),
                Task.of("plain", "mock", Map.of()));
        AllocatedNetwork n = new PortIndex(tiny, List.of(), new Random(3)).assign(g);
        assertEquals(Set.of("api", "side"), n.tasks().keySet());
        assertEquals("admin", n.tasks().get("api").get(0).label());
        assertEquals(9000, n.tasks().get("api").get(0).value());
        Set<Integer> values = new HashSet<>();
        n.all().forEach(p -> values.add(p.value()));
        assertEquals(Set.of(9000, 40000, 40001, 40002), values);
        assertEquals(List.of("http", "admin", "debug"), n.forTask("api").stream().map(AllocatedPort::label).toList());
        assertEquals("reserved port collision admin=9000", refusal(new PortIndex(tiny, List.of(holding(9000))), g));
    }

    @Test
    void threeAllocationsGetDistinctDynamicPorts() throws Exception {
        PortIndex index = new PortIndex(NODE, List.of());
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            index.assign(group(Port.dynamic("http"), Port.dynamic("admin"))).all().forEach(p -> seen.add(p.value()));
        }
        assertEquals(6, seen.size());
    }

    @Test
    void aGroupWithoutANetworkHoldsNothingInHostMode() throws Exception {
        assertEquals(AllocatedNetwork.NONE, new PortIndex(NODE, List.of()).assign(group((NetworkResource) null)));
        assertEquals("bridge", new PortIndex(NODE, List.of()).assign(group(new NetworkResource("bridge", "", null,
                List.of()))).mode());
    }

    @Test
    void aPortPastTheLastIsOutOfRange() {
        assertEquals("invalid port 70000 (out of range)",
                refusal(new PortIndex(NODE, List.of()), group(Port.fixed("big", 70000))));
    }
}
