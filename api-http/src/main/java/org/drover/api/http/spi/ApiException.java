package org.drover.api.http.spi;

/**
 * A request an {@link ApiEndpoint} refuses: answered with its status and the
 * API's error body, {@code {"message": ...}}, as the API's own refusals are.
 */
public class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    /** @param status from 400 to 599 */
    public ApiException(int status, String message) {
        super(message);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an error's status must be from 400 to 599, got " + status);
        }
        this.status = status;
    }

    public int status() {
        return status;
    }
}
