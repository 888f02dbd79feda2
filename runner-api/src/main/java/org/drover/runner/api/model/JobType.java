package org.drover.runner.api.model;

/** Nomad's job types. */
public enum JobType {
    SERVICE, BATCH, SYSTEM, SYSBATCH;

    /** Service and system tasks are restarted even after a successful exit; batch and sysbatch tasks are done. */
    public boolean restartsOnSuccess() {
        return this == SERVICE || this == SYSTEM;
    }

    /** System and sysbatch jobs run one allocation on every node that fits, whatever a group's count says. */
    public boolean onEveryNode() {
        return this == SYSTEM || this == SYSBATCH;
    }

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
