package org.drover.runner.api.model;

/**
 * What should become of an allocation, as Nomad's {@code DesiredStatus}. It is stored with the
 * allocation before a stop is acknowledged, so an agent that dies during the stop finishes it
 * when it comes back, and never starts the allocation's tasks again.
 */
public enum DesiredStatus {
    /** Its tasks run (and restart) as their policies say. */
    RUN("run"),
    /** Its tasks are killed and never started again (a job stop, a job's new version). */
    STOP("stop"),
    /** As {@link #STOP}; once its tasks are dead the allocation is forgotten at once (a purged job). */
    PURGE("stop");

    private final String wire;

    DesiredStatus(String wire) {
        this.wire = wire;
    }

    /** Nomad's word for it: {@code run} or {@code stop}. */
    public String wire() {
        return wire;
    }

    public boolean stopped() {
        return this != RUN;
    }
}
