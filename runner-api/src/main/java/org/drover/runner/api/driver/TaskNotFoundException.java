package org.drover.runner.api.driver;

/** The driver does not know the task ID: it ended and was destroyed, or it never ran here. */
public class TaskNotFoundException extends DriverException {
    private static final long serialVersionUID = 1L;

    public TaskNotFoundException(String taskId) {
        super("task not found: " + taskId);
    }
}
