package org.drover.conformance;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.drover.testkit.DriverConformanceTest;
import org.junit.Before;

/**
 * docker keeps the driver contract. Needs a Docker Engine and the test image
 * of {@code .ci/docker-test-image}: CI always has both; elsewhere the tests
 * are skipped, saying how to enable them.
 */
public class DockerConformanceIT extends DriverConformanceTest {

    static final String IMAGE = "drover-test/busybox:latest";

    @Before
    public void engine() throws Exception {
        String problem = null;
        try {
            Process p = new ProcessBuilder("docker", "image", "inspect", IMAGE).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                problem = out.strip();
            }
        } catch (java.io.IOException e) {
            problem = e.getMessage();
        }
        if (problem != null) {
            // Never skipped: .ci/run installs and starts an Engine and makes the images.
            throw new AssertionError("no Docker Engine with " + IMAGE + " (" + problem + "): start one and run"
                    + " .ci/docker-test-image (as .ci/run does)");
        }
    }

    @Override
    protected String driverName() {
        return "docker";
    }

    @Override
    protected String driverBundle() {
        return "org.drover.driver.docker";
    }

    @Override
    protected String[] bundles() {
        return new String[] {"driver-docker"};
    }

    @Override
    protected Map<String, Object> exitsAfter(Duration runFor, int exitCode) {
        return Map.of("image", IMAGE, "command", "sh", "args",
                List.of("-c", "sleep " + runFor.toMillis() / 1000.0 + "; exit " + exitCode));
    }

    @Override
    protected Map<String, Object> ignoresInterrupt() {
        return Map.of("image", IMAGE, "command", "sh", "args", List.of("-c",
                "trap '' INT; echo ignoring SIGINT; while :; do sleep 0.1; done"));
    }
}
