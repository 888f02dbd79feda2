package org.drover.runner.api.driver;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A task driver, with the shape of Nomad's driver plugins. Implemented by
 * driver bundles, which register it as an OSGi service with the property
 * {@value #NAME_PROPERTY}.
 *
 * <p>Tasks must outlive the driver object: a driver's service may go away
 * (bundle stopped, updated, uninstalled) while its tasks run, and a new
 * instance re-attaches through {@link #recoverTask}. A departing driver need
 * not complete its pending waits: the core notices the service leaving.
 *
 * <p>Calls may come from any thread and concurrently. Methods returning a
 * {@link CompletionStage} must not block; the others should return promptly
 * (the core bounds them with timeouts). Failures are {@link DriverException}s:
 * {@link TaskNotFoundException} for an unknown task ID,
 * {@link DriverUnavailableException} while shutting down.
 *
 * <p>Consumer type: driver bundles implement it, so any method added here is a
 * major change for them.
 */
@ConsumerType
public interface Driver {

    /** The service property naming the driver, as job files name it (e.g. {@code raw_exec}). */
    String NAME_PROPERTY = "driver.name";

    /** What this driver is; cheap and constant for the life of the service. */
    DriverInfo info();

    /** The keys accepted in a task's {@code config} block. */
    TaskConfigSchema taskConfigSchema();

    Capabilities capabilities();

    /**
     * Whether this driver can run tasks on this node now, and the attributes it
     * detected. Called periodically; must not block for long.
     */
    Fingerprint fingerprint();

    /**
     * Starts a task and returns its handle. Must not return before the task is
     * running (or has failed to start).
     *
     * @throws DriverException recoverable or not; see {@link DriverException#recoverable}
     */
    TaskHandle startTask(TaskConfig config);

    /**
     * Re-attaches to a task started by this driver or an earlier instance of
     * it, from its persisted handle. The task may have exited meanwhile; then
     * {@link #waitTask} reports its real exit.
     *
     * <p>A {@linkplain TaskHandle#isProvisional() provisional} handle carries
     * only the config: the agent died while starting the task. The driver
     * adopts the task if that start happened (finding it by the config's task
     * ID) and throws {@link TaskNotFoundException} if it did not, so a task is
     * never started twice.
     *
     * <p>It may be called again for a run this instance already follows, also
     * while an earlier call is under way (the core retries a call that timed
     * out): it then changes nothing, so each run has one watch and one copy of
     * its log.
     *
     * @throws TaskNotFoundException when the task cannot be found any more
     */
    void recoverTask(TaskHandle handle);

    /** Completes with the task's exit once it has exited; completes at once if it already has. */
    CompletionStage<ExitResult> waitTask(String taskId);

    /**
     * Sends {@code signal} to the task, waits up to {@code timeout} for it to
     * exit, then kills it. Completes once the task has exited.
     */
    CompletionStage<Void> stopTask(String taskId, Duration timeout, String signal);

    /**
     * Makes sure the run's work is gone and releases everything the driver holds for it, from the
     * handle alone. The instance may never have seen the task: the core also calls this when
     * {@link #recoverTask} failed, and on a driver instance of a later JVM, so the handle's driver
     * state (and what the driver keeps outside the JVM) must be enough to find the work. A running
     * task is refused unless {@code force}, which kills it first, with everything it started.
     *
     * <p>Returns only once the run's processes (its container, ...) are known to be gone, or are
     * known never to have existed. When the driver cannot be sure (the handle names nothing it can
     * find, the engine does not answer), it throws {@link DriverException}: the core then holds the
     * task, and never starts a second copy while the first may live. Destroying a run that is
     * already gone succeeds.
     */
    void destroyTask(TaskHandle handle, boolean force);

    TaskInspection inspectTask(String taskId);

    /** The task's resource usage now. */
    TaskResourceUsage taskStats(String taskId);

    /** Sends a signal (e.g. {@code SIGHUP}) to the task. */
    void signalTask(String taskId, String signal);

    /** Runs a command in the task's context and returns its result. */
    ExecResult execTask(String taskId, List<String> command, Duration timeout);
}
