package org.drover.runner.core.node;

import java.time.Clock;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import org.drover.runner.api.driver.DriverCatalog;
import org.drover.runner.api.driver.Fingerprint;
import org.drover.runner.api.node.DriverState;
import org.drover.runner.api.node.Node;

/**
 * The node as last fingerprinted: the host's attributes (read once, the slow ones just after), the operator's settings, and
 * each driver's state, re-read on {@link #refresh}. A driver adds its {@code driver.*} attributes
 * while detected, and {@code driver.<name> = 1} while healthy: a constraint or a placement on
 * {@code ${attr.driver.docker}} then means a docker that can run tasks, as Nomad's driver checker
 * asks for detected and healthy both. Other keys a driver reports stay in its own state: the host's
 * {@code kernel.name} is the host fingerprint's to say.
 */
final class LocalNode {

    private final String id;
    private Map<String, String> host;
    private final Clock clock;
    private NodeSettings settings;
    private SortedMap<String, DriverState> drivers = Collections.emptySortedMap();
    private Node node;

    LocalNode(String id, NodeSettings settings, Map<String, String> host, Clock clock) {
        this.id = id;
        this.settings = settings;
        this.host = Map.copyOf(host);
        this.clock = clock;
        this.node = build();
    }

    synchronized Node node() {
        return node;
    }

    synchronized SortedMap<String, DriverState> drivers() {
        return drivers;
    }

    /** Host attributes learnt after the first reading (the CNI plugins'); returns whether the node changed. */
    synchronized boolean hostAttributes(Map<String, String> more) {
        Map<String, String> merged = new java.util.HashMap<>(host);
        merged.putAll(more);
        host = Map.copyOf(merged);
        return rebuild();
    }

    /** Returns whether the node changed. */
    synchronized boolean settings(NodeSettings changed) {
        settings = changed;
        return rebuild();
    }

    /**
     * Reads every driver's fingerprint (bounded by the catalog) and returns whether the node changed.
     * A driver's {@code updated} moves only when what it says changes.
     */
    boolean refresh(DriverCatalog catalog) {
        SortedMap<String, DriverState> before = drivers();
        SortedMap<String, DriverState> now = new TreeMap<>();
        for (String name : catalog.names()) {
            Optional<Fingerprint> f = catalog.fingerprint(name);
            if (f.isEmpty()) {
                continue; // gone between the two calls
            }
            DriverState old = before.get(name);
            Fingerprint p = f.get();
            boolean same = old != null && old.health() == p.health() && old.description().equals(p.description())
                    && old.attributes().equals(p.attributes());
            now.put(name, same ? old : new DriverState(p.health(), p.description(), p.attributes(), clock.instant()));
        }
        synchronized (this) {
            drivers = Collections.unmodifiableSortedMap(now);
            return rebuild();
        }
    }

    private boolean rebuild() {
        Node next = build();
        if (next.equals(node)) {
            return false;
        }
        node = next;
        return true;
    }

    private Node build() {
        Map<String, String> attributes = new TreeMap<>(host);
        drivers.forEach((name, state) -> {
            if (state.detected()) {
                state.attributes().forEach((k, v) -> {
                    if (k.startsWith("driver.") && !v.isEmpty()) {
                        attributes.put(k, v);
                    }
                });
            }
            if (state.healthy()) {
                attributes.put("driver." + name, "1");
            } else {
                attributes.remove("driver." + name);
            }
        });
        return new Node(id, settings.name(), settings.datacenter(), settings.region(), settings.nodeClass(),
                settings.nodePool(), attributes, settings.meta(),
                settings.ports(host.getOrDefault(Node.IP_ADDRESS, "127.0.0.1")));
    }
}
