package org.drover.runner.core.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeSettingsTest {

    @Test
    void nomadsDefaults() {
        assertEquals(new NodeSettings("dc1", "host-a", "", "default", "global", Map.of()),
                NodeSettings.of(Map.of("component.name", "x"), k -> null, "host-a"));
    }

    @Test
    void theFileGivesEachKey() {
        Map<String, Object> file = Map.of("datacenter", "eu1", "name", "web-3", "node_class", "m5",
                "node_pool", "edge", "region", "europe", "meta.rack", "r7", "meta.zone", "a");
        assertEquals(new NodeSettings("eu1", "web-3", "m5", "edge", "europe", Map.of("rack", "r7", "zone", "a")),
                NodeSettings.of(file, k -> null, "host-a"));
    }

    @Test
    void flagsWinOverTheFileAndMetaMerges() {
        Map<String, Object> file = Map.of("datacenter", "eu1", "node_pool", "edge", "meta.rack", "r7",
                "meta.zone", "a");
        Map<String, String> flags = Map.of(NodeSettings.FLAG_DATACENTER, "eu2", NodeSettings.FLAG_NAME, "n9",
                NodeSettings.FLAG_META, "rack=r8\ngpu=a=b\n");
        assertEquals(new NodeSettings("eu2", "n9", "", "edge", "global", Map.of("rack", "r8", "zone", "a",
                "gpu", "a=b")), NodeSettings.of(file, flags::get, "host-a"));
    }

    /** What Nomad's agent refuses to start with: here logged, and the default used. */
    @Test
    void invalidValuesFallBackToTheDefaults() {
        Map<String, Object> file = Map.of("datacenter", "dc*", "node_pool", "has space", "meta.a..b", "x",
                "meta.ok.key", "y");
        NodeSettings s = NodeSettings.of(file, k -> null, "h");
        assertEquals("dc1", s.datacenter());
        assertEquals("default", s.nodePool());
        assertEquals(Map.of("ok.key", "y"), s.meta());
    }

    @Test
    void theIdIsMadeOnceAndKept(@TempDir Path data) throws Exception {
        String id = NodeId.in(data);
        assertEquals(id, NodeId.in(data));
        assertEquals(id + "\n", Files.readString(data.resolve("node-id")));
        Files.writeString(data.resolve("node-id"), "not a uuid\n");
        String replaced = NodeId.in(data);
        assertNotEquals(id, replaced);
        assertEquals(36, replaced.length());
    }

    /** A data dir that takes no writes still gives the node an ID, for this run. */
    @Test
    void anIdThatCannotBeKeptServesThisRun(@TempDir Path tmp) throws Exception {
        Path notADir = Files.writeString(tmp.resolve("file"), "x");
        String id = NodeId.in(notADir.resolve("data"));
        assertEquals(36, id.length());
        assertNotEquals(id, NodeId.in(notADir.resolve("data")));
    }
}
