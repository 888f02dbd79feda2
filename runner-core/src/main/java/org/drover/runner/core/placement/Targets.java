package org.drover.runner.core.placement;

import java.util.Optional;

import org.drover.runner.api.node.Node;

/** A constraint's target against the node, as Nomad's scheduler resolves it. */
final class Targets {

    private Targets() {
    }

    /**
     * The target's value: a literal as written, a node field or attribute or meta value, or empty
     * when the node has no such value (an unknown {@code ${...}} included, as in Nomad).
     */
    static Optional<String> resolve(String target, Node node) {
        if (!target.startsWith("${")) {
            return Optional.of(target);
        }
        switch (target) {
            case "${node.unique.id}":
                return Optional.of(node.id());
            case "${node.datacenter}":
                return Optional.of(node.datacenter());
            case "${node.unique.name}":
                return Optional.of(node.name());
            case "${node.class}":
                return Optional.of(node.nodeClass());
            case "${node.pool}":
                return Optional.of(node.nodePool());
            default:
                break;
        }
        if (target.startsWith("${attr.")) {
            return Optional.ofNullable(node.attributes().get(inner(target, "${attr.")));
        }
        if (target.startsWith("${meta.")) {
            return Optional.ofNullable(node.meta().get(inner(target, "${meta.")));
        }
        return Optional.empty();
    }

    private static String inner(String target, String prefix) {
        String key = target.substring(prefix.length());
        return key.endsWith("}") ? key.substring(0, key.length() - 1) : key;
    }
}
