package org.drover.runner.core.restart;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.drover.runner.api.driver.DriverException;
import org.drover.runner.api.driver.ExitResult;
import org.drover.runner.api.model.JobType;
import org.drover.runner.api.model.RestartPolicy;
import org.drover.runner.api.model.RestartPolicy.Mode;
import org.drover.runner.core.restart.RestartDecision.Outcome;
import org.junit.jupiter.api.Test;

/** Every rule of Nomad's restart tracker, in the order it applies them. */
class RestartTrackerTest {

    static final Duration DELAY = Duration.ofSeconds(15);
    static final Duration INTERVAL = Duration.ofMinutes(30);

    long now = 1_000_000_000_000L;
    double random = 0;

    RestartTracker tracker(int attempts, Mode mode, JobType type) {
        return new RestartTracker(new RestartPolicy(attempts, INTERVAL, DELAY, mode), type, () -> now, () -> random);
    }

    static RestartDecision decision(Outcome outcome, Duration delay, String reason) {
        return new RestartDecision(outcome, delay, reason);
    }

    @Test
    void killedWinsOverEverythingElse() {
        RestartTracker t = tracker(2, Mode.FAIL, JobType.SERVICE);
        t.setExitResult(ExitResult.exited(1));
        t.setRestartTriggered(false);
        t.setKilled();
        assertEquals(decision(Outcome.KILLED, Duration.ZERO, ""), t.next());
    }

    @Test
    void aTriggeredRestartWithoutFailureRestartsAtOnceAndDoesNotCount() {
        RestartTracker t = tracker(1, Mode.FAIL, JobType.SERVICE);
        for (int i = 0; i < 5; i++) {
            t.setRestartTriggered(false);
            t.setExitResult(ExitResult.signaled(2));
            assertEquals(decision(Outcome.RESTARTING, Duration.ZERO, ""), t.next());
        }
        // Had those counted, the one attempt would be gone.
        t.setExitResult(ExitResult.exited(1));
        assertEquals(decision(Outcome.RESTARTING, DELAY, RestartTracker.REASON_WITHIN_POLICY), t.next());
    }

    @Test
    void aTriggeredRestartWithFailureCountsLikeAFailedExit() {
        RestartTracker t = tracker(1, Mode.FAIL, JobType.SERVICE);
        t.setRestartTriggered(true);
        t.setExitResult(ExitResult.signaled(2));
        assertEquals(Outcome.RESTARTING, t.next().outcome());
        t.setRestartTriggered(true);
        t.setExitResult(ExitResult.signaled(2));
        assertEquals(Outcome.NOT_RESTARTING, t.next().outcome());
    }

    @Test
    void zeroAttemptsForBatchTerminatesOnSuccessAndFailsOnFailure() {
        RestartTracker t = tracker(0, Mode.FAIL, JobType.BATCH);
        t.setExitResult(ExitResult.exited(0));
        assertEquals(decision(Outcome.TERMINATED, Duration.ZERO, RestartTracker.REASON_NO_RESTARTS), t.next());
        t.setExitResult(ExitResult.exited(3));
        assertEquals(decision(Outcome.NOT_RESTARTING, Duration.ZERO, RestartTracker.REASON_NO_RESTARTS), t.next());
    }

    @Test
    void zeroAttemptsForServiceNeverRestartsEvenAfterSuccess() {
        RestartTracker t = tracker(0, Mode.FAIL, JobType.SERVICE);
        t.setExitResult(ExitResult.exited(0));
        assertEquals(decision(Outcome.NOT_RESTARTING, Duration.ZERO, RestartTracker.REASON_NO_RESTARTS), t.next());
    }

    @Test
    void anUnrecoverableStartErrorIsNotRetried() {
        RestartTracker t = tracker(3, Mode.FAIL, JobType.SERVICE);
        t.setStartError(new DriverException("image not found"));
        assertEquals(decision(Outcome.NOT_RESTARTING, Duration.ZERO, RestartTracker.REASON_UNRECOVERABLE), t.next());
        t.setStartError(new IllegalStateException("plain exceptions are unrecoverable"));
        assertEquals(Outcome.NOT_RESTARTING, t.next().outcome());
    }

    @Test
    void aRecoverableStartErrorIsRetriedUntilAttemptsRunOut() {
        RestartTracker t = tracker(2, Mode.FAIL, JobType.SERVICE);
        for (int i = 0; i < 2; i++) {
            t.setStartError(DriverException.recoverable("port busy"));
            assertEquals(decision(Outcome.RESTARTING, DELAY, RestartTracker.REASON_WITHIN_POLICY), t.next());
        }
        t.setStartError(DriverException.recoverable("port busy"));
        assertEquals(decision(Outcome.NOT_RESTARTING, Duration.ZERO,
                "Exceeded allowed attempts 2 in interval 30m0s and mode is \"fail\""), t.next());
    }

    @Test
    void aSuccessfulBatchExitTerminatesWithoutRestart() {
        RestartTracker t = tracker(3, Mode.FAIL, JobType.BATCH);
        t.setExitResult(ExitResult.exited(0));
        assertEquals(decision(Outcome.TERMINATED, Duration.ZERO, RestartTracker.REASON_SUCCESS), t.next());
    }

    @Test
    void aSuccessfulServiceExitIsRestartedAndCounts() {
        RestartTracker t = tracker(1, Mode.FAIL, JobType.SERVICE);
        t.setExitResult(ExitResult.exited(0));
        assertEquals(Outcome.RESTARTING, t.next().outcome());
        t.setExitResult(ExitResult.exited(0));
        assertEquals(Outcome.NOT_RESTARTING, t.next().outcome());
    }

    @Test
    void aFailedExitWithinPolicyRestartsWithUpToAQuarterOfJitter() {
        RestartTracker t = tracker(5, Mode.FAIL, JobType.BATCH);
        random = 0;
        t.setExitResult(ExitResult.exited(1));
        assertEquals(DELAY, t.next().delay());
        random = 0.5;
        t.setExitResult(ExitResult.exited(1));
        assertEquals(DELAY.plus(DELAY.dividedBy(8)), t.next().delay());
        random = 0.999_999;
        t.setExitResult(ExitResult.exited(1));
        Duration d = t.next().delay();
        assertEquals(true, d.compareTo(DELAY.multipliedBy(5).dividedBy(4)) < 0, d.toString());
    }

    @Test
    void modeDelayWaitsUntilTheWindowEndsThenCountsAfresh() {
        RestartTracker t = tracker(2, Mode.DELAY, JobType.SERVICE);
        long windowStart = now;
        for (int i = 0; i < 2; i++) {
            now += Duration.ofMinutes(1).toNanos();
            t.setExitResult(ExitResult.exited(1));
            assertEquals(Outcome.RESTARTING, t.next().outcome());
        }
        now += Duration.ofMinutes(1).toNanos();
        t.setExitResult(ExitResult.exited(1));
        Duration untilWindowEnd = Duration.ofNanos(windowStart + INTERVAL.toNanos() - now);
        assertEquals(decision(Outcome.RESTARTING, untilWindowEnd, RestartTracker.REASON_DELAY), t.next());

        // The window has ended: the count starts again, and the restart is within policy.
        now = windowStart + INTERVAL.toNanos() + 1;
        t.setExitResult(ExitResult.exited(1));
        assertEquals(decision(Outcome.RESTARTING, DELAY, RestartTracker.REASON_WITHIN_POLICY), t.next());
    }

    @Test
    void theWindowIsResetBeforeCountingSoTheFirstFailureOfANewWindowCountsInIt() {
        RestartTracker t = tracker(1, Mode.FAIL, JobType.SERVICE);
        t.setExitResult(ExitResult.exited(1));
        assertEquals(Outcome.RESTARTING, t.next().outcome()); // count 1 of 1
        now += INTERVAL.toNanos() + 1;
        t.setExitResult(ExitResult.exited(1));
        // Reset then count: 1 of 1, within policy. (Counting before the reset would say 2 and fail.)
        assertEquals(Outcome.RESTARTING, t.next().outcome());
        t.setExitResult(ExitResult.exited(1));
        assertEquals(Outcome.NOT_RESTARTING, t.next().outcome());
    }

    @Test
    void inputsAreClearedAfterEachDecision() {
        RestartTracker t = tracker(3, Mode.FAIL, JobType.BATCH);
        t.setKilled();
        assertEquals(Outcome.KILLED, t.next().outcome());
        t.setExitResult(ExitResult.exited(0));
        assertEquals(Outcome.TERMINATED, t.next().outcome());
    }
}
