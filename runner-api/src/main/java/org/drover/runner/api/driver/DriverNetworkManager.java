package org.drover.runner.api.driver;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A driver that makes an allocation's network namespace itself (Nomad's {@code DriverNetworkManager},
 * a driver whose capabilities say it must initiate the network): docker holds it in a pause container,
 * which its tasks join. The core asks the first such driver of a bridge group before any task starts,
 * configures the namespace with CNI, and hands it to every task of the group. A driver service may
 * implement this beside {@link Driver}.
 *
 * <p>Consumer type: driver bundles implement it.
 */
@ConsumerType
public interface DriverNetworkManager {

    /**
     * The allocation's namespace, made now or, when the driver holds one already (an agent restart, a
     * driver reload), that one: safe to call again. Its {@code interfaceName} and {@code address} are
     * empty; the core fills them from CNI.
     */
    NetworkIsolation createNetwork(String allocId, String hostname);

    /** Removes the namespace of an allocation that has ended; one already gone is not an error. */
    void destroyNetwork(String allocId, NetworkIsolation network);
}
