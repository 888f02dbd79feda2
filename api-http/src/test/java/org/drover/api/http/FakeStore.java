package org.drover.api.http;

import java.util.Optional;

import org.drover.runner.api.state.CommitStats;
import org.drover.runner.api.state.StateStore;
import org.drover.runner.api.state.StoreFault;

/**
 * The store as the API sees it: its fault and its commit counts, both set by the test. The API
 * reads nothing else of the store, and {@link #asStore()} fails any other call.
 */
final class FakeStore {

    StoreFault fault;
    CommitStats stats = CommitStats.NONE;

    Optional<StoreFault> fault() {
        return Optional.ofNullable(fault);
    }

    CommitStats commitStats() {
        return stats;
    }

    StateStore asStore() {
        return Partial.of(StateStore.class, this);
    }
}
