package org.drover.runner.api.driver;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A task driver. Implemented by driver bundles, which register it as an OSGi
 * service with the property {@value #NAME_PROPERTY}.
 *
 * <p>Consumer type: driver bundles implement this interface, so any method
 * added here is a major change for them.
 */
@ConsumerType
public interface Driver {

    /** The service property naming the driver, as job files name it (e.g. {@code raw_exec}). */
    String NAME_PROPERTY = "driver.name";

    /** What this driver is; cheap and constant for the life of the service. */
    DriverInfo info();

    /**
     * Whether this driver can run tasks on this node now, and the attributes it
     * detected. Called periodically; must not block for long.
     */
    Fingerprint fingerprint();
}
