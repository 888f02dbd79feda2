package org.drover.runner.core.network;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.drover.runner.api.driver.NetworkIsolation;
import org.drover.runner.api.model.AllocatedPort;

/**
 * What a task of an allocation with its own namespace learns of it, for each of the group's ports
 * (Nomad's {@code addNomadAllocNetwork}): {@code NOMAD_ALLOC_INTERFACE_<label>}, {@code
 * NOMAD_ALLOC_IP_<label>} and {@code NOMAD_ALLOC_ADDR_<label>}, the namespace's address with the
 * port's {@code to}, or its host port when it has none.
 */
public final class AllocNetworkEnv {

    private AllocNetworkEnv() {
    }

    public static Map<String, String> of(NetworkIsolation network, List<AllocatedPort> groupPorts) {
        Map<String, String> env = new LinkedHashMap<>();
        for (AllocatedPort p : groupPorts) {
            String label = p.label().replaceAll("[^A-Za-z0-9_]", "_");
            int port = p.to() != 0 ? p.to() : p.value();
            env.put("NOMAD_ALLOC_INTERFACE_" + label, network.interfaceName());
            env.put("NOMAD_ALLOC_IP_" + label, network.address());
            env.put("NOMAD_ALLOC_ADDR_" + label, address(network.address(), port));
        }
        return env;
    }

    private static String address(String ip, int port) {
        return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
    }
}
