package org.drover.driver.docker.engine;

import java.io.IOException;

/** The Docker Engine answered a request with an error; {@link #getMessage()} is its own message. */
public final class EngineException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public EngineException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status, or 0 when the error came inside a streamed answer (a failed pull). */
    public int status() {
        return status;
    }
}
