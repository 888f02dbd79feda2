package org.drover.runner.core.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import org.drover.runner.api.driver.Driver;
import org.drover.runner.api.driver.DriverCatalog;
import org.drover.runner.api.driver.Fingerprint;
import org.drover.runner.api.driver.Health;
import org.drover.runner.api.node.DriverState;
import org.drover.runner.api.node.Node;
import org.junit.jupiter.api.Test;

/** Drivers' health and attributes in the node, as they change. */
class LocalNodeTest {

    /** Fingerprints by driver name, set by the test. */
    static final class Catalog implements DriverCatalog {
        final Map<String, Fingerprint> prints = new TreeMap<>();

        @Override
        public Optional<Driver> find(String name) {
            return Optional.empty();
        }

        @Override
        public SortedSet<String> names() {
            return new TreeSet<>(prints.keySet());
        }

        @Override
        public Optional<Fingerprint> fingerprint(String name) {
            return Optional.ofNullable(prints.get(name));
        }
    }

    static final NodeSettings SETTINGS = new NodeSettings("dc1", "n1", "", "default", "global", Map.of("rack", "r1"));
    static final Map<String, String> HOST = Map.of("kernel.name", "linux", "cpu.arch", "amd64");

    final Catalog catalog = new Catalog();
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    final LocalNode node = new LocalNode("id-1", SETTINGS, HOST, new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    });

    @Test
    void aHealthyDriverIsOneAndAddsItsOwnAttributesOnly() {
        catalog.prints.put("exec", Fingerprint.healthy(Map.of("driver.exec", "1", "driver.exec.cgroup", "v2",
                "kernel.name", "Linux")));
        assertTrue(node.refresh(catalog));
        Node n = node.node();
        assertEquals(Map.of("kernel.name", "linux", "cpu.arch", "amd64", "driver.exec", "1",
                "driver.exec.cgroup", "v2"), n.attributes());
        assertEquals(new Node("id-1", "n1", "dc1", "global", "", "default", n.attributes(), Map.of("rack", "r1")), n);
        DriverState exec = node.drivers().get("exec");
        assertEquals(Health.HEALTHY, exec.health());
        assertEquals("Linux", exec.attributes().get("kernel.name"));
        assertEquals(now, exec.updated());
    }

    @Test
    void hostAttributesLearntLaterAreAChangeOnceAndKeepTheDriversOwn() {
        catalog.prints.put("exec", Fingerprint.healthy(Map.of()));
        node.refresh(catalog);
        assertTrue(node.hostAttributes(Map.of("plugins.cni.version.bridge", "unknown")));
        assertEquals(Map.of("kernel.name", "linux", "cpu.arch", "amd64", "driver.exec", "1",
                "plugins.cni.version.bridge", "unknown"), node.node().attributes());
        assertEquals(false, node.hostAttributes(Map.of("plugins.cni.version.bridge", "unknown")));
    }

    /** An unhealthy driver keeps its attributes (Nomad's driver is detected) but is no driver to place on. */
    @Test
    void anUnhealthyDriverIsNotOne() {
        catalog.prints.put("java", Fingerprint.unhealthy("no JVM", Map.of("driver.java", "1",
                "driver.java.version", "17")));
        catalog.prints.put("docker", new Fingerprint(Health.UNDETECTED, "no engine",
                Map.of("driver.docker.volumes.enabled", "true")));
        node.refresh(catalog);
        assertEquals(Map.of("kernel.name", "linux", "cpu.arch", "amd64", "driver.java.version", "17"),
                node.node().attributes());
    }

    @Test
    void aHealthChangeIsAChangeWithItsTimeAndNoChangeKeepsTheTime() {
        catalog.prints.put("exec", Fingerprint.healthy(Map.of()));
        node.refresh(catalog);
        Instant first = now;
        now = now.plusSeconds(30);
        assertFalse(node.refresh(catalog));
        assertEquals(first, node.drivers().get("exec").updated());

        catalog.prints.put("exec", Fingerprint.unhealthy("cgroups are read-only", Map.of()));
        assertTrue(node.refresh(catalog));
        assertEquals(now, node.drivers().get("exec").updated());
        assertFalse(node.node().attributes().containsKey("driver.exec"));

        catalog.prints.remove("exec");
        assertFalse(node.refresh(catalog), "the node's attributes did not change, only the driver list");
        assertTrue(node.drivers().isEmpty());
    }

    @Test
    void settingsChangeTheNode() {
        Node before = node.node();
        assertFalse(node.settings(SETTINGS));
        assertSame(before, node.node());
        assertTrue(node.settings(new NodeSettings("dc2", "n1", "", "default", "global", Map.of())));
        assertEquals("dc2", node.node().datacenter());
        assertEquals(Map.of(), node.node().meta());
    }
}
