package org.drover.runner.api.model;

import java.util.Objects;

/**
 * A port as placed on this node: Nomad's {@code AllocatedPortMapping}.
 *
 * @param label           the port's label
 * @param value           the host port, picked for a dynamic port
 * @param to              the port inside the namespace or container; 0 when the same as the host port
 * @param hostIp          the host address the port is reached at
 * @param ignoreCollision as submitted
 */
public record AllocatedPort(String label, int value, int to, String hostIp, boolean ignoreCollision) {
    public AllocatedPort {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(hostIp, "hostIp");
    }

    /** The port a task listens on: {@code to} where set, else the host port ({@code NOMAD_PORT_<label>}). */
    public int taskPort() {
        return to > 0 ? to : value;
    }
}
