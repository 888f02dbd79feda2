package org.drover.runner.core.task;

import java.util.List;
import java.util.Map;

import org.drover.runner.api.driver.NetworkIsolation;
import org.drover.runner.api.model.AllocatedNetwork;
import org.drover.runner.api.model.AllocatedPort;

/**
 * The variables that tell a task its ports, named and valued as Nomad's client sets them: its own
 * legacy ports, then the other tasks' legacy ones and the group's (which win over its own of the
 * same label, as in Nomad).
 */
final class PortEnvironment {

    /** The prefixes whose keys Nomad cleans; other port variables keep their label as written. */
    private static final List<String> CLEANED = List.of("NOMAD_ADDR_", "NOMAD_IP_", "NOMAD_PORT_", "NOMAD_HOST_PORT_",
            "NOMAD_META_");

    private PortEnvironment() {
    }

    /**
     * @param isolation the allocation's network namespace, null in the host's network; where there is
     *                  one, the {@code NOMAD_ALLOC_INTERFACE_}, {@code NOMAD_ALLOC_IP_} and
     *                  {@code NOMAD_ALLOC_ADDR_} variables of the bridge network are added too
     */
    static void add(Map<String, String> env, AllocatedNetwork network, String task, NetworkIsolation isolation) {
        network.tasks().getOrDefault(task, List.of()).forEach(p -> ownLegacy(env, p));
        network.tasks().forEach((other, ports) -> {
            if (!other.equals(task)) {
                ports.forEach(p -> otherLegacy(env, other, p));
            }
        });
        network.ports().forEach(p -> group(env, p));
        if (isolation != null) {
            org.drover.runner.core.network.AllocNetworkEnv.of(isolation, network.ports()).forEach(env::put);
        }
    }

    /** A task's own {@code resources.network} port: the host's values, there being no driver port map. */
    private static void ownLegacy(Map<String, String> env, AllocatedPort p) {
        String port = Integer.toString(p.value());
        put(env, "NOMAD_IP_" + p.label(), p.hostIp());
        put(env, (p.hostIp().contains(":") ? "NOMAD_IPv6_" : "NOMAD_IPv4_") + p.label(), p.hostIp());
        put(env, "NOMAD_HOST_PORT_" + p.label(), port);
        put(env, "NOMAD_ADDR_" + p.label(), hostPort(p.hostIp(), p.value()));
        put(env, "NOMAD_PORT_" + p.label(), port);
    }

    /** Another task's legacy port, always its host values. */
    private static void otherLegacy(Map<String, String> env, String task, AllocatedPort p) {
        String suffix = task + "_" + p.label();
        put(env, "NOMAD_ADDR_" + suffix, hostPort(p.hostIp(), p.value()));
        put(env, "NOMAD_IP_" + suffix, p.hostIp());
        put(env, "NOMAD_PORT_" + suffix, Integer.toString(p.value()));
    }

    /** A group port: addresses are the host's, the port the one the task listens on ({@code to} where set). */
    private static void group(Map<String, String> env, AllocatedPort p) {
        String addr = hostPort(p.hostIp(), p.value());
        String inside = Integer.toString(p.taskPort());
        put(env, "NOMAD_ADDR_" + p.label(), addr);
        put(env, "NOMAD_HOST_ADDR_" + p.label(), addr);
        put(env, "NOMAD_IP_" + p.label(), p.hostIp());
        put(env, "NOMAD_HOST_IP_" + p.label(), p.hostIp());
        put(env, "NOMAD_PORT_" + p.label(), inside);
        put(env, "NOMAD_ALLOC_PORT_" + p.label(), inside);
        put(env, "NOMAD_HOST_PORT_" + p.label(), Integer.toString(p.value()));
    }

    /** Go's {@code net.JoinHostPort}: an IPv6 address in brackets. */
    static String hostPort(String ip, int port) {
        return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
    }

    private static void put(Map<String, String> env, String key, String value) {
        env.put(CLEANED.stream().anyMatch(key::startsWith) ? clean(key) : key, value);
    }

    /** Nomad's {@code CleanEnvVar}: letters, {@code _} and {@code .} stay, digits but in first place; else {@code _}. */
    static String clean(String key) {
        StringBuilder out = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean keep = c == '_' || c == '.' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                    || (i > 0 && c >= '0' && c <= '9');
            out.append(keep ? c : '_');
        }
        return out.toString();
    }
}
