package org.drover.runner.core.placement;

import java.util.Optional;

import org.drover.runner.api.model.NetworkResource;
import org.drover.runner.api.model.Port;
import org.drover.runner.api.model.TaskGroup;
import org.drover.runner.api.node.Node;

/**
 * Nomad's host network check: a group port may name the host network it is bound on, and a node
 * without a network of that name is filtered. This node has its default one only.
 */
final class HostNetworks {

    /** The name of the network on the node's address. */
    static final String DEFAULT = "default";

    private HostNetworks() {
    }

    /** Nomad's reason for the first port whose host network the node lacks, or empty. */
    static Optional<String> missing(TaskGroup group, Node node) {
        if (group.network().map(NetworkResource::mode).orElse(NetworkResource.HOST).equals(NetworkResource.NONE)) {
            return Optional.empty();
        }
        for (Port p : group.network().map(NetworkResource::ports).orElse(java.util.List.of())) {
            if (p.hostNetwork().isEmpty()) {
                continue;
            }
            Optional<String> name = Targets.resolve(p.hostNetwork(), node);
            if (name.isEmpty()) {
                return Optional.of("invalid host network \"" + p.hostNetwork() + "\" template for port \"" + p.label()
                        + "\"");
            }
            if (!name.get().equals(DEFAULT)) {
                return Optional.of("missing host network \"" + name.get() + "\" for port \"" + p.label() + "\"");
            }
        }
        return Optional.empty();
    }
}
