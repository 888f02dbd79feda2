package org.drover.sample.script;

import java.time.Duration;
import java.util.Map;

import org.drover.testkit.DriverConformanceTest;

/** A driver built on driver-process keeps the driver contract, its monitor embedded as documented. */
public class ScriptConformanceIT extends DriverConformanceTest {

    @Override
    protected String driverName() {
        return "script";
    }

    @Override
    protected String driverBundle() {
        return "org.drover.sample.script";
    }

    @Override
    protected String[] bundles() {
        return new String[] {System.getProperty("driver.bundle")};
    }

    @Override
    protected Map<String, Object> exitsAfter(Duration runFor, int exitCode) {
        return Map.of("script", "sleep " + runFor.toMillis() / 1000.0 + "; exit " + exitCode);
    }

    @Override
    protected Map<String, Object> ignoresInterrupt() {
        return Map.of("script", "trap '' INT; echo ignoring SIGINT; while :; do sleep 0.1; done");
    }
}
