package org.drover.runner.api.state;

/**
 * A change the store refused at once because it cannot write: nothing of it
 * was stored, and the caller may try again once {@link StateStore#fault()} is
 * empty. Waiting instead would hold the caller for as long as the disk is full.
 */
public final class StoreUnavailableException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final transient StoreFault fault;

    public StoreUnavailableException(StoreFault fault) {
        super(fault + "; nothing was stored");
        this.fault = fault;
    }

    public StoreFault fault() {
        return fault;
    }
}
