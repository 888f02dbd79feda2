package org.drover.api.http.spi;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** An {@link ApiEndpoint}'s answer: a status, a content type and the whole body. */
public final class ApiResponse {

    private final int status;
    private final String contentType;
    private final byte[] body;

    private ApiResponse(int status, String contentType, byte[] body) {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("status must be from 200 to 599, got " + status);
        }
        this.status = status;
        this.contentType = Objects.requireNonNull(contentType, "contentType");
        this.body = body.clone();
    }

    public static ApiResponse of(int status, String contentType, byte[] body) {
        return new ApiResponse(status, contentType, body);
    }

    /** JSON text, as the API's own answers are ({@code application/json}). */
    public static ApiResponse json(int status, String json) {
        return new ApiResponse(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    /** Plain UTF-8 text. */
    public static ApiResponse text(int status, String text) {
        return new ApiResponse(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    public int status() {
        return status;
    }

    public String contentType() {
        return contentType;
    }

    public byte[] body() {
        return body.clone();
    }
}
