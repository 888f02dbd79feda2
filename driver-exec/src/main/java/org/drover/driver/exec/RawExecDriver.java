package org.drover.driver.exec;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.drover.runner.api.driver.Capabilities;
import org.drover.runner.api.driver.Driver;
import org.drover.runner.api.driver.DriverException;
import org.drover.runner.api.driver.DriverInfo;
import org.drover.runner.api.driver.ExecResult;
import org.drover.runner.api.driver.ExitResult;
import org.drover.runner.api.driver.Fingerprint;
import org.drover.runner.api.driver.TaskConfig;
import org.drover.runner.api.driver.TaskConfigSchema;
import org.drover.runner.api.driver.TaskHandle;
import org.drover.runner.api.driver.TaskInspection;
import org.drover.runner.api.driver.TaskResourceUsage;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * {@code raw_exec}: runs a command with no isolation, as the agent's user,
 * each task under its own monitor process so it outlives the driver and the agent.
 */
@Component(property = Driver.NAME_PROPERTY + "=" + RawExecDriver.NAME)
public final class RawExecDriver implements Driver {

    static final String NAME = "raw_exec";

    private final DriverInfo info;
    private final ProcessSupervisor supervisor;
    private final String problem;

    @Activate
    public RawExecDriver(BundleContext bundle) {
        this(binDir(bundle), bundle.getBundle().getVersion().toString());
    }

    RawExecDriver(Path binDir, String version) {
        this.info = new DriverInfo(NAME, version);
        ProcessSupervisor s = null;
        String why = null;
        try {
            s = new ProcessSupervisor(NAME, MonitorBinary.install(binDir));
        } catch (IOException | RuntimeException e) {
            why = e.getMessage();
        }
        this.supervisor = s;
        this.problem = why;
    }

    private static Path binDir(BundleContext bundle) {
        String data = bundle.getProperty("drover.data.dir");
        return data != null ? Path.of(data, "bin") : bundle.getDataFile("bin").toPath();
    }

    @Deactivate
    void deactivate() {
        if (supervisor != null) {
            supervisor.close();
        }
    }

    @Override
    public DriverInfo info() {
        return info;
    }

    @Override
    public TaskConfigSchema taskConfigSchema() {
        return ExecConfig.SCHEMA;
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(true, true, Capabilities.FsIsolation.NONE);
    }

    @Override
    public Fingerprint fingerprint() {
        Map<String, String> attrs = Map.of("driver.raw_exec", "1", "kernel.name", System.getProperty("os.name"),
                "kernel.version", System.getProperty("os.version"));
        return problem == null ? Fingerprint.healthy(attrs) : Fingerprint.unhealthy(problem, attrs);
    }

    private ProcessSupervisor supervisor() {
        if (supervisor == null) {
            throw new DriverException("raw_exec is unhealthy: " + problem);
        }
        return supervisor;
    }

    @Override
    public TaskHandle startTask(TaskConfig config) {
        return supervisor().start(config);
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
    public void destroyTask(String taskId, boolean force) {
        supervisor().destroy(taskId, force);
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
}
