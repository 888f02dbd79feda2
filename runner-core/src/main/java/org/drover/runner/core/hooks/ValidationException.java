package org.drover.runner.core.hooks;

/** The task can never run as written; it fails without a retry ("Failed Validation"). */
public final class ValidationException extends Exception {
    private static final long serialVersionUID = 1L;

    public ValidationException(String message) {
        super(message);
    }
}
