package org.drover.runner.api.alloc;

/** Whether the runner of a task is connected to its driver. */
public enum DriverAttachment {
    /** No driver call is needed: the task has no running handle. */
    NONE,
    /** The driver is present and the runner waits on the task through it. */
    ATTACHED,
    /** The driver went away; the task keeps running and the runner waits for a driver of that name. */
    WAITING_FOR_DRIVER,
    /** The driver did not return in time; the task is left running and re-attached if it does. */
    DRIVER_LOST,
    /**
     * The earlier run could neither be re-attached nor shown gone: the task is not started again
     * (that could run it twice), and the runner retries the re-attach and the destroy.
     */
    HELD
}
