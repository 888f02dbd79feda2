package org.drover.runner.core.placement;

import java.util.Optional;

import org.drover.runner.api.model.Constraint;
import org.drover.runner.api.model.NetworkResource;
import org.drover.runner.api.model.TaskGroup;
import org.drover.runner.api.node.Node;
import org.drover.runner.core.network.BridgeConfig;
import org.drover.runner.core.network.BridgeFingerprint;

/**
 * What a group in bridge mode asks of the node beyond its own constraints: Nomad's implicit
 * constraints on the CNI plugins ({@code ${attr.plugins.cni.version.<plugin>} semver >= 0.4.0},
 * added to such groups when a job is registered), then a bridge network ({@code missing network}).
 * A plugin whose build does not say its version satisfies its constraint: Debian's do not, and
 * refusing them would refuse the plugins of the distribution.
 */
final class BridgeChecks {

    static final String CNI_MIN_VERSION = ">= 0.4.0";
    /** Nomad's reason for a node without a network of the group's mode. */
    static final String MISSING_NETWORK = "missing network";

    private BridgeChecks() {
    }

    static Optional<String> filter(TaskGroup group, Node node) {
        boolean bridge = group.network().map(n -> n.mode().equals(NetworkResource.BRIDGE)).orElse(false);
        if (!bridge) {
            return Optional.empty();
        }
        for (String plugin : BridgeConfig.REQUIRED) {
            String key = BridgeFingerprint.CNI_VERSION_PREFIX + plugin;
            Constraint implicit = new Constraint("${attr." + key + "}", "semver", CNI_MIN_VERSION);
            String version = node.attributes().get(key);
            boolean met = BridgeFingerprint.UNKNOWN.equals(version) || Operators.check(implicit.operand(),
                    Optional.ofNullable(version), Optional.of(CNI_MIN_VERSION));
            if (!met) {
                return Optional.of(implicit.toString());
            }
        }
        if (!node.attributes().containsKey(BridgeFingerprint.BRIDGE_ATTRIBUTE)) {
            return Optional.of(MISSING_NETWORK);
        }
        return Optional.empty();
    }
}
