package org.drover.api.http;

import org.drover.api.http.spi.ApiException;

/** A request the API refuses: its HTTP status and a message for the caller. */
class ApiError extends ApiException {
    private static final long serialVersionUID = 1L;

    ApiError(int status, String message) {
        super(status, message);
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, message);
    }

    static ApiError notFound(String message) {
        return new ApiError(404, message);
    }
}
