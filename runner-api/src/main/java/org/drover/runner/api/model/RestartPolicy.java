package org.drover.runner.api.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Nomad's restart policy for the tasks of a group.
 *
 * @param attempts restarts allowed within {@code interval}
 * @param interval the window in which attempts are counted
 * @param delay    the wait before a restart (plus up to 25% jitter)
 * @param mode     what happens once attempts are exhausted
 */
public record RestartPolicy(int attempts, Duration interval, Duration delay, Mode mode) {

    public enum Mode {
        /** Stop restarting and fail the task. */
        FAIL,
        /** Wait until the interval ends, then start counting again. */
        DELAY;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static final Duration MIN_INTERVAL = Duration.ofSeconds(5);

    public RestartPolicy {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(mode, "mode");
    }

    /** Nomad's defaults: service and system 2 / 30m / 15s / fail; batch and sysbatch 3 / 24h / 15s / fail. */
    public static RestartPolicy defaultFor(JobType type) {
        return type == JobType.BATCH || type == JobType.SYSBATCH
                ? new RestartPolicy(3, Duration.ofHours(24), Duration.ofSeconds(15), Mode.FAIL)
                : new RestartPolicy(2, Duration.ofMinutes(30), Duration.ofSeconds(15), Mode.FAIL);
    }

    /** The rules Nomad enforces, each problem naming the field. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (attempts < 0) {
            problems.add("restart.attempts must be >= 0, got " + attempts);
        }
        if (delay.isNegative()) {
            problems.add("restart.delay must not be negative");
        }
        if (attempts == 0 && mode != Mode.FAIL) {
            problems.add("restart.mode must be \"fail\" when restart.attempts is 0");
        }
        if (interval.compareTo(MIN_INTERVAL) < 0) {
            problems.add("restart.interval must be at least 5s, got " + GoDuration.format(interval));
        }
        if (attempts > 0 && delay.multipliedBy(attempts).compareTo(interval) > 0) {
            problems.add("restart.attempts x restart.delay (" + attempts + " x " + GoDuration.format(delay)
                    + ") must not exceed restart.interval (" + GoDuration.format(interval) + ")");
        }
        return problems;
    }
}
