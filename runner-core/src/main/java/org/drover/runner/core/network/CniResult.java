package org.drover.runner.core.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an ADD gave the allocation, read from the last plugin's result as Nomad reads it: of the
 * interfaces inside the namespace (those with a {@code sandbox}), by name, the first with an
 * address; its first IPv4 address, else its first IPv6 one. Without such an interface, any
 * interface with an address.
 *
 * @param interfaceName the interface inside the namespace, e.g. {@code eth0}
 * @param address       its address, without the prefix length
 * @param json          the result as the plugin wrote it: what DEL is given as {@code prevResult}
 */
public record CniResult(String interfaceName, String address, String json) {

    /** Reads a result of CNI 0.4.0 or 1.0.0; {@link CniException} when it names no address. */
    public static CniResult parse(String json) {
        Object parsed;
        try {
            parsed = Json.read(json);
        } catch (IllegalArgumentException e) {
            throw new CniException("failed to configure network: unreadable CNI result: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> result)) {
            throw new CniException("failed to configure network: the CNI result is not an object");
        }
        List<?> interfaces = list(result.get("interfaces"));
        if (interfaces.isEmpty()) {
            throw new CniException("failed to configure network: no interfaces found");
        }
        Map<String, List<String>> addresses = new TreeMap<>();
        Map<String, Boolean> sandboxed = new TreeMap<>();
        for (Object i : interfaces) {
            Map<?, ?> iface = map(i);
            String name = String.valueOf(iface.get("name"));
            addresses.putIfAbsent(name, new ArrayList<>());
            Object sandbox = iface.get("sandbox");
            sandboxed.merge(name, sandbox != null && !sandbox.toString().isEmpty(), Boolean::logicalOr);
        }
        for (Object o : list(result.get("ips"))) {
            Map<?, ?> ip = map(o);
            Object index = ip.get("interface");
            if (index instanceof Number n && n.intValue() >= 0 && n.intValue() < interfaces.size()) {
                String name = String.valueOf(map(interfaces.get(n.intValue())).get("name"));
                String address = String.valueOf(ip.get("address"));
                int slash = address.indexOf('/');
                addresses.get(name).add(slash < 0 ? address : address.substring(0, slash));
            }
        }
        for (boolean requireSandbox : new boolean[] {true, false}) {
            for (Map.Entry<String, List<String>> e : addresses.entrySet()) {
                if (requireSandbox && !sandboxed.get(e.getKey())) {
                    continue;
                }
                String chosen = e.getValue().stream().filter(a -> !a.contains(":")).findFirst()
                        .orElse(e.getValue().isEmpty() ? null : e.getValue().get(0));
                if (chosen != null) {
                    return new CniResult(e.getKey(), chosen, json);
                }
            }
        }
        throw new CniException("failed to configure network: no interface with an address");
    }

    private static List<?> list(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }

    private static Map<?, ?> map(Object o) {
        return o instanceof Map<?, ?> m ? m : Map.of();
    }
}
