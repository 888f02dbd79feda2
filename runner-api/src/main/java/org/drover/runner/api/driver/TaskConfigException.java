package org.drover.runner.api.driver;

import java.util.Objects;

/**
 * The task's configuration cannot run on this node as written: a file it
 * names is missing, a value that passed the schema makes no sense here. Never
 * recoverable; the core records it as Nomad's {@code Failed Validation} and
 * does not restart the task.
 */
public class TaskConfigException extends DriverException {
    private static final long serialVersionUID = 1L;

    private final String field;

    /**
     * @param field   the {@code config} key at fault, e.g. {@code jar_path}
     * @param problem what is wrong with it
     */
    public TaskConfigException(String field, String problem) {
        super(Objects.requireNonNull(field, "field") + ": " + problem);
        this.field = field;
    }

    /** The {@code config} key at fault. */
    public String field() {
        return field;
    }
}
