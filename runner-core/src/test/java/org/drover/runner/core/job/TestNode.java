package org.drover.runner.core.job;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.drover.runner.api.node.DriverState;
import org.drover.runner.api.node.Node;
import org.drover.runner.api.node.NodeService;

/** A node whose attributes a test sets; watchers hear of each change at once, on the test's thread. */
final class TestNode implements NodeService {

    private volatile Node node;
    private final List<Runnable> watchers = new CopyOnWriteArrayList<>();

    TestNode(Map<String, String> attributes) {
        this.node = new Node("0b5e7c1a-0000-4000-8000-00000000000a", "box", "dc1", "global", "", "default",
                attributes, Map.of());
    }

    @Override
    public Node self() {
        return node;
    }

    @Override
    public SortedMap<String, DriverState> drivers() {
        return new TreeMap<>();
    }

    @Override
    public Instant readySince() {
        return Instant.EPOCH;
    }

    @Override
    public AutoCloseable watch(Runnable onChange) {
        watchers.add(onChange);
        return () -> watchers.remove(onChange);
    }

    void attribute(String key, String value) {
        Map<String, String> attrs = new HashMap<>(node.attributes());
        if (value == null) {
            attrs.remove(key);
        } else {
            attrs.put(key, value);
        }
        node = new Node(node.id(), node.name(), node.datacenter(), node.region(), node.nodeClass(), node.nodePool(),
                attrs, node.meta(), node.ports());
        watchers.forEach(Runnable::run);
    }

    void ports(org.drover.runner.api.node.NodePorts ports) {
        node = node.withPorts(ports);
        watchers.forEach(Runnable::run);
    }

    int watchers() {
        return watchers.size();
    }
}
