package org.drover.conformance;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.drover.testkit.DriverConformanceTest;

/** raw_exec keeps the driver contract. */
public class RawExecConformanceIT extends DriverConformanceTest {

    @Override
    protected String driverName() {
        return "raw_exec";
    }

    @Override
    protected String driverBundle() {
        return "org.drover.driver.exec";
    }

    @Override
    protected String[] bundles() {
        return new String[] {"driver-exec"};
    }

    @Override
    protected Map<String, Object> exitsAfter(Duration runFor, int exitCode) {
        return shell("sleep " + runFor.toMillis() / 1000.0 + "; exit " + exitCode);
    }

    @Override
    protected Map<String, Object> ignoresInterrupt() {
        return shell("trap '' INT; echo ignoring SIGINT; while :; do sleep 0.1; done");
    }

    static Map<String, Object> shell(String script) {
        return Map.of("command", "/bin/sh", "args", List.of("-c", script));
    }
}
