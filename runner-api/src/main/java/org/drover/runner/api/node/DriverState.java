package org.drover.runner.api.node;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import org.drover.runner.api.driver.Health;

/**
 * One driver as the node last fingerprinted it: what Nomad's {@code Node.Drivers[name]} holds.
 *
 * @param health      detected (anything but {@link Health#UNDETECTED}) and healthy
 * @param description the driver's word on its health
 * @param attributes  what the driver's fingerprint contributes
 * @param updated     when the driver's health last changed (or it was first seen)
 */
public record DriverState(Health health, String description, Map<String, String> attributes, Instant updated) {
    public DriverState {
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(updated, "updated");
        attributes = Map.copyOf(attributes);
    }

    public boolean detected() {
        return health != Health.UNDETECTED;
    }

    public boolean healthy() {
        return health == Health.HEALTHY;
    }
}
