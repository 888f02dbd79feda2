package org.drover.driver.mock;

import java.time.Duration;
import java.util.Map;

import org.drover.runner.api.driver.ConfigField;
import org.drover.runner.api.driver.TaskConfigSchema;

/**
 * A mock task's behaviour, configured like Nomad's mock driver.
 *
 * @param runFor             how long it runs before exiting on its own; zero runs until stopped
 * @param exitCode           its exit code when it ends on its own
 * @param exitSignal         the signal it reports when it ends on its own
 * @param startError         if set, starting fails with this message
 * @param startErrorRecoverable whether that failure is worth retrying
 * @param startBlockFor      how long a start takes
 * @param killAfter          how long it takes to die after a stop signal (it ignores the signal when longer than the timeout)
 * @param pluginExitAfter    after this long the driver itself goes away (zero: never)
 * @param stdoutString       written to the task's stdout when it starts
 */
public record MockTaskConfig(Duration runFor, int exitCode, int exitSignal, String startError,
        boolean startErrorRecoverable, Duration startBlockFor, Duration killAfter, Duration pluginExitAfter,
        String stdoutString) {

    static final ConfigField<Duration> RUN_FOR = ConfigField.duration("run_for");
    static final ConfigField<Integer> EXIT_CODE = ConfigField.integer("exit_code");
    static final ConfigField<Integer> EXIT_SIGNAL = ConfigField.integer("exit_signal");
    static final ConfigField<String> START_ERROR = ConfigField.string("start_error");
    static final ConfigField<Boolean> START_ERROR_RECOVERABLE = ConfigField.bool("start_error_recoverable");
    static final ConfigField<Duration> START_BLOCK_FOR = ConfigField.duration("start_block_for");
    static final ConfigField<Duration> KILL_AFTER = ConfigField.duration("kill_after");
    static final ConfigField<Duration> PLUGIN_EXIT_AFTER = ConfigField.duration("plugin_exit_after");
    static final ConfigField<String> STDOUT_STRING = ConfigField.string("stdout_string");

    public static final TaskConfigSchema SCHEMA = TaskConfigSchema.of(RUN_FOR, EXIT_CODE, EXIT_SIGNAL, START_ERROR,
            START_ERROR_RECOVERABLE, START_BLOCK_FOR, KILL_AFTER, PLUGIN_EXIT_AFTER, STDOUT_STRING);

    /** Reads a validated config block. */
    public static MockTaskConfig from(Map<String, Object> config) {
        return new MockTaskConfig(RUN_FOR.read(config), EXIT_CODE.read(config), EXIT_SIGNAL.read(config),
                START_ERROR.read(config), START_ERROR_RECOVERABLE.read(config), START_BLOCK_FOR.read(config),
                KILL_AFTER.read(config), PLUGIN_EXIT_AFTER.read(config), STDOUT_STRING.read(config));
    }
}
