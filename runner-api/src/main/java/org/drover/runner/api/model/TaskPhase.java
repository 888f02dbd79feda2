package org.drover.runner.api.model;

/** Nomad's task states. */
public enum TaskPhase {
    /** Not running yet, or waiting to be restarted. */
    PENDING,
    /** Started by its driver. */
    RUNNING,
    /** Finished for good; it will not run again. */
    DEAD;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
