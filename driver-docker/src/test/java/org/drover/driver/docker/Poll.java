package org.drover.driver.docker;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.TimeUnit;

/** Waits for a condition with a deadline, never a fixed sleep. */
final class Poll {

    interface Check {
        boolean ok() throws Exception;
    }

    private Poll() {
    }

    static void until(Check check) throws Exception {
        until(check, () -> "condition");
    }

    /** {@code what} says, on failure, what was found instead. */
    static void until(Check check, java.util.function.Supplier<String> what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                fail(what.get() + " not met within 60s");
            }
            Thread.sleep(20);
        }
    }
}
