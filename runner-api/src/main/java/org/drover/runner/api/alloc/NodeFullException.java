package org.drover.runner.api.alloc;

/**
 * Placing allocations would take the node past its cap on live allocations
 * ({@code node_max_allocs}). Nothing was placed, stopped or persisted.
 */
public final class NodeFullException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final int limit;
    private final int live;
    private final int asked;

    public NodeFullException(int limit, int live, int asked) {
        super("node_max_allocs: this node runs at most " + limit + " allocation(s); " + live
                + " are live and " + asked + " more were asked for");
        this.limit = limit;
        this.live = live;
        this.asked = asked;
    }

    public int limit() {
        return limit;
    }

    public int live() {
        return live;
    }

    public int asked() {
        return asked;
    }
}
