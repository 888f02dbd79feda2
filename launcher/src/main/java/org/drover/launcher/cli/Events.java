package org.drover.launcher.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.databind.JsonNode;

/** A task event as the command line prints it. */
final class Events {

    /** RFC 3339 to the second, in the local zone, as Nomad's CLI prints times. */
    static final DateTimeFormatter TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private Events() {
    }

    static String time(JsonNode event) {
        long nanos = event.path("Time").asLong();
        return TIME.format(Instant.ofEpochSecond(0, nanos).atZone(ZoneId.systemDefault())
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }
}
