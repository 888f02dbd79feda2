package org.drover.driver.process;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.drover.runner.api.alloc.AllocLayout;
import org.drover.runner.api.driver.Driver;
import org.drover.runner.api.driver.DriverException;
import org.drover.runner.api.driver.DriverInfo;
import org.drover.runner.api.driver.ExecResult;
import org.drover.runner.api.driver.ExitResult;
import org.drover.runner.api.driver.Fingerprint;
import org.drover.runner.api.driver.TaskConfig;
import org.drover.runner.api.driver.TaskHandle;
import org.drover.runner.api.driver.TaskInspection;
import org.drover.runner.api.driver.TaskResourceUsage;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Deactivate;

/**
 * What the process drivers share: tasks under per-task monitors through a
 * {@link ProcessSupervisor}, and a health that says exactly why when the
 * driver cannot run tasks (it then refuses every start with that reason).
 */
public abstract class MonitoredDriver implements Driver {

    private final DriverInfo info;
    private final ProcessSupervisor supervisor;
    private final String problem;

    /** @param precondition checked after the monitor is installed; its exception's message is the reason */
    protected MonitoredDriver(String name, String version, Path binDir, Precondition precondition) {
        this.info = new DriverInfo(name, version);
        ProcessSupervisor s = null;
        String why = null;
        try {
            precondition.check();
            s = new ProcessSupervisor(name, MonitorBinary.install(binDir));
        } catch (IOException | RuntimeException e) {
            why = e.getMessage();
        }
        this.supervisor = s;
        this.problem = why;
    }

    public interface Precondition {
        void check() throws IOException;
    }

    public static Path binDir(BundleContext bundle) {
        String data = bundle.getProperty("drover.data.dir");
        return data != null ? Path.of(data, "bin") : bundle.getDataFile("bin").toPath();
    }

    /** Where the agent makes allocation directories, as the runner reads it; null when not said. */
    public static Path allocDir(BundleContext bundle) {
        return AllocLayout.configured(bundle::getProperty).map(AllocLayout::root).orElse(null);
    }

    /** The bundle stops: the tasks and their monitors go on, a later driver recovers them. */
    @Deactivate
    public void deactivate() {
        if (supervisor != null) {
            supervisor.close();
        }
    }

    protected abstract Map<String, String> attributes();

    /** Starts {@code command} for the task without isolation (but its allocation's network namespace). */
    protected TaskHandle launch(TaskConfig config, Command command) {
        return launch(config, command, List.of(), List.of());
    }

    /**
     * Starts {@code command} with monitor options ({@code --cgroup DIR}, {@code --user UID:GID})
     * and the task's cgroups, memory first, for stats. A task of an allocation with a network
     * namespace joins it ({@code --netns PATH}).
     */
    protected TaskHandle launch(TaskConfig config, Command command, List<String> monitorOptions, List<Path> cgroups) {
        return supervisor().start(config, command, withNetwork(config, monitorOptions), cgroups);
    }

    static List<String> withNetwork(TaskConfig config, List<String> monitorOptions) {
        if (config.network() == null) {
            return monitorOptions;
        }
        List<String> options = new java.util.ArrayList<>(List.of("--netns", config.network().path()));
        options.addAll(monitorOptions);
        return options;
    }

    /** The supervisor, or a refusal with the reason this driver cannot run tasks. */
    ProcessSupervisor supervisor() {
        if (supervisor == null) {
            throw new DriverException(info.name() + " cannot run tasks here: " + problem);
        }
        return supervisor;
    }

    @Override
    public DriverInfo info() {
        return info;
    }

    @Override
    public Fingerprint fingerprint() {
        return problem == null ? Fingerprint.healthy(attributes()) : Fingerprint.unhealthy(problem, attributes());
    }

    @Override
    public void recoverTask(TaskHandle handle) {
        supervisor().recover(handle);
    }

    @Override
    public CompletionStage<ExitResult> waitTask(String taskId) {
        return supervisor().await(taskId);
    }

    @Override
    public CompletionStage<Void> stopTask(String taskId, Duration timeout, String signal) {
        return supervisor().stop(taskId, timeout, signal);
    }

    @Override
    public void destroyTask(TaskHandle handle, boolean force) {
        supervisor().destroy(handle, force);
    }

    @Override
    public TaskInspection inspectTask(String taskId) {
        return supervisor().inspect(taskId);
    }

    @Override
    public TaskResourceUsage taskStats(String taskId) {
        return supervisor().stats(taskId);
    }

    @Override
    public void signalTask(String taskId, String signal) {
        supervisor().signal(taskId, signal);
    }

    @Override
    public ExecResult execTask(String taskId, List<String> command, Duration timeout) {
        return supervisor().exec(taskId, command, timeout);
    }

    /** Whether the driver is usable; subclasses may check this before their own preparations. */
    protected void requireUsable() {
        supervisor();
    }
}
