package org.drover.launcher.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The corpus's equality: what it forgives and what it does not. */
class CanonicalApiJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String canonical(String json) throws Exception {
        return CanonicalApiJson.of(JSON.readTree(json));
    }

    @Test
    void goDurationsAreReadAsGoReadsThem() {
        assertEquals(5_400_000_000_000L, CanonicalApiJson.goDuration("1h30m"));
        assertEquals(1_500_000_000L, CanonicalApiJson.goDuration("1.5s"));
        assertEquals(-2_000_000L, CanonicalApiJson.goDuration("-2ms"));
        assertEquals(3_000L, CanonicalApiJson.goDuration("3us"));
        assertEquals(0L, CanonicalApiJson.goDuration("0"));
        assertNull(CanonicalApiJson.goDuration("30"));
        assertNull(CanonicalApiJson.goDuration("5 s"));
        assertNull(CanonicalApiJson.goDuration(""));
    }

    @Test
    void aDurationIsTheSameAsNanosecondsAndKeysMayBeInAnyOrderOrCase() throws Exception {
        assertEquals(canonical("{\"Job\":{\"ID\":\"a\",\"TaskGroups\":[{\"Name\":\"g\",\"Tasks\":[{\"Name\":\"t\","
                + "\"KillTimeout\":20000000000,\"Resources\":{\"CPU\":100}}]}]}}"),
                canonical("{\"Job\":{\"taskgroups\":[{\"Tasks\":[{\"resources\":{\"CPU\":100.0},\"KillTimeout\":\"20s\","
                        + "\"Name\":\"t\"}],\"Name\":\"g\"}],\"ID\":\"a\",\"Name\":\"a\"}}"));
    }

    @Test
    void aDurationStringIsOnlyForgivenWhereTheSpecificationHasADuration() throws Exception {
        assertNotEquals(canonical("{\"Job\":{\"ID\":\"a\",\"Meta\":{\"wait\":\"20s\"}}}"),
                canonical("{\"Job\":{\"ID\":\"a\",\"Meta\":{\"wait\":20000000000}}}"));
    }

    @Test
    void theOrderOfAListAndAnEmptyBlockStillCount() throws Exception {
        assertNotEquals(canonical("{\"Job\":{\"ID\":\"a\",\"Datacenters\":[\"x\",\"y\"]}}"),
                canonical("{\"Job\":{\"ID\":\"a\",\"Datacenters\":[\"y\",\"x\"]}}"));
        assertNotEquals(canonical("{\"Job\":{\"ID\":\"a\",\"Update\":{}}}"), canonical("{\"Job\":{\"ID\":\"a\"}}"));
    }
}
