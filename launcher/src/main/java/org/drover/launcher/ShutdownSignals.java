package org.drover.launcher;

import java.util.concurrent.atomic.AtomicBoolean;

import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import sun.misc.Signal;

/**
 * SIGTERM and SIGINT stop the framework and let the launcher exit 0. Handling
 * the signals (rather than a shutdown hook) is what makes a requested stop a
 * clean exit instead of the JVM's 143/130. Tasks are OS processes that do not
 * depend on the agent, so they keep running.
 */
final class ShutdownSignals {

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownSignals.class);
    static final long STOP_TIMEOUT_MILLIS = 60_000;

    private final Framework framework;
    private final AtomicBoolean stopping = new AtomicBoolean();

    private ShutdownSignals(Framework framework) {
        this.framework = framework;
    }

    static void install(Framework framework) {
        ShutdownSignals handler = new ShutdownSignals(framework);
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), sig -> handler.onSignal("SIG" + sig.getName()));
        }
    }

    private void onSignal(String name) {
        if (!stopping.compareAndSet(false, true)) {
            // A second signal while stopping: the operator wants out now.
            LOG.warn("{} received again: exiting without waiting for the bundles to stop", name);
            Runtime.getRuntime().halt(1);
        }
        LOG.info("{} received: stopping the agent (tasks keep running)", name);
        startWatchdog();
        try {
            framework.stop();
        } catch (BundleException e) {
            LOG.error("The framework refused to stop: {}", e.getMessage());
            Runtime.getRuntime().halt(1);
        }
    }

    /** A bundle that hangs in its stop must not keep the agent from exiting. */
    private void startWatchdog() {
        Thread watchdog = new Thread(() -> {
            try {
                FrameworkEvent event = framework.waitForStop(STOP_TIMEOUT_MILLIS);
                if (event.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                    LOG.error("The agent did not stop within {} s; exiting anyway", STOP_TIMEOUT_MILLIS / 1000);
                    Runtime.getRuntime().halt(1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "drover-stop-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
