package org.drover.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.systemPackage;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;

import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.drover.runner.api.driver.Driver;
import org.drover.runner.api.driver.DriverCatalog;
import org.drover.runner.api.driver.Health;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * The agent's runtime in a native Felix container, provisioned from the
 * bundles of the built distribution plus the mock driver, offline.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DroverRuntimeIT {

    static final long TIMEOUT_MILLIS = 30_000;
    static final String MOCK_BSN = "org.drover.driver.mock";
    static final String CORE_BSN = "org.drover.runner.core";

    @Inject
    BundleContext context;

    @Inject
    DriverCatalog catalog;

    @Configuration
    public Option[] config() throws Exception {
        List<Option> options = new ArrayList<>();
        options.add(cleanCaches());
        // As the launcher does: slf4j comes from the class path. systemPackage adds to the
        // packages Exam itself exports from the class path instead of replacing them.
        options.add(systemPackage(SystemPackages.extra()));
        // As the launcher does: the store and the task directories under one data dir.
        // Traversable by all, as a node's data dir must be: exec and java tasks run as nobody.
        Path data = Files.createTempDirectory("drover-exam",
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x")));
        options.add(frameworkProperty("drover.data.dir").value(data.toString()));
        options.add(frameworkProperty("drover.alloc.dir").value(data.resolve("alloc").toString()));
        options.add(frameworkProperty("drover.http.host").value("127.0.0.1"));
        options.add(frameworkProperty("gosh.args").value("--nointeractive --noshutdown"));
        options.add(frameworkProperty("drover.http.port").value(Integer.toString(AgentProcess.freePort())));
        for (Path jar : RuntimeBundles.jars(AgentProcess.DISTRIBUTION.resolve("bundles"))) {
            options.add(bundle(jar.toUri().toString()));
        }
        options.add(bundle(LauncherIT.MOCK_DRIVER.toUri().toString()));
        options.add(junitBundles());
        return options.toArray(Option[]::new);
    }

    @Test
    public void everyDroverBundleIsActive() {
        Set<String> active = new TreeSet<>();
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName().startsWith("org.drover.")) {
                assertEquals(b.getSymbolicName() + " state", Bundle.ACTIVE, b.getState());
                active.add(b.getSymbolicName());
            }
        }
        assertEquals(Set.of("org.drover.runner.api", "org.drover.runner.core", "org.drover.state.mapdb",
                "org.drover.driver.exec", "org.drover.driver.java", "org.drover.driver.docker", "org.drover.api.http",
                "org.drover.shell",
                MOCK_BSN), active);
    }

    @Test
    public void aDriverRegisteredByADriverBundleIsVisibleToTheCore() throws Exception {
        Poll.until(() -> catalog.find("mock").isPresent());
        Driver mock = catalog.find("mock").orElseThrow();
        assertEquals("mock", mock.info().name());
        assertEquals(Health.HEALTHY, mock.fingerprint().health());
        assertTrue(catalog.names().contains("mock"));
    }

    @Test
    public void aDriverBundleCanBeStoppedStartedAndUpdatedWithoutTouchingTheCore() throws Exception {
        Bundle mockBundle = installed(MOCK_BSN);
        Bundle core = installed(CORE_BSN);
        ServiceReference<DriverCatalog> catalogRef = context.getServiceReference(DriverCatalog.class);
        Object catalogId = catalogRef.getProperty(Constants.SERVICE_ID);
        Poll.until(() -> catalog.find("mock").isPresent());
        Driver before = catalog.find("mock").orElseThrow();

        // The core is not wired to any driver: refreshing a driver never refreshes the core.
        FrameworkWiring wiring = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        Collection<Bundle> closure = wiring.getDependencyClosure(List.of(mockBundle));
        assertFalse("core in the mock driver's dependency closure: " + closure, closure.contains(core));

        mockBundle.stop();
        Poll.until(() -> catalog.find("mock").isEmpty());
        mockBundle.start();
        Poll.until(() -> catalog.find("mock").isPresent());

        long id = mockBundle.getBundleId();
        try (InputStream in = new URL(mockBundle.getLocation()).openStream()) {
            mockBundle.update(in);
        }
        refresh(wiring, mockBundle);
        Poll.until(() -> catalog.find("mock").isPresent());
        assertEquals(id, installed(MOCK_BSN).getBundleId());
        assertEquals(Bundle.ACTIVE, installed(MOCK_BSN).getState());
        assertNotSame(before, catalog.find("mock").orElseThrow());

        // The core kept its one DriverCatalog registration throughout: never stopped or refreshed.
        assertEquals(Bundle.ACTIVE, core.getState());
        assertEquals(catalogId, context.getServiceReference(DriverCatalog.class).getProperty(Constants.SERVICE_ID));
    }

    private Bundle installed(String bsn) {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + bsn);
    }

    /** Refreshes as FileInstall does after an update, and waits for the refresh to finish. */
    private static void refresh(FrameworkWiring wiring, Bundle bundle) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        wiring.refreshBundles(List.of(bundle), event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                done.countDown();
            }
        });
        assertTrue("refresh did not finish", done.await(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS));
    }


    @Test
    public void theShellCommandsAnswerFromTheCoreServices() throws Exception {
        Poll.until(() -> catalog.find("mock").isPresent());
        org.osgi.util.tracker.ServiceTracker<org.apache.felix.service.command.CommandProcessor,
                org.apache.felix.service.command.CommandProcessor> tracker = new org.osgi.util.tracker.ServiceTracker<>(
                        context, org.apache.felix.service.command.CommandProcessor.class, null);
        tracker.open();
        org.apache.felix.service.command.CommandProcessor processor = tracker.waitForService(TIMEOUT_MILLIS);
        assertTrue("no Gogo runtime", processor != null);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream print = new java.io.PrintStream(out, true);
        org.apache.felix.service.command.CommandSession session = processor.createSession(
                new java.io.ByteArrayInputStream(new byte[0]), print, print);
        Poll.until(() -> {
            try {
                return String.valueOf(session.execute("drover:drivers")).contains("mock");
            } catch (Exception e) {
                return false; // the commands' component is not up yet
            }
        });
        String drivers = String.valueOf(session.execute("drover:drivers"));
        assertTrue(drivers, drivers.lines().anyMatch(l -> l.matches("mock +healthy +Healthy")));
        assertEquals("No jobs", String.valueOf(session.execute("drover:status")));
        try {
            session.execute("drover:stop nosuchjob");
            fail("stopping an unknown job must fail");
        } catch (IllegalArgumentException e) {
            assertEquals("no job nosuchjob", e.getMessage());
        }
        session.close();
        tracker.close();
    }
}
