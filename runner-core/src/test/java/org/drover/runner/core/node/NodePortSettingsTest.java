package org.drover.runner.core.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.util.BitSet;
import java.util.Map;

import org.drover.runner.api.node.Node;
import org.drover.runner.api.node.NodePorts;
import org.junit.jupiter.api.Test;

/** The client's min_dynamic_port, max_dynamic_port and reserved_ports, and the node's address they are on. */
class NodePortSettingsTest {

    @Test
    void nomadsDefaultRangeAndNothingReserved() {
        NodeSettings s = NodeSettings.of(Map.of(), k -> null, "h");
        assertEquals(new NodePorts("10.0.0.5", 20000, 32000, ""), s.ports("10.0.0.5"));
    }

    @Test
    void theFileSetsThemAndTheFlagsWin() {
        Map<String, Object> file = Map.of("min_dynamic_port", "21000", "max_dynamic_port", 22000,
                "reserved_ports", "22,80,8500-8600");
        assertEquals(new NodePorts("ip", 21000, 22000, "22,80,8500-8600"),
                NodeSettings.of(file, k -> null, "h").ports("ip"));
        Map<String, String> flags = Map.of(NodeSettings.FLAG_MIN_DYNAMIC_PORT, "21500",
                NodeSettings.FLAG_RESERVED_PORTS, "9000");
        assertEquals(new NodePorts("ip", 21500, 22000, "9000"), NodeSettings.of(file, flags::get, "h").ports("ip"));
    }

    /** Nomad's agent refuses these; here they are logged and the defaults hold. */
    @Test
    void aBadRangeOrListFallsBackToTheDefaults() {
        assertEquals(new NodePorts("ip", 20000, 32000, ""), NodeSettings.of(Map.of("min_dynamic_port", "30000",
                "max_dynamic_port", "25000", "reserved_ports", "22,x"), k -> null, "h").ports("ip"));
        assertEquals(new NodePorts("ip", 20000, 32000, ""), NodeSettings.of(Map.of("max_dynamic_port", "70000"),
                k -> null, "h").ports("ip"));
        assertEquals(new NodePorts("ip", 20000, 32000, ""), NodeSettings.of(Map.of("min_dynamic_port", "lots"),
                k -> null, "h").ports("ip"));
    }

    @Test
    void reservedPortsInNomadsSyntax() {
        BitSet expected = new BitSet();
        expected.set(22);
        expected.set(80);
        expected.set(8500, 8601);
        assertEquals(expected, NodePorts.parse("22, 80,8500-8600"));
        assertEquals(new BitSet(), NodePorts.parse(""));
    }

    @Test
    void reservedPortsRefusedInNomadsWords() {
        assertEquals("error parsing reserved_ports: strconv.ParseUint: parsing \"x\": invalid syntax", refusal("22,x"));
        assertEquals("error parsing reserved_ports: can't specify empty port", refusal("22,"));
        assertEquals("error parsing reserved_ports: port must be > 0", refusal("0"));
        assertEquals("error parsing reserved_ports: port must be < 65536 but found 70000", refusal("70000"));
        assertEquals("error parsing reserved_ports: invalid range: ending value (10) less than starting (20) value",
                refusal("20-10"));
        assertEquals("error parsing reserved_ports: can only parse single port numbers or port ranges "
                + "(ex. 80,100-120,150)", refusal("1-2-3"));
    }

    @Test
    void rangesRefusedInNomadsWords() {
        assertEquals("Invalid dynamic port range: min_dynamic_port=30000 and max_dynamic_port=25000",
                assertThrows(IllegalArgumentException.class, () -> new NodePorts("", 30000, 25000, "")).getMessage());
        assertEquals("Invalid dynamic port range: max_dynamic_port=70000",
                assertThrows(IllegalArgumentException.class, () -> new NodePorts("", 1, 70000, "")).getMessage());
    }

    @Test
    void theNodeCarriesThemOnItsAddress() {
        NodeSettings s = NodeSettings.of(Map.of("reserved_ports", "22"), k -> null, "h");
        Node n = new LocalNode("id", s, Map.of(Node.IP_ADDRESS, "192.168.1.9"), Clock.systemUTC()).node();
        assertEquals(new NodePorts("192.168.1.9", 20000, 32000, "22"), n.ports());
    }

    private static String refusal(String spec) {
        return assertThrows(IllegalArgumentException.class, () -> NodePorts.parse(spec)).getMessage();
    }
}
