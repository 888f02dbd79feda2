package org.drover.runner.core.hooks;

import java.util.Optional;

import org.drover.runner.api.driver.TaskConfigSchema;
import org.drover.runner.api.driver.TaskResourceUsage;

/**
 * What of a task's lifecycle a hook may use: it reads the run and the driver's schema, and nothing
 * here starts, stops, recovers or destroys a run; those belong to the task runner alone.
 */
public interface TaskLifecycle {

    /** The current run, while the task has one and a driver of its name is present now. */
    Optional<Run> run();

    /** The schema the task's config is checked against, if a driver of its name is present now. */
    Optional<TaskConfigSchema> configSchema();

    /** One run of the task, as a hook sees it. */
    interface Run {

        /** The run's resource usage, asked of its driver: a blocking call, so never on the task's thread. */
        TaskResourceUsage stats();
    }
}
