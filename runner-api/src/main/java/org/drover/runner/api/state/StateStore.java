package org.drover.runner.api.state;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.Optional;

import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.Job;
import org.drover.runner.api.model.TaskState;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Durable storage of allocations, their tasks' states, and the jobs that wait
 * for allocations this node could not place yet. Every put is durable
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

    /**
     * Stores several allocations, all durable when it returns. A store that commits in groups
     * makes them durable together: a job's count then costs one commit, not one each.
     */
    default void putAllocations(List<Allocation> allocations) {
        allocations.forEach(this::putAllocation);
    }

    /** Removes the allocation and everything stored for it and its tasks. */
    void deleteAllocation(String allocId);

    /** Every job stored with {@link #putJob}, in no particular order. */
    List<Job> jobs();

    /**
     * Stores a job by its ID, in place of one stored before: a job some of whose allocations wait to
     * be placed. Durable when it returns.
     */
    void putJob(Job job);

    /** Removes the job stored by that ID, if any; its allocations are left alone. */
    void deleteJob(String jobId);

    Optional<LocalTaskState> localState(String allocId, String task);

    void putLocalState(String allocId, String task, LocalTaskState state);

    /**
     * What an allocation-level hook (one that runs once for the whole group, such as the one that
     * makes its network namespace) left behind, by the hook's stable name.
     */
    Optional<HookState> allocHookState(String allocId, String hook);

    /**
     * Stores an allocation-level hook's state, durable when it returns; {@link HookState#NONE}
     * removes it. {@link #deleteAllocation} removes all of an allocation's.
     */
    void putAllocHookState(String allocId, String hook, HookState state);

    Optional<TaskState> taskState(String allocId, String task);

    void putTaskState(String allocId, String task, TaskState state);

    /**
     * Queues the put and returns at once; the stage completes when it is durable. A task's
     * puts, sync or not, become durable in the order they were made, so a caller may wait on
     * its latest one alone. Lets a task runner go on while a group commit is under way and
     * wait only where durability matters (before a task is started).
     */
    default CompletionStage<Void> putTaskStateAsync(String allocId, String task, TaskState state) {
        putTaskState(allocId, task, state);
        return CompletableFuture.completedFuture(null);
    }

    /** {@link #putLocalState}, queued; see {@link #putTaskStateAsync}. */
    default CompletionStage<Void> putLocalStateAsync(String allocId, String task, LocalTaskState state) {
        putLocalState(allocId, task, state);
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Why the store cannot write now (a full or read-only disk), or empty when it can. While
     * it cannot, queued puts wait and become durable in order once it can again; changes that
     * would hold their caller until then ({@link #putAllocations}, {@link #deleteAllocation})
     * are refused with {@link StoreUnavailableException} instead.
     */
    default Optional<StoreFault> fault() {
        return Optional.empty();
    }

    /** Commit counts and times since the store opened; none for a store that does not count. */
    default CommitStats commitStats() {
        return CommitStats.NONE;
    }
}
