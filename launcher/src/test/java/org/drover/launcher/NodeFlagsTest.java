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
