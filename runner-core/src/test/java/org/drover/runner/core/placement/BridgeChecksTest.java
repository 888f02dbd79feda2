package org.drover.runner.core.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.drover.runner.api.model.JobType;
import org.drover.runner.api.model.NetworkResource;
import org.drover.runner.api.model.RestartPolicy;
import org.drover.runner.api.model.Stanzas;
import org.drover.runner.api.model.Task;
import org.drover.runner.api.model.TaskGroup;
import org.drover.runner.api.node.Node;
import org.junit.jupiter.api.Test;

/** A bridge group is placed only where the CNI plugins and a bridge network are. */
class BridgeChecksTest {

    private static final Map<String, String> READY = Map.of("driver.raw_exec", "1",
            "plugins.cni.version.bridge", "unknown", "plugins.cni.version.firewall", "1.4.0",
            "plugins.cni.version.host-local", "unknown", "plugins.cni.version.loopback", "unknown",
            "plugins.cni.version.portmap", "unknown", "nomad.bridge.hairpin_mode", "false");

    private static Node node(Map<String, String> attributes) {
        return new Node("9f0c1d2e-0000-4000-8000-000000000001", "box", "dc1", "global", "", "default", attributes,
                Map.of());
    }

    private static Node without(String key) {
        Map<String, String> a = new HashMap<>(READY);
        a.remove(key);
        return node(a);
    }

    private static Node with(String key, String value) {
        Map<String, String> a = new HashMap<>(READY);
        a.put(key, value);
        return node(a);
    }

    private static TaskGroup group(String mode) {
        return new TaskGroup("g", 1, RestartPolicy.defaultFor(JobType.SERVICE), Map.of(),
                List.of(Task.of("t", "raw_exec", Map.of())), List.of(), Stanzas.NONE,
                List.of(new NetworkResource(mode, "", null, List.of())));
    }

    private static Optional<String> filter(TaskGroup g, Node n) {
        return NodeChecks.filter(PlacementTest.job(g), g, n);
    }

    @Test
    void aNodeWithThePluginsAndABridgeTakesIt() {
        assertEquals(Optional.empty(), filter(group("bridge"), node(READY)));
    }

    @Test
    void aMissingPluginIsNomadsImplicitConstraint() {
        assertEquals(Optional.of("${attr.plugins.cni.version.portmap} semver >= 0.4.0"),
                filter(group("bridge"), without("plugins.cni.version.portmap")));
        assertEquals(Optional.of("${attr.plugins.cni.version.host-local} semver >= 0.4.0"),
                filter(group("bridge"), without("plugins.cni.version.host-local")));
    }

    @Test
    void aPluginOlderThanNomadNeedsIsRefused() {
        assertEquals(Optional.of("${attr.plugins.cni.version.firewall} semver >= 0.4.0"),
                filter(group("bridge"), with("plugins.cni.version.firewall", "0.3.1")));
    }

    @Test
    void aNodeWithoutABridgeNetworkIsMissingNetwork() {
        assertEquals(Optional.of("missing network"), filter(group("bridge"), without("nomad.bridge.hairpin_mode")));
    }

    @Test
    void hostModeAsksNothingOfTheKind() {
        assertEquals(Optional.empty(), filter(group("host"), node(Map.of("driver.raw_exec", "1"))));
    }
}
