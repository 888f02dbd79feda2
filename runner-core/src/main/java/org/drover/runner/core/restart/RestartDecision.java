package org.drover.runner.core.restart;

import java.time.Duration;

/**
 * What the restart tracker decided after a run ended.
 *
 * @param outcome what to do
 * @param delay   how long to wait before restarting (zero unless restarting)
 * @param reason  why, as shown in the task's events
 */
public record RestartDecision(Outcome outcome, Duration delay, String reason) {

    public enum Outcome {
        /** The task was killed: stop, no event of its own. */
        KILLED,
        /** Run the task again after {@code delay}. */
        RESTARTING,
        /** Stop and fail the task. */
        NOT_RESTARTING,
        /** Stop; the task ended as it should (a successful batch task). */
        TERMINATED
    }
}
