package org.drover.runner.core.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The ConfigAdmin keys operators write are the ones the component reads: DS
 * maps method names to keys (a single underscore becomes a dot), so the
 * generated descriptor is checked against the documented, Nomad-style names.
 */
class SettingsKeysTest {

    @Test
    void theRunnerSettingsHaveNomadsNames() throws Exception {
        String xml = Files.readString(
                Path.of("target/classes/OSGI-INF/org.drover.runner.core.alloc.AllocationManager.xml"));
        Set<String> keys = new TreeSet<>();
        Matcher m = Pattern.compile("<property name=\"([^\"]+)\"").matcher(xml);
        while (m.find()) {
            keys.add(m.group(1));
        }
        assertEquals(new TreeSet<>(Set.of("events_cap", "max_kill_timeout", "driver_wait_timeout",
                "driver_call_timeout", "stats_interval", "worker_threads", "driver_call_threads",
                "node_max_allocs", "max_concurrent_starts", "gc_interval", "gc_max_allocs", "gc_disk_usage_threshold",
                "gc_inode_usage_threshold", "gc_parallel_destroys", "job_gc_threshold")), keys);
    }
}
