package org.drover.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The streaming reader and writer agree with Jackson's data binding, which they replace. */
class JsonTreesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SAMPLE = "{\"Job\": {\"ID\": \"web\", \"Count\": 3, \"Big\": 12345678901,"
            + " \"Huge\": 123456789012345678901234567890, \"Ratio\": 0.25, \"Exp\": 1e3, \"On\": true, \"Off\": false,"
            + " \"None\": null, \"Name\": \"caf\\u00e9 \\u2603 \\n\", \"Tags\": [\"a\", 1, [2, {\"x\": []}], {}],"
            + " \"Dup\": 1, \"Dup\": 2}}";

    @Test
    void readsWhatTheDataBindingReads() throws Exception {
        JsonNode ours = JsonTrees.read(SAMPLE.getBytes(StandardCharsets.UTF_8));
        assertEquals(MAPPER.readTree(SAMPLE), ours);
        assertEquals(MAPPER.readTree(SAMPLE), JsonTrees.read(SAMPLE));
        assertTrue(ours.at("/Job/Count").isInt());
        assertTrue(ours.at("/Job/Big").isLong());
        assertTrue(ours.at("/Job/Huge").isBigInteger());
        assertTrue(ours.at("/Job/Ratio").isDouble());
        assertEquals(2, ours.at("/Job/Dup").intValue(), "the last of a duplicate key wins");
    }

    @Test
    void writesWhatTheDataBindingWrites() throws Exception {
        JsonNode tree = MAPPER.readTree(SAMPLE);
        assertEquals(MAPPER.writeValueAsString(tree), new String(JsonTrees.write(tree), StandardCharsets.UTF_8));
        assertEquals(MAPPER.writeValueAsString(tree), JsonTrees.text(tree));
        assertEquals(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(tree),
                new String(JsonTrees.writePretty(tree), StandardCharsets.UTF_8));
    }

    @Test
    void nothingIsAMissingNodeAndTrailingContentIsIgnored() throws Exception {
        assertTrue(JsonTrees.read(new byte[0]).isMissingNode());
        assertTrue(JsonTrees.read("   ").isMissingNode());
        assertEquals(MAPPER.readTree("{\"a\": 1} {\"b\": 2}"), JsonTrees.read("{\"a\": 1} {\"b\": 2}"));
    }

    @Test
    void malformedTextIsAnErrorWithItsPlace() {
        JsonProcessingException e = assertThrows(JsonProcessingException.class,
                () -> JsonTrees.read("{\"a\": 1,\n \"b\": }"));
        assertEquals(2, e.getLocation().getLineNr());
        assertFalse(e.getOriginalMessage().isEmpty());
        assertThrows(JsonProcessingException.class, () -> JsonTrees.read("[1, 2"));
    }

    @Test
    void valuesOneAfterTheOtherAreReadInOrder() throws Exception {
        String stream = "{\"status\": \"Pulling\"}\r\n{\"status\": \"Done\"}\n[3]";
        List<JsonNode> seen = new ArrayList<>();
        for (Iterator<JsonNode> it = JsonTrees.readAll(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)));
                it.hasNext();) {
            seen.add(it.next());
        }
        assertEquals(List.of(MAPPER.readTree("{\"status\": \"Pulling\"}"), MAPPER.readTree("{\"status\": \"Done\"}"),
                MAPPER.readTree("[3]")), seen);
        assertEquals(7, JsonTrees.read(new ByteArrayInputStream("{\"StatusCode\": 7}".getBytes(StandardCharsets.UTF_8)))
                .path("StatusCode").asInt());
    }
}
