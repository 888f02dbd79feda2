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
}
