package org.drover.conformance;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.drover.testkit.DriverConformanceTest;
import org.junit.Assume;
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
            String how = "no Docker Engine with " + IMAGE + " (" + problem + "): start one and run"
                    + " .ci/docker-test-image";
            if (System.getenv("CI") != null) {
                throw new AssertionError("CI must run the docker tests: " + how);
            }
            Assume.assumeTrue(how, false);
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
