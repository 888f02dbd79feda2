package org.drover.runner.api.model;

/** An allocation's status on this node, derived from its tasks' states. */
public enum ClientStatus {
    PENDING, RUNNING, COMPLETE, FAILED;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
