package org.drover.launcher.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.databind.JsonNode;

/** A task event as the command line prints it. */
final class Events {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX")
            .withZone(ZoneId.systemDefault());

    private Events() {
    }

    static String time(JsonNode event) {
        long nanos = event.path("Time").asLong();
        return TIME.format(Instant.ofEpochSecond(0, nanos));
    }
}
