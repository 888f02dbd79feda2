package org.drover.runner.core.drivers;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.drover.runner.api.driver.Driver;

/**
 * Where task runners get drivers, and learn that one left. Leaving is
 * detected here, from the service registry, not left to the departing driver
 * (which may be stopping and unable to say anything).
 */
public interface DriverSource {

    /** The driver registered under {@code name} now, if any. */
    Optional<Driver> find(String name);

    /**
     * Completes with a driver of that name as soon as one is present; at once
     * if one is. Cancelling the future withdraws the request.
     */
    CompletableFuture<Driver> whenAvailable(String name);

    /**
     * Completes when this driver instance is no longer registered; at once if it is not. Each call
     * gets a future of its own: cancel it to stop listening, or it is kept until the driver goes.
     */
    CompletableFuture<Void> whenGone(Driver driver);

    /** Whether this driver instance is no longer registered. */
    boolean isGone(Driver driver);
}
