package org.drover.runner.core.placement;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

import org.drover.runner.api.model.AllocatedNetwork;
import org.drover.runner.api.model.AllocatedPort;
import org.drover.runner.api.model.NetworkResource;
import org.drover.runner.api.model.Port;
import org.drover.runner.api.model.Task;
import org.drover.runner.api.model.TaskGroup;
import org.drover.runner.api.node.NodePorts;

/**
 * The host ports of this node's address as one placement sees them, by Nomad's network index rules:
 * taken are the operator's reserved ports, those held by the live allocations, and those this
 * placement has offered already. A group's static ports are taken as written, then its dynamic ones
 * picked from the node's range; then each task's legacy network alike.
 */
public final class PortIndex {

    /** Nomad's random probes before it scans the range. */
    static final int RANDOM_ATTEMPTS = 20;

    /** Why a group's ports cannot be had: Nomad's network index error, without the {@code network: } of the dimension. */
    public static final class PortsUnavailable extends Exception {
        private static final long serialVersionUID = 1L;

        PortsUnavailable(String reason) {
            super(reason, null, false, false);
        }
    }

    private final NodePorts node;
    private final BitSet used;
    private final RandomGenerator random;

    /** @param held the networks of the allocations that keep their ports (not terminal, not replaced) */
    public PortIndex(NodePorts node, Collection<AllocatedNetwork> held, RandomGenerator random) {
        this.node = node;
        this.random = random;
        this.used = node.reserved();
        for (AllocatedNetwork n : held) {
            n.all().forEach(p -> {
                if (p.value() > 0 && p.value() < NodePorts.PORT_LIMIT) {
                    used.set(p.value());
                }
            });
        }
    }

    public PortIndex(NodePorts node, Collection<AllocatedNetwork> held) {
        this(node, held, ThreadLocalRandom.current());
    }

    /**
     * The ports of one new allocation of {@code group}, taken in this index: the next allocation
     * gets others. Nothing is taken when it fails.
     */
    public AllocatedNetwork assign(TaskGroup group) throws PortsUnavailable {
        BitSet before = (BitSet) used.clone();
        try {
            List<AllocatedPort> shared = group.network().map(n -> n.ports()).map(this::take).orElse(List.of());
            Map<String, List<AllocatedPort>> tasks = new LinkedHashMap<>();
            for (Task t : group.tasks()) {
                // As Nomad, a task's first legacy network is the one placed.
                if (!t.networks().isEmpty() && !t.networks().get(0).ports().isEmpty()) {
                    tasks.put(t.name(), take(t.networks().get(0).ports()));
                }
            }
            String mode = group.network().map(NetworkResource::mode).orElse(NetworkResource.HOST);
            return new AllocatedNetwork(mode, shared, tasks);
        } catch (Unavailable e) {
            used.clear();
            used.or(before);
            throw new PortsUnavailable(e.getMessage());
        }
    }

    /** One network's ports: the static ones first, as Nomad takes them, kept in the order written. */
    private List<AllocatedPort> take(List<Port> ask) {
        Map<Port, AllocatedPort> placed = new LinkedHashMap<>();
        ask.forEach(p -> placed.put(p, null));
        for (Port p : ask) {
            if (p.isStatic()) {
                placed.put(p, fixed(p));
            }
        }
        for (Port p : ask) {
            if (!p.isStatic()) {
                placed.put(p, allocated(p, dynamic()));
            }
        }
        return new ArrayList<>(placed.values());
    }

    private AllocatedPort fixed(Port p) {
        if (p.value() >= NodePorts.PORT_LIMIT) {
            throw new Unavailable("invalid port " + p.value() + " (out of range)");
        }
        if (!p.ignoreCollision() && used.get(p.value())) {
            throw new Unavailable("reserved port collision " + p.label() + "=" + p.value());
        }
        used.set(p.value());
        return allocated(p, p.value());
    }

    /** {@code to = -1} means the port inside is the host port. */
    private AllocatedPort allocated(Port p, int value) {
        return new AllocatedPort(p.label(), value, p.to() == -1 ? value : p.to(), node.hostIp(), p.ignoreCollision());
    }

    /** Random probes first, then a scan of the range for what is left, as Nomad picks. */
    private int dynamic() {
        int min = node.minDynamicPort();
        int max = node.maxDynamicPort();
        for (int i = 0; i < RANDOM_ATTEMPTS; i++) {
            int candidate = max > min ? min + random.nextInt(max - min) : min;
            if (candidate > 0 && !used.get(candidate)) {
                used.set(candidate);
                return candidate;
            }
        }
        int low = Math.max(min, 1);
        int top = Math.min(max, NodePorts.PORT_LIMIT - 1);
        int free = 0;
        for (int p = used.nextClearBit(low); p <= top; p = used.nextClearBit(p + 1)) {
            free++;
        }
        if (free == 0) {
            throw new Unavailable("dynamic port selection failed");
        }
        int pick = random.nextInt(free);
        for (int p = used.nextClearBit(low); ; p = used.nextClearBit(p + 1)) {
            if (pick-- == 0) {
                used.set(p);
                return p;
            }
        }
    }

    /** Unwinds an assignment from deep in it; {@link #assign} turns it into the checked failure. */
    private static final class Unavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unavailable(String reason) {
            super(reason, null, false, false);
        }
    }
}
