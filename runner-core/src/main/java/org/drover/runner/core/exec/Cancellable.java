package org.drover.runner.core.exec;

/** A scheduled action that can be called off. */
@FunctionalInterface
public interface Cancellable {
    Cancellable NONE = () -> { };

    /** Calls the action off if it has not run yet; harmless afterwards. */
    void cancel();
}
