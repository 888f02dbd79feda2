package org.drover.runner.core.task;

import java.time.Duration;

/**
 * Settings shared by every task runner.
 *
 * @param eventCap          events kept per task (Nomad: 10)
 * @param maxKillTimeout    the ceiling on any task's kill_timeout (Nomad's max_kill_timeout: 30s)
 * @param killRetryBase     the first kill retry's delay (5s), growing 4x per retry
 * @param killRetryCap      the longest delay between kill retries (2m)
 * @param killAttempts      how many times a kill is tried (5)
 * @param driverWaitTimeout how long a task whose driver left waits for it before being reported lost
 * @param driverCallTimeout the bound on a blocking driver call
 * @param statsInterval     how often task resource usage is read
 */
public record RunnerConfig(int eventCap, Duration maxKillTimeout, Duration killRetryBase, Duration killRetryCap,
        int killAttempts, Duration driverWaitTimeout, Duration driverCallTimeout, Duration statsInterval) {

    public static final RunnerConfig DEFAULT = new RunnerConfig(10, Duration.ofSeconds(30), Duration.ofSeconds(5),
            Duration.ofMinutes(2), 5, Duration.ofMinutes(10), Duration.ofMinutes(1), Duration.ofSeconds(1));

    public RunnerConfig withEventCap(int cap) {
        return new RunnerConfig(cap, maxKillTimeout, killRetryBase, killRetryCap, killAttempts, driverWaitTimeout,
                driverCallTimeout, statsInterval);
    }

    /** The delay before kill retry {@code i} (0-based): base·4^i, capped. */
    public Duration killRetryDelay(int i) {
        Duration d = killRetryBase;
        for (int n = 0; n < i && d.compareTo(killRetryCap) < 0; n++) {
            d = d.multipliedBy(4);
        }
        return d.compareTo(killRetryCap) > 0 ? killRetryCap : d;
    }

    /** min(kill_timeout, max_kill_timeout), as Nomad applies it. */
    public Duration killTimeout(Duration taskKillTimeout) {
        return taskKillTimeout.compareTo(maxKillTimeout) < 0 ? taskKillTimeout : maxKillTimeout;
    }
}
