package org.drover.runner.api.alloc;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.drover.runner.api.model.Allocation;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs allocations on this node. Provided by the core; every call returns
 * promptly, the work happens in the background and shows in {@link #get}.
 */
@ProviderType
public interface AllocationService {

    /**
     * Persists the allocation and starts its tasks.
     *
     * @throws IllegalArgumentException when an allocation with that ID exists
     * @throws NodeFullException        when the node runs as many allocations as it may
     */
    void run(Allocation allocation);

    /**
     * Persists the allocations together, then starts their tasks: what a job with a count
     * places at once.
     *
     * @throws IllegalArgumentException when an allocation with one of those IDs exists; then none is run
     * @throws NodeFullException        when they would take the node past its cap; then none is run
     */
    default void runAll(List<Allocation> allocations) {
        replace(List.of(), allocations);
    }

    /**
     * Places allocations in place of others, as a job's new version replaces its old one: the
     * node's cap counts neither the replaced allocations nor dead ones. The placed ones and the
     * replaced ones' stop are persisted together (durable when this returns); then the replaced
     * ones are stopped, and removed once dead, and the placed ones started.
     *
     * @throws IllegalArgumentException when an allocation with one of the placed IDs exists
     * @throws NodeFullException        when the placed ones would take the node past its cap
     *                                  ({@code node_max_allocs}); either way nothing is stopped or run
     */
    void replace(List<String> replaced, List<Allocation> placed);

    /** Applies a new version of a running allocation (serialised; pending updates coalesce). */
    void update(Allocation allocation);

    /** {@link #stop(List, boolean)} of one allocation, kept afterwards. */
    default CompletionStage<Void> stop(String allocId) {
        return stop(List.of(allocId), false);
    }

    /**
     * Stops allocations for good: their desired status (stop, or purge) is durable when this
     * returns, so an agent that dies meanwhile finishes the stop and never starts their tasks again;
     * then every task is killed. The stage completes when all are dead; purged allocations are
     * then forgotten (records and directory). Stopping one already stopped changes nothing.
     * While the store cannot write, the tasks are killed all the same and
     * {@link org.drover.runner.api.state.StoreUnavailableException} says that the stop is not recorded.
     *
     * @throws IllegalArgumentException when one of them does not exist; then none is stopped
     */
    CompletionStage<Void> stop(List<String> allocIds, boolean purge);

    /** Forgets a finished allocation: its runner, its stored records and its directory. */
    void remove(String allocId);

    /**
     * Nomad's client garbage collection, now: every terminal allocation (all of its tasks dead) is
     * forgotten, records and directory. Returns how many were.
     */
    int collectGarbage();

    /**
     * Nomad's server garbage collection, now: every job whose allocations are all terminal is
     * forgotten with them, however recently it died. A job has no record but its allocations, so
     * this is where jobs are collected. Returns how many jobs were.
     */
    int collectDeadJobs();

    Optional<AllocationView> get(String allocId);

    /**
     * Calls {@code onTerminal} each time an allocation becomes terminal (all of its tasks dead: it
     * completed, failed or was stopped), on a thread the service commits nothing on, until the
     * returned handle is closed: what it held on the node (its ports, a place under the cap) is free.
     */
    default AutoCloseable watchTerminal(Runnable onTerminal) {
        return () -> { };
    }

    List<AllocationView> list();

    /** Sends a signal to a running task. */
    void signal(String allocId, String task, String signal);

    /** Restarts a running task without counting it against its restart policy. */
    void restart(String allocId, String task);
}
