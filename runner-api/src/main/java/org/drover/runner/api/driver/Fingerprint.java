package org.drover.runner.api.driver;

import java.util.Map;
import java.util.Objects;

/**
 * What a driver detected on this node.
 *
 * @param health      whether the driver can run tasks
 * @param description a human-readable reason, mandatory when not healthy
 * @param attributes  node attributes the driver contributes (e.g. {@code driver.exec.cgroup=v2})
 */
public record Fingerprint(Health health, String description, Map<String, String> attributes) {
    public Fingerprint {
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(description, "description");
        attributes = Map.copyOf(attributes);
        if (health != Health.HEALTHY && description.isBlank()) {
            throw new IllegalArgumentException("a " + health + " fingerprint needs a description");
        }
    }

    public static Fingerprint healthy(Map<String, String> attributes) {
        return new Fingerprint(Health.HEALTHY, "Healthy", attributes);
    }

    public static Fingerprint unhealthy(String reason, Map<String, String> attributes) {
        return new Fingerprint(Health.UNHEALTHY, reason, attributes);
    }
}
