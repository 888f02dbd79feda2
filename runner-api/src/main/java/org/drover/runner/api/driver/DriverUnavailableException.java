package org.drover.runner.api.driver;

/**
 * The driver is shutting down or gone (its bundle stopped or was updated).
 * Not the task's fault: the core waits for a driver of the same name and
 * re-attaches, it does not treat this as the task's exit.
 */
public class DriverUnavailableException extends DriverException {
    private static final long serialVersionUID = 1L;

    public DriverUnavailableException(String driver) {
        super("driver " + driver + " is shut down", true, null);
    }
}
