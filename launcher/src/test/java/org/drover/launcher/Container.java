package org.drover.launcher;

import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.util.tracker.ServiceTracker;

/** What the Pax Exam tests do to the framework they run in: find bundles and services, refresh. */
final class Container {

    static final long TIMEOUT_MILLIS = 30_000;

    private Container() {
    }

    static <S> S service(BundleContext context, Class<S> type) throws InterruptedException {
        ServiceTracker<S, S> tracker = new ServiceTracker<>(context, type, null);
        tracker.open();
        S service = tracker.waitForService(TIMEOUT_MILLIS);
        tracker.close();
        assertTrue(type.getSimpleName() + " not registered", service != null);
        return service;
    }

    static Bundle bundle(BundleContext context, String bsn) {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + bsn);
    }

    /** Refreshes the bundle and waits until the framework has done it. */
    static void refresh(BundleContext context, Bundle bundle) throws InterruptedException {
        FrameworkWiring wiring = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        CountDownLatch done = new CountDownLatch(1);
        wiring.refreshBundles(List.of(bundle), event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                done.countDown();
            }
        });
        assertTrue("refresh did not finish", done.await(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS));
    }
}
