package org.drover.runner.api.alloc;

import java.util.List;
import java.util.Optional;

import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.ClientStatus;

/**
 * An allocation as the runner sees it now.
 *
 * @param allocation the allocation
 * @param status     pending, running, complete or failed
 * @param tasks      its tasks, in the group's order
 * @param network    its network namespace once made (bridge mode), else null: Nomad's {@code NetworkStatus}
 */
public record AllocationView(Allocation allocation, ClientStatus status, List<TaskView> tasks,
        org.drover.runner.api.driver.NetworkIsolation network) {
    public AllocationView {
        tasks = List.copyOf(tasks);
    }

    /** An allocation in the host's network. */
    public AllocationView(Allocation allocation, ClientStatus status, List<TaskView> tasks) {
        this(allocation, status, tasks, null);
    }

    public Optional<TaskView> task(String name) {
        return tasks.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
