package org.drover.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/** {@code drover agent}'s node flags, as Nomad's agent spells and checks them. */
class NodeFlagsTest {

    @Test
    void theFlagsParseAsNomadsAgentSpellsThem() throws Exception {
        AgentCommand agent = new AgentCommand();
        new CommandLine(agent).parseArgs("-dc", "eu1", "-node", "web-3", "-node-class", "gpu", "-node-pool", "edge",
                "-region", "europe", "-meta", "rack=r7", "-meta", "note=a=b");
        NodeFlags flags = new NodeFlags(agent.datacenter, agent.nodeName, agent.nodeClass, agent.nodePool,
                agent.region, agent.meta);
        assertEquals(Map.of("drover.node.datacenter", "eu1", "drover.node.name", "web-3", "drover.node.class", "gpu",
                "drover.node.pool", "edge", "drover.region", "europe", "drover.node.meta", "rack=r7\nnote=a=b\n"),
                flags.properties());
    }

    @Test
    void thePortFlagsReachTheCore() throws Exception {
        AgentCommand agent = new AgentCommand();
        new CommandLine(agent).parseArgs("-min-dynamic-port", "21000", "-max-dynamic-port", "22000",
                "-reserved-ports", "22,8500-8600");
        NodeFlags flags = new NodeFlags(null, null, null, null, null, List.of(), agent.minDynamicPort,
                agent.maxDynamicPort, agent.reservedPorts);
        assertEquals(Map.of("drover.node.min_dynamic_port", "21000", "drover.node.max_dynamic_port", "22000",
                "drover.node.reserved_ports", "22,8500-8600"), flags.properties());
    }

    @Test
    void portFlagsRefusedInNomadsWords() {
        assertEquals("Invalid dynamic port range: min_dynamic_port=33000 and max_dynamic_port=32000",
                refusal(new NodeFlags(null, null, null, null, null, List.of(), 33000, null, null)));
        assertEquals("error parsing reserved_ports: strconv.ParseUint: parsing \"ssh\": invalid syntax",
                refusal(new NodeFlags(null, null, null, null, null, List.of(), null, null, "22,ssh")));
    }

    @Test
    void noFlagsNoProperties() throws Exception {
        assertEquals(Map.of(), NodeFlags.NONE.properties());
    }

    @Test
    void refusalsInNomadsWords() {
        assertEquals("Datacenter contains invalid characters (null or '*')", refusal(new NodeFlags("dc*", null, null,
                null, null, List.of())));
        assertEquals("invalid name \"a b\", must match regex ^[a-zA-Z0-9-_]{1,128}$", refusal(new NodeFlags(null,
                null, null, "a b", null, List.of())));
        assertEquals("Error parsing Client.Meta value: rack", refusal(new NodeFlags(null, null, null, null, null,
                List.of("rack"))));
        assertEquals("Invalid Client.Meta key: a..b", refusal(new NodeFlags(null, null, null, null, null,
                List.of("a..b=1"))));
    }

    private static String refusal(NodeFlags flags) {
        return assertThrows(LaunchException.class, flags::properties).getMessage();
    }
}
