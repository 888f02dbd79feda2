package org.drover.jobspec.rules;

import java.time.Duration;

/** Duration arithmetic that stops at the largest duration instead of overflowing. */
final class Times {

    static final Duration MAX = Duration.ofNanos(Long.MAX_VALUE);

    private Times() {
    }

    static boolean positive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }

    static Duration times(Duration d, long n) {
        try {
            return Duration.ofNanos(Math.multiplyExact(d.toNanos(), n));
        } catch (ArithmeticException e) {
            return (d.isNegative() ^ n < 0) ? Duration.ofNanos(Long.MIN_VALUE) : MAX;
        }
    }

    static Duration plus(Duration a, Duration b) {
        try {
            return Duration.ofNanos(Math.addExact(a.toNanos(), b.toNanos()));
        } catch (ArithmeticException e) {
            return a.isNegative() ? Duration.ofNanos(Long.MIN_VALUE) : MAX;
        }
    }

    /** Go's {@code Duration.Round(time.Second)}: halves away from zero. */
    static Duration roundToSecond(Duration d) {
        long n = d.toNanos();
        long s = 1_000_000_000L;
        long r = n % s;
        if (r < 0) {
            r = -r;
        }
        long down = n - (n < 0 ? -r : r);
        if (r + r < s) {
            return Duration.ofNanos(down);
        }
        try {
            return Duration.ofNanos(Math.addExact(down, n < 0 ? -s : s));
        } catch (ArithmeticException e) {
            return Duration.ofNanos(down);
        }
    }
}
