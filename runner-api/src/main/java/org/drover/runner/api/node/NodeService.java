package org.drover.runner.api.node;

import org.osgi.annotation.versioning.ProviderType;

/** This node's fingerprint, current as of the call, and word when it changes (a driver's health, say). */
@ProviderType
public interface NodeService {

    /** The node as it is now. */
    Node self();

    /**
     * Calls {@code onChange} after each change of {@link #self()}, on a thread of the service's,
     * until the returned handle is closed.
     */
    AutoCloseable watch(Runnable onChange);
}
