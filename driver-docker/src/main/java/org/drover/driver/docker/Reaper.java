package org.drover.driver.docker;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import org.drover.driver.docker.engine.Engine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Removes containers this node created that no task tracks any more (an
 * allocation removed while the agent was down, a start whose handle was
 * lost). A container is removed once it has been seen untracked for the whole
 * grace period, so a task that a new driver instance has not re-attached yet
 * is left alone. Only containers labelled with this node's ID are looked at.
 */
final class Reaper {

    private static final Logger LOG = LoggerFactory.getLogger(Reaper.class);

    private final Engine engine;
    private final String nodeId;
    private final Duration grace;
    private final Predicate<String> tracked;
    private final LongSupplier nanoClock;
    private final Map<String, Long> untrackedSince = new HashMap<>();

    Reaper(Engine engine, String nodeId, Duration grace, Predicate<String> tracked, LongSupplier nanoClock) {
        this.engine = engine;
        this.nodeId = nodeId;
        this.grace = grace;
        this.tracked = tracked;
        this.nanoClock = nanoClock;
    }

    /** One sweep; returns the IDs it removed. */
    synchronized Set<String> sweep() {
        Set<String> removed = new HashSet<>();
        Set<String> seen = new HashSet<>();
        try {
            for (JsonNode c : engine.containersLabelled(Labels.NODE + "=" + nodeId)) {
                String id = c.path("Id").asText();
                if (tracked.test(id)) {
                    continue;
                }
                seen.add(id);
                long since = untrackedSince.computeIfAbsent(id, k -> nanoClock.getAsLong());
                if (nanoClock.getAsLong() - since >= grace.toNanos()) {
                    engine.remove(id, true);
                    removed.add(id);
                    JsonNode labels = c.path("Labels");
                    LOG.info("Removed container {} ({}): no task has tracked it for {}", id, labels.has(Labels.INFRA)
                            ? "pause container of allocation " + labels.path(Labels.ALLOC).asText()
                            : labels.path(Labels.RUN).asText(), grace);
                }
            }
        } catch (IOException e) {
            LOG.debug("Dangling-container sweep: {}", e.getMessage());
            return removed;
        }
        untrackedSince.keySet().retainAll(seen);
        untrackedSince.keySet().removeAll(removed);
        return removed;
    }
}
