package org.drover.runner.api.state;

import java.util.List;
import java.util.Optional;

import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.TaskState;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Durable storage of allocations and their tasks' states. Every put is durable
 * when it returns (it survives kill -9 of the agent); implementations must be
 * safe for concurrent use by many task runners.
 *
 * <p>Provider type: a store bundle implements it; the core only calls it.
 */
@ProviderType
public interface StateStore {

    /** Every allocation stored, in no particular order. */
    List<Allocation> allocations();

    void putAllocation(Allocation allocation);

    /** Removes the allocation and everything stored for its tasks. */
    void deleteAllocation(String allocId);

    Optional<LocalTaskState> localState(String allocId, String task);

    void putLocalState(String allocId, String task, LocalTaskState state);

    Optional<TaskState> taskState(String allocId, String task);

    void putTaskState(String allocId, String task, TaskState state);

    /** Commit counts and times since the store opened; none for a store that does not count. */
    default CommitStats commitStats() {
        return CommitStats.NONE;
    }
}
