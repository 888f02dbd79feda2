package org.drover.runner.api.driver;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a driver returns from a start and needs to re-attach later: the task's
 * configuration and the driver's own opaque state (a pid and start time, a
 * container ID, ...). The core persists it as it is and hands it back to
 * {@link Driver#recoverTask} after a driver reload or an agent restart.
 *
 * @param version     the driver's encoding version of {@code driverState}, so a newer driver can read an older handle
 * @param driver      the name of the driver that created it
 * @param config      the configuration the task was started with
 * @param driverState the driver's opaque state
 */
public record TaskHandle(int version, String driver, TaskConfig config, byte[] driverState) {
    public TaskHandle {
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(config, "config");
        driverState = driverState.clone();
    }

    /**
     * The handle the core persists before it asks a driver to start a task: the
     * config with its ID, no driver state. Found after a crash, it means the
     * start may or may not have happened; {@link Driver#recoverTask} then adopts
     * the task if it did and throws {@link TaskNotFoundException} if it did not.
     */
    public static TaskHandle provisional(String driver, TaskConfig config) {
        return new TaskHandle(0, driver, config, new byte[0]);
    }

    public boolean isProvisional() {
        return version == 0 && driverState.length == 0;
    }

    public String taskId() {
        return config.id();
    }

    @Override
    public byte[] driverState() {
        return driverState.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TaskHandle h && version == h.version && driver.equals(h.driver) && config.equals(h.config)
                && Arrays.equals(driverState, h.driverState);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, driver, config, Arrays.hashCode(driverState));
    }

    @Override
    public String toString() {
        return "TaskHandle[" + driver + " " + config.id() + " v" + version + ", " + driverState.length + " bytes]";
    }
}
