package org.drover.runner.api.driver;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What a driver knows of a task now.
 *
 * @param id         the task ID
 * @param running    whether it is running
 * @param startedAt  when it started
 * @param exit       how it ended, if it has
 * @param attributes driver-specific facts (pid, container ID, ...)
 */
public record TaskInspection(String id, boolean running, Instant startedAt, Optional<ExitResult> exit,
        Map<String, String> attributes) {
    public TaskInspection {
        attributes = Map.copyOf(attributes);
    }
}
