package org.drover.launcher;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a deadline, the one way these tests wait. */
final class Poll {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Poll() {
    }

    static void until(BooleanSupplier condition) throws InterruptedException {
        until(condition, TIMEOUT, () -> "condition");
    }

    /** @param what describes the state when the deadline passes */
    static void until(BooleanSupplier condition, Duration timeout, Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + timeout + ": " + what.get());
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }
}
