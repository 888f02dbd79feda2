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
 */
public record AllocationView(Allocation allocation, ClientStatus status, List<TaskView> tasks) {
    public AllocationView {
        tasks = List.copyOf(tasks);
    }

    public Optional<TaskView> task(String name) {
        return tasks.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
