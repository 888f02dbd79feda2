package org.drover.runner.core.restart;

import java.time.Duration;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

import org.drover.runner.api.driver.DriverException;
import org.drover.runner.api.driver.ExitResult;
import org.drover.runner.api.model.GoDuration;
import org.drover.runner.api.model.JobType;
import org.drover.runner.api.model.RestartPolicy;
import org.drover.runner.core.restart.RestartDecision.Outcome;

/**
 * Nomad's restart tracker: given how a run ended, decides whether to run the
 * task again, after what delay, and why. Fed by the task runner (one input per
 * run), read once with {@link #next()}, which clears the inputs.
 */
public final class RestartTracker {

    static final String REASON_NO_RESTARTS = "Policy allows no restarts";
    static final String REASON_UNRECOVERABLE = "Error was unrecoverable";
    static final String REASON_SUCCESS = "Restart unnecessary as task terminated successfully";
    static final String REASON_DELAY = "Exceeded allowed attempts, applying a delay";
    static final String REASON_WITHIN_POLICY = "Restart within policy";
    static final double JITTER = 0.25;

    private final RestartPolicy policy;
    private final boolean restartOnSuccess;
    private final LongSupplier clockNanos;
    private final DoubleSupplier random;

    private int count;
    private long windowStartNanos;

    private Throwable startError;
    private ExitResult exit;
    private boolean killed;
    private boolean restartTriggered;
    private boolean triggeredFailure;

    /**
     * @param clockNanos a monotonic-enough clock in nanoseconds
     * @param random     uniform in [0, 1), for the jitter
     */
    public RestartTracker(RestartPolicy policy, JobType type, LongSupplier clockNanos, DoubleSupplier random) {
        this.policy = policy;
        this.restartOnSuccess = type.restartsOnSuccess();
        this.clockNanos = clockNanos;
        this.random = random;
        this.windowStartNanos = clockNanos.getAsLong();
    }

    public void setStartError(Throwable error) {
        this.startError = error;
    }

    public void setExitResult(ExitResult result) {
        this.exit = result;
    }

    public void setKilled() {
        this.killed = true;
    }

    /** A restart on demand; {@code failure} makes it count like a failed exit. */
    public void setRestartTriggered(boolean failure) {
        this.restartTriggered = true;
        this.triggeredFailure = failure;
    }

    public RestartDecision next() {
        try {
            return decide();
        } finally {
            startError = null;
            exit = null;
            killed = false;
            restartTriggered = false;
            triggeredFailure = false;
        }
    }

    private RestartDecision decide() {
        if (killed) {
            return new RestartDecision(Outcome.KILLED, Duration.ZERO, "");
        }
        if (restartTriggered && !triggeredFailure) {
            return new RestartDecision(Outcome.RESTARTING, Duration.ZERO, "");
        }
        if (policy.attempts() == 0) {
            boolean success = !restartOnSuccess && exit != null && exit.successful();
            return new RestartDecision(success ? Outcome.TERMINATED : Outcome.NOT_RESTARTING, Duration.ZERO,
                    REASON_NO_RESTARTS);
        }
        long now = clockNanos.getAsLong();
        // Reset before counting: the attempt that opens a new window counts in it.
        if (now > windowStartNanos + policy.interval().toNanos()) {
            count = 0;
            windowStartNanos = now;
        }
        count++;
        if (startError != null) {
            if (!isRecoverable(startError)) {
                return new RestartDecision(Outcome.NOT_RESTARTING, Duration.ZERO, REASON_UNRECOVERABLE);
            }
        } else if (exit != null && exit.successful() && !restartOnSuccess) {
            return new RestartDecision(Outcome.TERMINATED, Duration.ZERO, REASON_SUCCESS);
        }
        if (count > policy.attempts()) {
            if (policy.mode() == RestartPolicy.Mode.FAIL) {
                return new RestartDecision(Outcome.NOT_RESTARTING, Duration.ZERO,
                        "Exceeded allowed attempts " + policy.attempts() + " in interval "
                                + GoDuration.format(policy.interval()) + " and mode is \"fail\"");
            }
            long untilWindowEnd = windowStartNanos + policy.interval().toNanos() - now;
            return new RestartDecision(Outcome.RESTARTING, Duration.ofNanos(Math.max(0, untilWindowEnd)),
                    REASON_DELAY);
        }
        return new RestartDecision(Outcome.RESTARTING, jittered(policy.delay()), REASON_WITHIN_POLICY);
    }

    /** Only errors marked recoverable are retried; plain exceptions are final. */
    private static boolean isRecoverable(Throwable error) {
        return error instanceof DriverException d && d.isRecoverable();
    }

    /** {@code delay} plus up to 25% of it: in [delay, 1.25 delay). */
    private Duration jittered(Duration delay) {
        return delay.plusNanos((long) (delay.toNanos() * JITTER * random.getAsDouble()));
    }
}
