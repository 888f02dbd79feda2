package org.drover.launcher.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT and SIGTERM for a command that must clean up before it exits: the
 * first interrupts the thread that installed this (whatever it waits for
 * ends), a second exits at once, as a shell user pressing Ctrl-C again expects.
 * The JVM's own handlers are back once this is closed.
 */
final class Interrupts implements AutoCloseable {

    private static final String[] SIGNALS = {"INT", "TERM"};

    private final Thread owner = Thread.currentThread();
    private final CountDownLatch first = new CountDownLatch(1);
    private final AtomicInteger count = new AtomicInteger();
    private final List<SignalHandler> previous = new ArrayList<>();

    private Interrupts() {
    }

    static Interrupts install() {
        Interrupts i = new Interrupts();
        for (String name : SIGNALS) {
            i.previous.add(Signal.handle(new Signal(name), sig -> i.onSignal()));
        }
        return i;
    }

    private void onSignal() {
        if (count.incrementAndGet() > 1) {
            System.err.println("drover: interrupted again: exiting without cleaning up");
            System.err.flush();
            Runtime.getRuntime().halt(RunCommand.INTERRUPTED);
        }
        // The interrupt before the latch: woken by the latch, the owner could already be stopping
        // the job over HTTP when a late interrupt broke that call off, leaving the tasks behind.
        owner.interrupt();
        first.countDown();
    }

    boolean received() {
        return count.get() > 0;
    }

    /** Waits for the first signal; it always ends in the InterruptedException the signal causes. */
    void await() throws InterruptedException {
        first.await();
        throw new InterruptedException();
    }

    @Override
    public void close() {
        for (int i = 0; i < SIGNALS.length; i++) {
            Signal.handle(new Signal(SIGNALS[i]), previous.get(i));
        }
    }
}
