package org.drover.runner.core.network;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Nomad's bridge network as a CNI configuration list: loopback; bridge (gateway, masquerade,
 * host-local addresses from the subnet, a default route); firewall (iptables, with Nomad's admin
 * chain); portmap (the port mappings, with SNAT). Nomad's client defaults: bridge {@code nomad},
 * subnet {@code 172.26.64.0/20}, no hairpin.
 *
 * @param bridgeName the host's bridge device (Nomad's {@code bridge_network_name})
 * @param subnet     the allocations' IPv4 subnet ({@code bridge_network_subnet})
 * @param hairpin    {@code bridge_network_hairpin_mode}
 */
public record BridgeConfig(String bridgeName, String subnet, boolean hairpin) {

    public static final BridgeConfig DEFAULT = new BridgeConfig("nomad", "172.26.64.0/20", false);
    /** The CNI network's name, and the prefix of the comments its plugins put on iptables rules. */
    public static final String NETWORK_NAME = "nomad";
    public static final String CNI_VERSION = "0.4.0";
    /** The filter chain Nomad accepts forwarded traffic to the bridge in; the firewall plugin jumps to it. */
    public static final String ADMIN_CHAIN = "NOMAD-ADMIN";
    /** The plugins bridge mode runs, in order; the fingerprint requires each. */
    public static final List<String> PLUGINS = List.of("loopback", "bridge", "firewall", "portmap");
    /** What the node must have for bridge mode: the plugins and the IPAM plugin the bridge calls. */
    public static final List<String> REQUIRED = List.of("bridge", "firewall", "host-local", "loopback", "portmap");

    /** The plugin configurations, in the order ADD runs them. */
    public List<Map<String, Object>> plugins() {
        Map<String, Object> ipam = new LinkedHashMap<>();
        ipam.put("type", "host-local");
        ipam.put("ranges", List.of(List.of(Map.of("subnet", subnet))));
        ipam.put("routes", List.of(Map.of("dst", "0.0.0.0/0")));
        ipam.put("dataDir", "/var/run/cni");
        Map<String, Object> bridge = new LinkedHashMap<>();
        bridge.put("type", "bridge");
        bridge.put("bridge", bridgeName);
        bridge.put("ipMasq", true);
        bridge.put("isGateway", true);
        bridge.put("forceAddress", true);
        bridge.put("hairpinMode", hairpin);
        bridge.put("ipam", ipam);
        Map<String, Object> firewall = new LinkedHashMap<>();
        firewall.put("type", "firewall");
        firewall.put("backend", "iptables");
        firewall.put("iptablesAdminChainName", ADMIN_CHAIN);
        Map<String, Object> portmap = new LinkedHashMap<>();
        portmap.put("type", "portmap");
        portmap.put("capabilities", Map.of("portMappings", true));
        portmap.put("snat", true);
        return List.of(Map.of("type", "loopback"), bridge, firewall, portmap);
    }

    /** The whole list, as a {@code .conflist} file holds it. */
    public String conflist() {
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("cniVersion", CNI_VERSION);
        list.put("name", NETWORK_NAME);
        list.put("plugins", plugins());
        return Json.write(list);
    }
}
