package org.drover.runner.api.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A group of tasks that run together in one allocation.
 *
 * @param name    unique within its job
 * @param count   how many allocations of this group to run
 * @param restart the restart policy of its tasks
 * @param meta    group metadata
 * @param tasks   the tasks, in the order written
 * @param constraints its group-level constraints
 * @param stanzas     what else was submitted at group level and is read but not acted on
 * @param networks    its {@code network} stanza (Nomad allows at most one)
 */
public record TaskGroup(String name, int count, RestartPolicy restart, Map<String, String> meta, List<Task> tasks,
        List<Constraint> constraints, Stanzas stanzas, List<NetworkResource> networks) {
    public TaskGroup {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(restart, "restart");
        meta = Map.copyOf(meta);
        tasks = List.copyOf(tasks);
        constraints = List.copyOf(constraints);
        Objects.requireNonNull(stanzas, "stanzas");
        networks = List.copyOf(networks);
        if (count < 0) {
            throw new IllegalArgumentException("group " + name + ": count must be >= 0, got " + count);
        }
    }

    /** A group without a network. */
    public TaskGroup(String name, int count, RestartPolicy restart, Map<String, String> meta, List<Task> tasks,
            List<Constraint> constraints, Stanzas stanzas) {
        this(name, count, restart, meta, tasks, constraints, stanzas, List.of());
    }

    /** A group without constraints or other stanzas. */
    public TaskGroup(String name, int count, RestartPolicy restart, Map<String, String> meta, List<Task> tasks) {
        this(name, count, restart, meta, tasks, List.of(), Stanzas.NONE);
    }

    /** The group's network, if it has one. */
    public Optional<NetworkResource> network() {
        return networks.stream().findFirst();
    }

    public Optional<Task> task(String taskName) {
        return tasks.stream().filter(t -> t.name().equals(taskName)).findFirst();
    }
}
