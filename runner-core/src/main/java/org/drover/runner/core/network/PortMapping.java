package org.drover.runner.core.network;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.drover.runner.api.model.AllocatedPort;

/**
 * One entry of the portmap plugin's {@code portMappings} capability: a host port forwarded to the
 * namespace. Nomad maps each of the allocation's ports for tcp and for udp, to {@code to} or, without
 * one, to the same port.
 *
 * @param hostIp empty for every host address
 */
public record PortMapping(int hostPort, int containerPort, String protocol, String hostIp) {

    /** The mappings of an allocation's group ports. */
    public static List<PortMapping> of(List<AllocatedPort> ports) {
        List<PortMapping> out = new ArrayList<>();
        for (AllocatedPort p : ports) {
            int to = p.to() < 1 ? p.value() : p.to();
            for (String proto : List.of("tcp", "udp")) {
                out.add(new PortMapping(p.value(), to, proto, p.hostIp()));
            }
        }
        return out;
    }

    /** As the capability's JSON has it. */
    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hostPort", hostPort);
        m.put("containerPort", containerPort);
        m.put("protocol", protocol);
        // A wildcard is every address, which portmap says with none: with one it would match no packet.
        if (!hostIp.isEmpty() && !hostIp.equals("0.0.0.0") && !hostIp.equals("::")) {
            m.put("hostIP", hostIp);
        }
        return m;
    }
}
