package org.drover.driver.exec;

import org.drover.runner.api.driver.Capabilities;
import org.drover.runner.api.driver.Driver;
import org.drover.runner.api.driver.TaskConfigSchema;

/**
 * raw_exec and exec are one driver but for isolation: both run the command of an {@link ExecConfig},
 * can be signalled and exec'd into, and give the task no filesystem of its own.
 */
interface CommandDriver extends Driver {

    @Override
    default TaskConfigSchema taskConfigSchema() {
        return ExecConfig.SCHEMA;
    }

    @Override
    default Capabilities capabilities() {
        return new Capabilities(true, true, Capabilities.FsIsolation.NONE,
                java.util.Set.of(Capabilities.NetworkMode.HOST, Capabilities.NetworkMode.GROUP));
    }
}
