package org.drover.runner.core.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.drover.runner.api.driver.NetworkIsolation;
import org.drover.runner.api.model.AllocatedPort;
import org.drover.runner.api.state.HookState;
import org.junit.jupiter.api.Test;

/** The network hook's state, what tasks join, and the variables they get. */
class AllocNetworkTest {

    private final AllocNetwork net = new AllocNetwork("/var/run/netns/a1", "eth0", "172.26.64.5", "{}");

    @Test
    void itsStateRoundTripsAndAnEmptyStateHasNone() {
        assertEquals(Optional.of(net), AllocNetwork.fromState(net.toState()));
        assertEquals(Optional.empty(), AllocNetwork.fromState(HookState.NONE));
    }

    @Test
    void tasksJoinItsNamespace() {
        assertEquals(new NetworkIsolation("/var/run/netns/a1", "eth0", "172.26.64.5", "web"), net.isolation("web"));
    }

    @Test
    void eachGroupPortGetsTheAllocVariablesWithItsToOrHostPort() {
        Map<String, String> env = AllocNetworkEnv.of(net.isolation(""), List.of(new AllocatedPort("http", 25000, 8080, "10.0.0.5",
                false), new AllocatedPort("my-db", 25001, 0, "10.0.0.5", false)));
        assertEquals(Map.of("NOMAD_ALLOC_INTERFACE_http", "eth0", "NOMAD_ALLOC_IP_http", "172.26.64.5",
                "NOMAD_ALLOC_ADDR_http", "172.26.64.5:8080", "NOMAD_ALLOC_INTERFACE_my_db", "eth0",
                "NOMAD_ALLOC_IP_my_db", "172.26.64.5", "NOMAD_ALLOC_ADDR_my_db", "172.26.64.5:25001"), env);
    }

    @Test
    void theCniPathIsTheSettingThenTheEnvironmentThenNomadsAndDebiansDirectories() {
        assertEquals(List.of(Path.of("/x"), Path.of("/y")), CniPath.of(k -> "/x:/y", k -> "/env"));
        assertEquals(List.of(Path.of("/env")), CniPath.of(k -> null, k -> "/env"));
        assertEquals(List.of(Path.of("/opt/cni/bin"), Path.of("/usr/lib/cni")), CniPath.of(k -> null, k -> null));
    }

    @Test
    void aPluginsVersionIsTheFirstItSaysOfItself() {
        assertEquals("1.4.0", BridgeFingerprint.versionIn("CNI bridge plugin v1.4.0\nCNI protocol versions supported:"
                + " 0.1.0, 0.2.0, 1.0.0\n"));
        assertEquals("unknown", BridgeFingerprint.versionIn("CNI bridge plugin version unknown\nCNI protocol versions"
                + " supported: 0.1.0, 0.2.0, 0.3.0, 0.3.1, 0.4.0, 1.0.0\n"));
    }
}
