package org.drover.runner.core.drivers;

import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Drivers by name. Several services may carry the same name for a while (an
 * operator installs a second bundle providing it, or bind and unbind of an
 * update arrive out of order); the one that ranks highest wins, and removing
 * one registration never evicts another that replaced it.
 *
 * @param <K> the ranking key; {@code ServiceReference} in the registry, whose
 *            natural order is the OSGi ranking order (ranking, then age)
 * @param <D> the driver
 */
final class DriverTable<K extends Comparable<? super K>, D> {

    private final Map<String, NavigableMap<K, D>> byName = new HashMap<>();

    synchronized void add(String name, K key, D driver) {
        byName.computeIfAbsent(name, n -> new TreeMap<>()).put(key, driver);
    }

    /** Removes exactly this registration; returns whether it was present. */
    synchronized boolean remove(String name, K key) {
        NavigableMap<K, D> entries = byName.get(name);
        if (entries == null || entries.remove(key) == null) {
            return false;
        }
        if (entries.isEmpty()) {
            byName.remove(name);
        }
        return true;
    }

    synchronized Optional<D> find(String name) {
        NavigableMap<K, D> entries = byName.get(name);
        return entries == null ? Optional.empty() : Optional.of(entries.lastEntry().getValue());
    }

    synchronized SortedSet<String> names() {
        return new TreeSet<>(byName.keySet());
    }
}
