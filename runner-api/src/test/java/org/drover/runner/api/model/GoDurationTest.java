package org.drover.runner.api.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Durations as Go prints and parses them, since Nomad's messages and job files use Go's form. */
class GoDurationTest {

    @Test
    void formatsAsGoDoes() {
        assertEquals("0s", GoDuration.format(Duration.ZERO));
        assertEquals("15s", GoDuration.format(Duration.ofSeconds(15)));
        assertEquals("1.5s", GoDuration.format(Duration.ofMillis(1500)));
        assertEquals("16.875s", GoDuration.format(Duration.ofMillis(16_875)));
        assertEquals("250ms", GoDuration.format(Duration.ofMillis(250)));
        assertEquals("1.5µs", GoDuration.format(Duration.ofNanos(1500)));
        assertEquals("7ns", GoDuration.format(Duration.ofNanos(7)));
        assertEquals("1m0s", GoDuration.format(Duration.ofMinutes(1)));
        assertEquals("30m0s", GoDuration.format(Duration.ofMinutes(30)));
        assertEquals("1m30s", GoDuration.format(Duration.ofSeconds(90)));
        assertEquals("24h0m0s", GoDuration.format(Duration.ofHours(24)));
        assertEquals("-5s", GoDuration.format(Duration.ofSeconds(-5)));
    }

    @Test
    void parsesWhatJobFilesWrite() {
        assertEquals(Duration.ofSeconds(15), GoDuration.parse("15s"));
        assertEquals(Duration.ofSeconds(90), GoDuration.parse("1m30s"));
        assertEquals(Duration.ofMillis(1500), GoDuration.parse("1.5s"));
        assertEquals(Duration.ofMillis(250), GoDuration.parse("250ms"));
        assertEquals(Duration.ofNanos(3), GoDuration.parse("3ns"));
        assertEquals(Duration.ofNanos(2000), GoDuration.parse("2us"));
        assertEquals(Duration.ofHours(2).plusMinutes(45), GoDuration.parse("2h45m"));
        assertEquals(Duration.ZERO, GoDuration.parse("0"));
        assertEquals(Duration.ofSeconds(-1), GoDuration.parse("-1s"));
    }

    @Test
    void roundTrips() {
        for (String s : new String[] {"15s", "1m30s", "2h0m0s", "250ms", "1.5s"}) {
            assertEquals(s, GoDuration.format(GoDuration.parse(s)));
        }
    }

    @Test
    void rejectsWhatGoRejectsAndSaysWhy() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("15")).getMessage()
                .contains("missing unit"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("15 sec")).getMessage()
                .contains("unknown unit"));
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(""));
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("s"));
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("1..5s"));
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("9999999999h"));
    }
}
