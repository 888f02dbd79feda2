package org.drover.runner.core.task;

/**
 * How far a task's kill has gone. One value rather than separate flags, so that a kill signalled
 * but never requested, or one given up on before it was sent, cannot be written down. Only the
 * step to {@link #REQUESTED} is persisted (the local state's {@code killRequested}): a restarted
 * agent takes a kill up again from there, and sends the signal anew.
 */
enum KillStage {
    /** No kill asked for. */
    NONE,
    /** Asked for and recorded (Killing, then the durable marker); preKill, shutdown_delay, the signal to come. */
    REQUESTED,
    /** The kill signal went (or goes once the kill is durable); the exit is awaited. */
    SIGNALLED,
    /** Every stop failed and Killed was recorded with the failure; the exit is still awaited. */
    GAVE_UP,
    /** Killed is recorded and the task is dead. */
    KILLED;

    boolean requested() {
        return this != NONE;
    }

    /** Whether the kill signal was sent: a re-attached task is then stopped again, without preKill. */
    boolean signalled() {
        return this == SIGNALLED || this == GAVE_UP;
    }

    /** Whether Killed is recorded already. */
    boolean announced() {
        return this == GAVE_UP || this == KILLED;
    }
}
