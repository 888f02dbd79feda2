package org.drover.sample.sleeper;

import java.time.Duration;
import java.util.Map;

import org.drover.testkit.DriverConformanceTest;

/** The sample driver keeps the driver contract: all it takes is these few lines. */
public class SleeperConformanceIT extends DriverConformanceTest {

    @Override
    protected String driverName() {
        return "sleeper";
    }

    @Override
    protected String driverBundle() {
        return "org.drover.sample.sleeper";
    }

    @Override
    protected String[] bundles() {
        return new String[] {System.getProperty("driver.bundle")};
    }

    @Override
    protected Map<String, Object> exitsAfter(Duration runFor, int exitCode) {
        return Map.of("duration", runFor.toMillis() + "ms", "exit_code", exitCode);
    }

    @Override
    protected Map<String, Object> ignoresInterrupt() {
        return Map.of("duration", "1h", "ignore_interrupt", true);
    }
}
