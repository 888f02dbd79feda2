package org.drover.runner.api.model;

import java.util.Objects;

/**
 * One {@code port "label"} of a {@code network} stanza, as submitted.
 *
 * @param label           how the task and services name it ({@code NOMAD_PORT_<label>})
 * @param value           the static host port; 0 for a dynamic one the node picks
 * @param to              the port inside the allocation's network namespace (bridge) or the container;
 *                        0 for the same as the host port, -1 (Connect's) replaced by the host port once picked
 * @param hostNetwork     the node's host network the port is bound on; empty for the default
 * @param ignoreCollision whether a static port may be shared with other allocations (host mode only)
 */
public record Port(String label, int value, int to, String hostNetwork, boolean ignoreCollision) {
    public Port {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(hostNetwork, "hostNetwork");
    }

    /** A dynamic port with nothing else set. */
    public static Port dynamic(String label) {
        return new Port(label, 0, 0, "", false);
    }

    /** A static host port with nothing else set. */
    public static Port fixed(String label, int value) {
        return new Port(label, value, 0, "", false);
    }

    public boolean isStatic() {
        return value > 0;
    }
}
