package org.drover.runner.api.driver;

import java.util.Objects;

/**
 * A driver's identity.
 *
 * @param name    the name tasks use to select it; equal to the service's {@value Driver#NAME_PROPERTY}
 * @param version the driver implementation's version
 */
public record DriverInfo(String name, String version) {
    public DriverInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        if (name.isBlank()) {
            throw new IllegalArgumentException("driver name is blank");
        }
    }
}
