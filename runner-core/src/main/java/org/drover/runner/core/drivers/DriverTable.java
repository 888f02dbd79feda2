package org.drover.runner.core.drivers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

import org.drover.runner.api.driver.Driver;

/**
 * Drivers by name, and the futures of those waiting for one to arrive or
 * leave. Several registrations may carry the same name for a while (an
 * operator installs a second bundle providing it, or bind and unbind of an
 * update arrive out of order); the one that ranks highest wins, and removing
 * one registration never evicts another that replaced it. Futures are
 * completed outside the lock, so no caller's continuation runs while it is held.
 *
 * @param <K> the ranking key; {@code ServiceReference} in the registry, whose
 *            natural order is the OSGi ranking order (ranking, then age)
 */
public final class DriverTable<K extends Comparable<? super K>> implements DriverSource {

    private final Map<String, NavigableMap<K, Driver>> byName = new HashMap<>();
    /**
     * Each caller's own future, per driver instance: a caller that stops listening cancels its
     * future and it is dropped, so a driver's list does not grow with every run it ever served.
     */
    private final Map<Driver, Set<CompletableFuture<Void>>> gone = new IdentityHashMap<>();
    private final Map<String, List<CompletableFuture<Driver>>> waiting = new HashMap<>();

    public void add(String name, K key, Driver driver) {
        List<CompletableFuture<Driver>> ready;
        Driver winner;
        synchronized (this) {
            byName.computeIfAbsent(name, n -> new TreeMap<>()).put(key, driver);
            gone.putIfAbsent(driver, new HashSet<>());
            ready = waiting.remove(name);
            winner = byName.get(name).lastEntry().getValue();
        }
        if (ready != null) {
            ready.forEach(f -> f.complete(winner));
        }
    }

    /** Removes exactly this registration; returns whether it was present. */
    public boolean remove(String name, K key) {
        List<CompletableFuture<Void>> left = null;
        synchronized (this) {
            NavigableMap<K, Driver> entries = byName.get(name);
            Driver removed = entries == null ? null : entries.remove(key);
            if (removed == null) {
                return false;
            }
            if (entries.isEmpty()) {
                byName.remove(name);
            }
            if (!entries.containsValue(removed)) {
                Set<CompletableFuture<Void>> listeners = gone.remove(removed);
                left = listeners == null ? null : new ArrayList<>(listeners); // completed outside the lock
            }
        }
        if (left != null) {
            left.forEach(f -> f.complete(null));
        }
        return true;
    }

    @Override
    public synchronized Optional<Driver> find(String name) {
        NavigableMap<K, Driver> entries = byName.get(name);
        return entries == null ? Optional.empty() : Optional.of(entries.lastEntry().getValue());
    }

    public synchronized SortedSet<String> names() {
        return new TreeSet<>(byName.keySet());
    }

    @Override
    public synchronized CompletableFuture<Driver> whenAvailable(String name) {
        Optional<Driver> present = find(name);
        if (present.isPresent()) {
            return CompletableFuture.completedFuture(present.get());
        }
        List<CompletableFuture<Driver>> list = waiting.computeIfAbsent(name, n -> new ArrayList<>());
        list.removeIf(CompletableFuture::isDone);
        CompletableFuture<Driver> f = new CompletableFuture<>();
        list.add(f);
        return f;
    }

    @Override
    public synchronized CompletableFuture<Void> whenGone(Driver driver) {
        Set<CompletableFuture<Void>> listeners = gone.get(driver);
        if (listeners == null) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        listeners.add(f);
        f.whenComplete((v, e) -> {
            if (f.isCancelled()) {
                synchronized (this) {
                    listeners.remove(f);
                }
            }
        });
        return f;
    }

    /** How many listen for this driver instance leaving. */
    synchronized int listening(Driver driver) {
        Set<CompletableFuture<Void>> listeners = gone.get(driver);
        return listeners == null ? 0 : listeners.size();
    }

    @Override
    public synchronized boolean isGone(Driver driver) {
        return !gone.containsKey(driver);
    }
}
