package org.drover.runner.core.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.drover.runner.api.model.AllocatedPort;
import org.junit.jupiter.api.Test;

/** Nomad's bridge conflist, and what each plugin is handed on stdin. */
class CniConfigTest {

    private static final CniPlugins.Invocation INV = new CniPlugins.Invocation("a1", "/var/run/netns/a1", "eth0",
            Map.of("IgnoreUnknown", "true"), List.of(new PortMapping(25000, 8080, "tcp", "")));

    @Test
    void theConflistIsNomadsBridgeNetwork() {
        assertEquals("{\"cniVersion\":\"0.4.0\",\"name\":\"nomad\",\"plugins\":["
                + "{\"type\":\"loopback\"},"
                + "{\"type\":\"bridge\",\"bridge\":\"nomad\",\"ipMasq\":true,\"isGateway\":true,\"forceAddress\":true,"
                + "\"hairpinMode\":false,\"ipam\":{\"type\":\"host-local\",\"ranges\":[[{\"subnet\":\"172.26.64.0/20\"}]],"
                + "\"routes\":[{\"dst\":\"0.0.0.0/0\"}],\"dataDir\":\"/var/run/cni\"}},"
                + "{\"type\":\"firewall\",\"backend\":\"iptables\",\"iptablesAdminChainName\":\"NOMAD-ADMIN\"},"
                + "{\"type\":\"portmap\",\"capabilities\":{\"portMappings\":true},\"snat\":true}]}",
                BridgeConfig.DEFAULT.conflist());
    }

    @Test
    void aPluginGetsTheListsNameAndVersionAndThePreviousResult() {
        Map<String, Object> loopback = BridgeConfig.DEFAULT.plugins().get(0);
        assertEquals("{\"type\":\"loopback\",\"cniVersion\":\"0.4.0\",\"name\":\"nomad\"}",
                CniPlugins.pluginConfig(loopback, INV, null));
        Map<String, Object> firewall = BridgeConfig.DEFAULT.plugins().get(2);
        assertEquals("{\"type\":\"firewall\",\"backend\":\"iptables\",\"iptablesAdminChainName\":\"NOMAD-ADMIN\","
                + "\"cniVersion\":\"0.4.0\",\"name\":\"nomad\",\"prevResult\":{\"cniVersion\":\"0.4.0\"}}",
                CniPlugins.pluginConfig(firewall, INV, Map.of("cniVersion", "0.4.0")));
    }

    @Test
    void onlyThePluginWithThePortMappingsCapabilityGetsThem() {
        Map<String, Object> portmap = BridgeConfig.DEFAULT.plugins().get(3);
        assertEquals("{\"type\":\"portmap\",\"capabilities\":{\"portMappings\":true},\"snat\":true,"
                + "\"cniVersion\":\"0.4.0\",\"name\":\"nomad\",\"runtimeConfig\":{\"portMappings\":"
                + "[{\"hostPort\":25000,\"containerPort\":8080,\"protocol\":\"tcp\"}]}}",
                CniPlugins.pluginConfig(portmap, INV, null));
    }

    @Test
    void eachPortIsMappedForTcpAndUdpToItsToOrItself() {
        List<PortMapping> m = PortMapping.of(List.of(new AllocatedPort("http", 25000, 8080, "10.0.0.5", false),
                new AllocatedPort("db", 25001, 0, "0.0.0.0", false)));
        assertEquals(List.of(new PortMapping(25000, 8080, "tcp", "10.0.0.5"),
                new PortMapping(25000, 8080, "udp", "10.0.0.5"), new PortMapping(25001, 25001, "tcp", "0.0.0.0"),
                new PortMapping(25001, 25001, "udp", "0.0.0.0")), m);
        assertEquals("{\"hostPort\":25000,\"containerPort\":8080,\"protocol\":\"tcp\",\"hostIP\":\"10.0.0.5\"}",
                Json.write(m.get(0).toJson()));
        // A wildcard address is every address: portmap says so with none.
        assertEquals("{\"hostPort\":25001,\"containerPort\":25001,\"protocol\":\"udp\"}", Json.write(m.get(3).toJson()));
    }

    @Test
    void cniArgsAreSemicolonSeparatedPairs() {
        Map<String, String> args = new java.util.LinkedHashMap<>();
        args.put("IgnoreUnknown", "true");
        args.put("NOMAD_ALLOC_ID", "a1");
        assertEquals("IgnoreUnknown=true;NOMAD_ALLOC_ID=a1", CniPlugins.cniArgs(args));
    }

    @Test
    void jsonReadsWhatPluginsWrite() {
        assertEquals(Map.of("a", List.of(true, false), "b", "x\"y\n\u00e9", "n", new java.math.BigDecimal("-1.5e3")),
                Json.read(" {\"a\": [true, false], \"b\": \"x\\\"y\\n\\u00e9\", \"n\": -1.5e3, \"z\": null} ".replace(
                        ", \"z\": null", "")));
        assertEquals("{\"s\":\"tab\\there\"}", Json.write(Map.of("s", "tab\there")));
    }
}
