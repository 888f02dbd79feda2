package org.drover.jobspec.rules;

import java.time.Duration;

/**
 * Whether a limited reschedule policy's attempts fit in its interval with its delay function, and the
 * interval that would fit them. The attempts are counted in closed form once the delay reaches its
 * ceiling, so a huge attempt count costs nothing.
 */
final class RescheduleAttempts {

    private record Fit(boolean ok, long possible, Duration recommended) {
    }

    private RescheduleAttempts() {
    }

    static void check(Layered r, StrategyRules.Reschedule policy, Problems p) {
        Fit fit = switch (policy.function()) {
            case "constant" -> constant(policy);
            case "exponential" -> exponential(policy);
            default -> fibonacci(policy);
        };
        if (fit.ok()) {
            return;
        }
        String head = "Nomad can only make " + Math.max(0, fit.possible()) + " attempts in "
                + Problems.go(policy.interval()) + " with initial delay " + Problems.go(policy.delay());
        p.add(r.at("Interval"), policy.function().equals("constant")
                ? head + " and delay function \"constant\""
                : head + ", delay function " + Problems.q(policy.function()) + ", and delay ceiling "
                        + Problems.go(policy.maxDelay()));
        p.add(r.at("Interval"), "Set the interval to at least " + Problems.go(Times.roundToSecond(fit.recommended()))
                + " to accommodate " + policy.attempts() + " attempts");
    }

    private static Fit constant(StrategyRules.Reschedule policy) {
        Duration recommended = Times.times(policy.delay(), policy.attempts());
        boolean ok = policy.interval().compareTo(recommended) >= 0;
        return new Fit(ok, ok ? 0 : policy.interval().toNanos() / policy.delay().toNanos(), recommended);
    }

    private static Fit exponential(StrategyRules.Reschedule policy) {
        long nanos = policy.interval().toNanos();
        long max = policy.maxDelay().toNanos();
        Duration recommended = Duration.ZERO;
        long possible = 0;
        for (long i = 0; i < policy.attempts(); i++) {
            Duration next = i < 62 ? Times.times(policy.delay(), 1L << i) : Times.MAX;
            if (next.toNanos() > max) {
                // From here every attempt adds the ceiling: count the ones that still fit at once.
                long remaining = policy.attempts() - i;
                long room = nanos - recommended.toNanos();
                long fitting = room <= 0 ? 0 : Math.min(remaining, (room - 1) / max);
                possible += fitting;
                recommended = Times.plus(recommended, Times.times(policy.maxDelay(), remaining));
                break;
            }
            recommended = next;
            if (recommended.toNanos() < nanos) {
                possible++;
            }
        }
        return new Fit(possible >= policy.attempts(), possible, recommended);
    }

    private static Fit fibonacci(StrategyRules.Reschedule policy) {
        long interval = policy.interval().toNanos();
        long max = policy.maxDelay().toNanos();
        Duration previous = policy.delay();
        Duration last = policy.delay();
        long possible = previous.toNanos() > interval ? 0 : -1;
        long i = 2;
        for (; i < policy.attempts(); i++) {
            Duration next = Times.plus(last, previous);
            if (next.toNanos() > max) {
                break;
            }
            previous = last;
            last = next;
            if (possible < 0 && last.toNanos() > interval) {
                possible = i;
            }
        }
        if (i < policy.attempts()) {
            // From the ceiling on, the delays are the ceiling, twice it, three times it...
            last = Times.times(policy.maxDelay(), policy.attempts() - i);
            if (possible < 0) {
                possible = i + Math.floorDiv(interval, max);
            }
        }
        boolean ok = interval >= last.toNanos();
        return new Fit(ok, ok ? 0 : Math.max(possible, 0), last);
    }
}
