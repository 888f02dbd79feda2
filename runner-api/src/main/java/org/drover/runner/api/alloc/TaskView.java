package org.drover.runner.api.alloc;

import java.util.Optional;

import org.drover.runner.api.driver.TaskResourceUsage;
import org.drover.runner.api.model.TaskState;

/**
 * A task as the runner sees it now.
 *
 * @param name       the task's name
 * @param state      its state and recent events
 * @param attachment whether the runner is connected to its driver
 * @param usage      its latest resource usage, while it runs
 */
public record TaskView(String name, TaskState state, DriverAttachment attachment,
        Optional<TaskResourceUsage> usage) {
}
