package org.drover.driver.mock;

import java.time.Duration;
import java.util.Map;

import org.drover.runner.api.driver.TaskConfigSchema;
import org.drover.runner.api.driver.TaskConfigSchema.Field;
import org.drover.runner.api.driver.TaskConfigSchema.Type;
import org.drover.runner.api.model.GoDuration;

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

    public static final TaskConfigSchema SCHEMA = new TaskConfigSchema(Map.of(
            "run_for", Field.optional(Type.DURATION),
            "exit_code", Field.optional(Type.NUMBER),
            "exit_signal", Field.optional(Type.NUMBER),
            "start_error", Field.optional(Type.STRING),
            "start_error_recoverable", Field.optional(Type.BOOL),
            "start_block_for", Field.optional(Type.DURATION),
            "kill_after", Field.optional(Type.DURATION),
            "plugin_exit_after", Field.optional(Type.DURATION),
            "stdout_string", Field.optional(Type.STRING)));

    /** Reads a validated config block. */
    public static MockTaskConfig from(Map<String, Object> config) {
        return new MockTaskConfig(duration(config, "run_for"), number(config, "exit_code"),
                number(config, "exit_signal"), (String) config.getOrDefault("start_error", ""),
                Boolean.TRUE.equals(config.get("start_error_recoverable")), duration(config, "start_block_for"),
                duration(config, "kill_after"), duration(config, "plugin_exit_after"),
                (String) config.getOrDefault("stdout_string", ""));
    }

    private static Duration duration(Map<String, Object> config, String key) {
        Object v = config.get(key);
        return v == null ? Duration.ZERO : GoDuration.parse((String) v);
    }

    private static int number(Map<String, Object> config, String key) {
        Object v = config.get(key);
        return v == null ? 0 : ((Number) v).intValue();
    }
}
