package org.drover.driver.mock;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.drover.runner.api.driver.Capabilities;
import org.drover.runner.api.driver.Driver;
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
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The {@code mock} driver: runs no process, plays back what a task's config
 * asks for (Nomad's mock driver settings). Tests use it to drive the runner
 * and to exercise driver hot-deploy; its tasks survive the bundle's stop,
 * update and reinstall because their behaviour is carried by their handles.
 */
@Component(property = Driver.NAME_PROPERTY + "=" + MockEngine.NAME)
public final class MockDriver implements Driver {

    private final DriverInfo info;
    private final MockEngine engine;
    private final ScheduledExecutorService timer;

    @Activate
    public MockDriver(BundleContext bundle, ComponentContext component) {
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mock-driver-timer");
            t.setDaemon(true);
            return t;
        });
        this.info = new DriverInfo(MockEngine.NAME, bundle.getBundle().getVersion().toString());
        String componentName = (String) component.getProperties().get("component.name");
        // "The plugin exits": the service goes away and comes back, as a crashed plugin is restarted.
        this.engine = new MockEngine(realClock(timer), () -> {
            component.disableComponent(componentName);
            component.enableComponent(componentName);
        });
    }

    /** A driver on a given engine, for running without OSGi. */
    public MockDriver(MockEngine engine) {
        this.info = new DriverInfo(MockEngine.NAME, "test");
        this.engine = engine;
        this.timer = null;
    }

    private static MockClock realClock(ScheduledExecutorService timer) {
        return new MockClock() {
            @Override
            public long nowMillis() {
                return System.currentTimeMillis();
            }

            @Override
            public Runnable schedule(Duration delay, Runnable action) {
                try {
                    ScheduledFuture<?> f = timer.schedule(action, delay.toMillis(), TimeUnit.MILLISECONDS);
                    return () -> f.cancel(false);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    throw new org.drover.runner.api.driver.DriverUnavailableException(MockEngine.NAME);
                }
            }
        };
    }

    @Deactivate
    void deactivate() {
        engine.shutdown();
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    @Override
    public DriverInfo info() {
        return info;
    }

    @Override
    public TaskConfigSchema taskConfigSchema() {
        return MockTaskConfig.SCHEMA;
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(true, true, Capabilities.FsIsolation.NONE);
    }

    @Override
    public Fingerprint fingerprint() {
        return Fingerprint.healthy(java.util.Map.of("driver.mock", "1"));
    }

    @Override
    public TaskHandle startTask(TaskConfig config) {
        return engine.start(config);
    }

    @Override
    public void recoverTask(TaskHandle handle) {
        engine.recover(handle);
    }

    @Override
    public CompletionStage<ExitResult> waitTask(String taskId) {
        return engine.await(taskId);
    }

    @Override
    public CompletionStage<Void> stopTask(String taskId, Duration timeout, String signal) {
        return engine.stop(taskId, timeout, signal);
    }

    @Override
    public void destroyTask(TaskHandle handle, boolean force) {
        engine.destroy(handle.taskId(), force);
    }

    @Override
    public TaskInspection inspectTask(String taskId) {
        return engine.inspect(taskId);
    }

    @Override
    public TaskResourceUsage taskStats(String taskId) {
        return engine.stats(taskId);
    }

    @Override
    public void signalTask(String taskId, String signal) {
        engine.signal(taskId, signal);
    }

    @Override
    public ExecResult execTask(String taskId, List<String> command, Duration timeout) {
        return engine.exec(taskId, command);
    }
}
