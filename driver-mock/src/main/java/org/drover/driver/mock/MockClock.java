package org.drover.driver.mock;

import java.time.Duration;

/** Time for the mock driver: real in the bundle, virtual in the runner's unit tests. */
public interface MockClock {

    /** Wall-clock milliseconds since the Unix epoch. */
    long nowMillis();

    /** Runs {@code action} after {@code delay}; the returned action calls it off. */
    Runnable schedule(Duration delay, Runnable action);
}
