package org.drover.runner.api.node;

import java.time.Instant;
import java.util.SortedMap;

import org.osgi.annotation.versioning.ProviderType;

/** This node's fingerprint, current as of the call, and word when it changes (a driver's health, say). */
@ProviderType
public interface NodeService {

    /** The node as it is now. */
    Node self();

    /** Each registered driver as the node last fingerprinted it, by name. */
    SortedMap<String, DriverState> drivers();

    /** When the node became ready: the agent's start, Nomad's {@code StatusUpdatedAt}. */
    Instant readySince();

    /**
     * Calls {@code onChange} after each change of {@link #self()}, on a thread of the service's,
     * until the returned handle is closed.
     */
    AutoCloseable watch(Runnable onChange);
}
