package org.drover.runner.core.network;

import java.util.Map;
import java.util.Optional;

import org.drover.runner.api.driver.NetworkIsolation;
import org.drover.runner.api.state.HookState;
import org.drover.runner.api.state.StateStore;

/**
 * An allocation's network namespace once set up (Nomad's {@code AllocNetworkStatus} and the
 * isolation spec its tasks get), kept as the {@code network} hook's state.
 *
 * @param netnsPath     the namespace's file
 * @param interfaceName the allocation's interface in it
 * @param address       that interface's address
 * @param cniResult     the ADD's result, for the DEL
 */
public record AllocNetwork(String netnsPath, String interfaceName, String address, String cniResult) {

    static final String NETNS = "netns";
    static final String INTERFACE = "interface";
    static final String ADDRESS = "address";
    static final String RESULT = "cni_result";

    public HookState toState() {
        return new HookState(true, Map.of(NETNS, netnsPath, INTERFACE, interfaceName, ADDRESS, address,
                RESULT, cniResult), Map.of());
    }

    /** The state's network, when the hook set one up. */
    public static Optional<AllocNetwork> fromState(HookState state) {
        Map<String, String> d = state.data();
        if (!state.done() || !d.containsKey(NETNS) || !d.containsKey(ADDRESS)) {
            return Optional.empty();
        }
        return Optional.of(new AllocNetwork(d.get(NETNS), d.getOrDefault(INTERFACE, ""), d.get(ADDRESS),
                d.getOrDefault(RESULT, "")));
    }

    /** The allocation's network as its store holds it: what a task joins. */
    public static Optional<AllocNetwork> stored(StateStore store, String allocId) {
        return store.allocHookState(allocId, NetworkHook.NAME).flatMap(AllocNetwork::fromState);
    }

    public NetworkIsolation isolation(String hostname) {
        return new NetworkIsolation(netnsPath, interfaceName, address, hostname);
    }
}
