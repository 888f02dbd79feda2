package org.drover.runner.api.state;

import java.time.Instant;

/**
 * The state store cannot write: since when, and why (the file system's own
 * words, e.g. "No space left on device"). Changes made meanwhile wait, in
 * order, and become durable once it can write again.
 */
public record StoreFault(Instant since, String cause) {

    @Override
    public String toString() {
        return "the state store cannot write since " + since + ": " + cause;
    }
}
