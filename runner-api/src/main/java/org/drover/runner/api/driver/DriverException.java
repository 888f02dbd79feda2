package org.drover.runner.api.driver;

/**
 * A driver call failed. A start that fails with a <em>recoverable</em> error
 * is retried under the task's restart policy; any other start error is final
 * (Nomad's rule: only errors marked recoverable are retried).
 */
public class DriverException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean recoverable;

    public DriverException(String message) {
        this(message, false, null);
    }

    public DriverException(String message, Throwable cause) {
        this(message, false, cause);
    }

    protected DriverException(String message, boolean recoverable, Throwable cause) {
        super(message, cause);
        this.recoverable = recoverable;
    }

    /** An error worth retrying, e.g. a resource that was briefly unavailable. */
    public static DriverException recoverable(String message) {
        return new DriverException(message, true, null);
    }

    public boolean isRecoverable() {
        return recoverable;
    }
}
