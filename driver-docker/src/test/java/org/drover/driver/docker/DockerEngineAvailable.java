package org.drover.driver.docker;

import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.drover.driver.docker.engine.Engine;

/**
 * Docker tests need a running Engine and the test image that {@code .ci/docker-test-image}
 * makes without any registry. CI always has both (its run installs and starts them), so
 * there a missing Engine fails the tests; elsewhere they are skipped, saying how to enable them.
 */
public final class DockerEngineAvailable {

    public static final String IMAGE = "drover-test/busybox:latest";
    public static final URI ENDPOINT = URI.create(System.getenv().getOrDefault("DROVER_DOCKER_ENDPOINT",
            DockerSettings.DEFAULT_ENDPOINT));

    private DockerEngineAvailable() {
    }

    public static void require() {
        String problem = problem();
        if (problem == null) {
            return;
        }
        // Never skipped: .ci/run installs and starts an Engine and makes the images, so a gap here is a failure.
        fail(problem + ". To run the docker tests, start a Docker Engine (dockerd) and run"
                + " .ci/docker-test-image (as .ci/run does)");
    }

    private static String problem() {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            Engine engine = new Engine(ENDPOINT, timer, Duration.ofSeconds(10));
            try {
                engine.ping();
            } catch (Exception e) {
                return "no Docker Engine answers at " + ENDPOINT + " (" + e.getMessage() + ")";
            }
            try {
                if (engine.inspectImage(IMAGE).isEmpty()) {
                    return "the Engine has no image " + IMAGE;
                }
            } catch (Exception e) {
                return "cannot inspect " + IMAGE + ": " + e.getMessage();
            }
            return null;
        } finally {
            timer.shutdownNow();
        }
    }
}
