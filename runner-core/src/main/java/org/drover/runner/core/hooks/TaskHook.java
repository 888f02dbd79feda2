package org.drover.runner.core.hooks;

/**
 * A step of a task's lifecycle, in the manner of Nomad's task hooks: one small
 * class per concern with a stable name, under which its state is persisted. A
 * hook implements the phase interfaces it takes part in.
 */
public interface TaskHook {

    /** The stable name its state is stored under; never change it once released. */
    String name();
}
