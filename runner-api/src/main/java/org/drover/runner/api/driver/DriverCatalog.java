package org.drover.runner.api.driver;

import java.util.Optional;
import java.util.SortedSet;

/**
 * The drivers the core sees right now. Provided by the core; a snapshot that
 * may change as soon as it is read, since drivers come and go with their bundles.
 */
@org.osgi.annotation.versioning.ProviderType
public interface DriverCatalog {

    /** The driver registered under {@code name}, if one is present now. */
    Optional<Driver> find(String name);

    /** The names of the drivers present now, sorted. */
    SortedSet<String> names();

    /**
     * The fingerprint of the driver registered under {@code name}, read with a bound: a driver that
     * does not answer within a couple of seconds is reported by its last answer, or as unhealthy,
     * saying so. Callers that serve requests use this, never {@link Driver#fingerprint} directly.
     */
    Optional<Fingerprint> fingerprint(String name);
}
