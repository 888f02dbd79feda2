package org.drover.runner.api.model;

/** Nomad's job types. */
public enum JobType {
    SERVICE, BATCH, SYSTEM;

    /** Service and system tasks are restarted even after a successful exit; batch tasks are done. */
    public boolean restartsOnSuccess() {
        return this != BATCH;
    }

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
