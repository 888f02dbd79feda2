package org.drover.runner.api.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The ports an allocation holds on this node, picked when it was placed and kept with it: the same
 * after an agent restart or a driver's re-attach, free again once the allocation is terminal.
 *
 * @param mode  the group network's mode ({@link NetworkResource#HOST} when it has none)
 * @param ports the group network's ports (Nomad's {@code AllocatedResources.Shared.Ports})
 * @param tasks the ports of tasks' legacy {@code resources.network}, by task
 */
public record AllocatedNetwork(String mode, List<AllocatedPort> ports, Map<String, List<AllocatedPort>> tasks) {
    /** An allocation with no ports. */
    public static final AllocatedNetwork NONE = new AllocatedNetwork(NetworkResource.HOST, List.of(), Map.of());

    public AllocatedNetwork {
        Objects.requireNonNull(mode, "mode");
        ports = List.copyOf(ports);
        Map<String, List<AllocatedPort>> copied = new java.util.HashMap<>();
        tasks.forEach((k, v) -> copied.put(k, List.copyOf(v)));
        tasks = Map.copyOf(copied);
    }

    /** Every host port this allocation holds, group and tasks. */
    public List<AllocatedPort> all() {
        List<AllocatedPort> out = new ArrayList<>(ports);
        tasks.values().forEach(out::addAll);
        return out;
    }

    /** What task {@code task} may map: the group's ports, then its own legacy ones. */
    public List<AllocatedPort> forTask(String task) {
        List<AllocatedPort> out = new ArrayList<>(ports);
        out.addAll(tasks.getOrDefault(task, List.of()));
        return out;
    }
}
