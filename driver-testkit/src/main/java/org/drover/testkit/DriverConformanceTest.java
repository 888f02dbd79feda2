package org.drover.testkit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import javax.inject.Inject;

import org.drover.runner.api.alloc.AllocLayout;
import org.drover.runner.api.alloc.AllocationService;
import org.drover.runner.api.alloc.DriverAttachment;
import org.drover.runner.api.alloc.TaskDir;
import org.drover.runner.api.alloc.TaskView;
import org.drover.runner.api.driver.Driver;
import org.drover.runner.api.driver.DriverException;
import org.drover.runner.api.driver.ExitResult;
import org.drover.runner.api.driver.TaskConfig;
import org.drover.runner.api.driver.TaskHandle;
import org.drover.runner.api.driver.TaskInspection;
import org.drover.runner.api.driver.TaskNotFoundException;
import org.drover.runner.api.driver.TaskResourceUsage;
import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.Job;
import org.drover.runner.api.model.JobType;
import org.drover.runner.api.model.LogConfig;
import org.drover.runner.api.model.Resources;
import org.drover.runner.api.model.RestartPolicy;
import org.drover.runner.api.model.Task;
import org.drover.runner.api.model.TaskEvent;
import org.drover.runner.api.model.TaskGroup;
import org.drover.runner.api.state.LocalTaskState;
import org.drover.runner.api.state.StateStore;
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
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The contract every Drover driver keeps, checked in a real Felix container.
 * A driver author extends this class with a few lines (the driver's name, its
 * bundle, and two task configs) and runs it with Pax Exam:
 *
 * <pre>{@code
 * public class SleeperConformanceIT extends DriverConformanceTest {
 *     protected String driverName() { return "sleeper"; }
 *     protected String driverBundle() { return "org.example.sleeper"; }
 *     protected String[] bundles() { return new String[] {"sleeper-driver"}; }
 *     protected Map<String, Object> exitsAfter(Duration runFor, int code) { ... }
 *     protected Map<String, Object> ignoresInterrupt() { ... }
 * }
 * }</pre>
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public abstract class DriverConformanceTest {

    protected static final long TIMEOUT_MILLIS = 60_000;

    @Inject
    protected BundleContext context;

    /** The driver's name, as jobs write it ({@code driver = "…"}). */
    protected abstract String driverName();

    /** The symbolic name of the bundle that registers the driver. */
    protected abstract String driverBundle();

    /** What to install besides the runtime: artifact IDs on the test's class path, or jar paths. */
    protected abstract String[] bundles();

    /** A task {@code config} that runs for about {@code runFor}, then exits with {@code exitCode}. */
    protected abstract Map<String, Object> exitsAfter(Duration runFor, int exitCode);

    /**
     * A task {@code config} that ignores SIGINT and runs until it is killed. It writes a line to its
     * stdout once it ignores SIGINT: the test signals it only then.
     */
    protected abstract Map<String, Object> ignoresInterrupt();

    @Configuration
    public Option[] config() throws IOException {
        return DroverTestKit.runtime(bundles());
    }

    // --- the driver, called directly -------------------------------------------------------------

    @Test
    public void aTaskStartsAndItsExitCodeIsReported() throws Exception {
        Driver d = driver();
        TaskHandle h = d.startTask(taskConfig(exitsAfter(Duration.ofMillis(500), 7)));
        assertEquals(driverName(), h.driver());
        assertEquals(h.taskId(), h.config().id());
        assertEquals(7, await(d, h).exitCode());
        d.destroyTask(h, false);
    }

    @Test
    public void stopSendsTheSignalThenKillsWhenTheTaskIgnoresIt() throws Exception {
        Driver d = driver();
        TaskHandle h = d.startTask(taskConfig(ignoresInterrupt()));
        until(() -> hasOutput(h.config().stdoutFile(0)));
        long start = System.nanoTime();
        d.stopTask(h.taskId(), Duration.ofSeconds(1), "SIGINT").toCompletableFuture()
                .get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        assertTrue("the driver waited for the timeout before killing",
                System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(900));
        ExitResult exit = await(d, h);
        assertTrue("killed: " + exit, exit.exitCode() == 137 || exit.signal() == 9);
        d.destroyTask(h, false);
    }

    @Test
    public void destroyRefusesARunningTaskUnlessForcedThenForgetsIt() throws Exception {
        Driver d = driver();
        TaskHandle h = d.startTask(taskConfig(exitsAfter(Duration.ofMinutes(5), 0)));
        until(() -> d.inspectTask(h.taskId()).running());
        try {
            d.destroyTask(h, false);
            fail("destroying a running task without force must be refused");
        } catch (DriverException e) {
            assertTrue(d.inspectTask(h.taskId()).running());
        }
        d.destroyTask(h, true);
        try {
            d.inspectTask(h.taskId());
            fail("a destroyed task is unknown to the driver");
        } catch (TaskNotFoundException e) {
            assertEquals(h.taskId(), h.config().id());
        }
    }

    @Test
    public void inspectAndStatsDescribeARunningTask() throws Exception {
        Driver d = driver();
        TaskHandle h = d.startTask(taskConfig(exitsAfter(Duration.ofMinutes(5), 0)));
        until(() -> d.inspectTask(h.taskId()).running());
        TaskInspection i = d.inspectTask(h.taskId());
        assertEquals(h.taskId(), i.id());
        assertFalse(i.exit().isPresent());
        TaskResourceUsage u = d.taskStats(h.taskId());
        assertTrue(u.toString(), u.timestampNanos() > 0 && u.memoryRssBytes() >= 0 && u.cpuPercent() >= 0);
        d.destroyTask(h, true);
    }

    @Test
    public void theHandleKeptByTheStoreReattachesANewDriverInstance() throws Exception {
        Driver first = driver();
        TaskHandle h = first.startTask(taskConfig(exitsAfter(Duration.ofSeconds(3), 5)));
        StateStore store = service(StateStore.class, null);
        store.putLocalState(h.config().allocId(), h.config().taskName(), LocalTaskState.EMPTY.withHandle(h));
        TaskHandle stored = store.localState(h.config().allocId(), h.config().taskName()).orElseThrow().handle()
                .orElseThrow();
        assertEquals("the handle round-trips through the store", h, stored);

        Bundle bundle = bundle(driverBundle());
        bundle.stop();
        bundle.start();
        Driver second = driver();
        assertFalse("a new driver instance", first == second);
        second.recoverTask(stored);
        assertEquals(5, await(second, stored).exitCode());
        second.destroyTask(stored, false);
    }

    @Test
    public void aTaskThatExitsWhileItsDriverIsAwayReportsItsRealExit() throws Exception {
        Driver first = driver();
        TaskHandle h = first.startTask(taskConfig(exitsAfter(Duration.ofMillis(300), 4)));
        Bundle bundle = bundle(driverBundle());
        bundle.stop();
        // The scenario, not a synchronisation: the driver stays away for longer than the task runs.
        Thread.sleep(1500);
        bundle.start();
        Driver second = driver();
        second.recoverTask(h);
        assertEquals("the exit made while no driver watched", 4, await(second, h).exitCode());
        second.destroyTask(h, false);
    }

    @Test
    public void aCorruptHandleIsRefusedAndNeverLeavesItsRunBehind() throws Exception {
        Driver first = driver();
        TaskHandle h = first.startTask(taskConfig(exitsAfter(Duration.ofMinutes(5), 0)));
        until(() -> first.inspectTask(h.taskId()).running());
        TaskHandle corrupt = new TaskHandle(h.version(), h.driver(), h.config(),
                "\u0000 not a handle\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Bundle bundle = bundle(driverBundle());
        bundle.stop();
        bundle.start();
        Driver second = driver();
        try {
            second.recoverTask(corrupt);
            fail("a corrupt handle must be refused with a DriverException");
        } catch (DriverException e) {
            assertTrue(e.toString(), e.getMessage() != null);
        }
        // Destroying from it either finds the run anyway and kills it, or says it cannot be sure.
        try {
            second.destroyTask(corrupt, true);
        } catch (DriverException e) {
            second.recoverTask(h);
            second.destroyTask(h, true);
        }
        assertGone(second, h);
    }

    @Test
    public void aFreshDriverInstanceDestroysARunFromItsHandleAlone() throws Exception {
        Driver first = driver();
        TaskHandle h = first.startTask(taskConfig(exitsAfter(Duration.ofMinutes(5), 0)));
        until(() -> first.inspectTask(h.taskId()).running());
        // A new class loader and no memory of the task: what a driver in a later JVM knows.
        Bundle bundle = bundle(driverBundle());
        String location = bundle.getLocation();
        bundle.uninstall();
        refresh(bundle);
        context.installBundle(location).start();
        Driver second = driver();
        assertFalse("a new driver instance", first == second);
        second.destroyTask(h, true);
        assertGone(second, h);
        second.destroyTask(h, true); // a run already gone destroys again without error
    }

    /**
     * After a destroy, the run is gone: the driver finds no task from its handle, or one that has
     * ended. A driver that says a run is destroyed while it lives would let the core start it twice.
     */
    protected void assertGone(Driver d, TaskHandle h) throws Exception {
        try {
            d.recoverTask(h);
        } catch (TaskNotFoundException e) {
            return;
        }
        ExitResult exit = await(d, h);
        assertTrue("the destroyed run had ended: " + exit, exit != null);
        d.destroyTask(h, false);
    }

    // --- through the task runner: the driver's bundle comes and goes under a running task ---------

    @Test
    public void aRunningTaskSurvivesStopStartUpdateAndReinstallOfTheDriverBundle() throws Exception {
        AllocationService allocs = service(AllocationService.class, null);
        Allocation alloc = allocation(exitsAfter(Duration.ofSeconds(10), 3));
        allocs.run(alloc);
        awaitTask(allocs, alloc, v -> v.attachment() == DriverAttachment.ATTACHED);
        long startedAt = view(allocs, alloc).state().startedAtNanos();

        Bundle bundle = bundle(driverBundle());
        bundle.stop();
        awaitTask(allocs, alloc, v -> v.attachment() == DriverAttachment.WAITING_FOR_DRIVER);
        bundle.start();
        awaitReattached(allocs, alloc);

        try (InputStream in = new URL(bundle.getLocation()).openStream()) {
            bundle.update(in);
        }
        refresh(bundle);
        awaitReattached(allocs, alloc);

        String location = bundle.getLocation();
        bundle.uninstall();
        refresh(bundle);
        awaitTask(allocs, alloc, v -> v.attachment() == DriverAttachment.WAITING_FOR_DRIVER || v.state().dead());
        context.installBundle(location).start();

        awaitTask(allocs, alloc, v -> v.state().dead());
        TaskView done = view(allocs, alloc);
        List<String> types = done.state().eventTypes();
        assertEquals("started once: " + types, startedAt, done.state().startedAtNanos());
        assertEquals(0, done.state().restarts());
        assertFalse(types.toString(), types.contains(TaskEvent.RESTARTING) || types.contains(TaskEvent.FAILED_RESTORING));
        assertEquals(List.of("Terminated", "Not Restarting"), types.subList(types.size() - 2, types.size()));
        assertEquals("Exit Code: 3", done.state().events().get(types.size() - 2).message());
    }

    // --- helpers for subclasses ------------------------------------------------------------------

    /** The driver registered under {@link #driverName()} now. */
    protected Driver driver() throws InterruptedException {
        return service(Driver.class, "(" + Driver.NAME_PROPERTY + "=" + driverName() + ")");
    }

    protected <S> S service(Class<S> type, String filter) throws InterruptedException {
        try {
            ServiceTracker<S, S> tracker = filter == null ? new ServiceTracker<>(context, type, null)
                    : new ServiceTracker<>(context, context.createFilter("(&(" + Constants.OBJECTCLASS + "="
                            + type.getName() + ")" + filter + ")"), null);
            tracker.open();
            S s = tracker.waitForService(TIMEOUT_MILLIS);
            tracker.close();
            assertTrue(type.getSimpleName() + " " + (filter == null ? "" : filter) + " is not registered", s != null);
            return s;
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A run's config with its directories made, as the task runner makes them. */
    protected TaskConfig taskConfig(Map<String, Object> config) throws IOException {
        String allocId = UUID.randomUUID().toString();
        TaskDir dirs = AllocLayout.configured(context::getProperty).orElseThrow().task(allocId, "t");
        dirs.create();
        for (Path p = dirs.taskDir(); p.startsWith(Path.of(context.getProperty(AllocLayout.DATA_DIR_PROPERTY)));
                p = p.getParent()) {
            p.toFile().setExecutable(true, false);
        }
        return new TaskConfig(allocId + "/t/" + Long.toHexString(System.nanoTime()), allocId, "conformance", "g",
                "t", config, Map.of("PATH", "/usr/local/bin:/usr/bin:/bin"), new Resources(100, 256), "",
                dirs.allocDir(), dirs.taskDir(), dirs.logDir(), LogConfig.DEFAULT);
    }

    private static boolean hasOutput(Path stdout) {
        try {
            return Files.exists(stdout) && Files.size(stdout) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    protected static ExitResult await(Driver d, TaskHandle h) throws Exception {
        return d.waitTask(h.taskId()).toCompletableFuture().get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Waits for a condition with a deadline, never a fixed sleep. */
    protected static void until(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS);
        while (!condition.getAsBoolean()) {
            assertTrue("condition not met within " + TIMEOUT_MILLIS + " ms", System.nanoTime() < deadline);
            Thread.sleep(20);
        }
    }

    private Allocation allocation(Map<String, Object> config) {
        Task task = Task.of("t", driverName(), config);
        TaskGroup group = new TaskGroup("g", 1, new RestartPolicy(0, Duration.ofMinutes(30), Duration.ofSeconds(15),
                RestartPolicy.Mode.FAIL), Map.of(), List.of(task));
        return new Allocation(UUID.randomUUID().toString(), Job.of("conformance", JobType.BATCH, List.of(group)), "g", 0);
    }

    private static TaskView view(AllocationService allocs, Allocation alloc) {
        return allocs.get(alloc.id()).orElseThrow().task("t").orElseThrow();
    }

    private static void awaitTask(AllocationService allocs, Allocation alloc,
            java.util.function.Predicate<TaskView> condition) throws InterruptedException {
        until(() -> condition.test(view(allocs, alloc)));
    }

    /** Attached again, by a new reattachment, or the task ended meanwhile. */
    private static void awaitReattached(AllocationService allocs, Allocation alloc) throws InterruptedException {
        awaitTask(allocs, alloc, v -> v.state().dead() || v.attachment() == DriverAttachment.ATTACHED
                && v.state().eventTypes().get(v.state().eventTypes().size() - 1).equals(TaskEvent.REATTACHED));
    }

    private Bundle bundle(String bsn) {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + bsn);
    }

    private void refresh(Bundle bundle) throws InterruptedException {
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
