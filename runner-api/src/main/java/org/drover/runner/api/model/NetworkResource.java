package org.drover.runner.api.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code network} stanza as submitted: a group's (Nomad allows one), or a task's legacy
 * {@code resources { network { ... } }}. Nomad's {@code ReservedPorts} and {@code DynamicPorts} are
 * one list here, a port being static when it has a value.
 *
 * @param mode     {@value #HOST} (Nomad's default, also for an empty mode), {@value #BRIDGE}, {@value #NONE}
 *                 or {@code cni/<name>}
 * @param hostname the allocation's hostname in bridge mode; empty for the default
 * @param dns      the {@code dns} stanza, or null when there is none
 * @param ports    the ports, in the order written
 */
public record NetworkResource(String mode, String hostname, Dns dns, List<Port> ports) {
    public static final String HOST = "host";
    public static final String BRIDGE = "bridge";
    public static final String NONE = "none";

    public NetworkResource {
        mode = mode == null || mode.isEmpty() ? HOST : mode;
        Objects.requireNonNull(hostname, "hostname");
        ports = List.copyOf(ports);
    }

    /** A host-mode network with these ports. */
    public static NetworkResource host(List<Port> ports) {
        return new NetworkResource(HOST, "", null, ports);
    }

    public Optional<Dns> dnsConfig() {
        return Optional.ofNullable(dns);
    }

    /** Whether the allocation gets a network namespace of its own (bridge or CNI). */
    public boolean isolated() {
        return mode.equals(BRIDGE) || mode.startsWith("cni/");
    }
}
