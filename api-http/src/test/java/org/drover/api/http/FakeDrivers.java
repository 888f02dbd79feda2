package org.drover.api.http;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;

import org.drover.runner.api.driver.Capabilities;
import org.drover.runner.api.driver.Driver;
import org.drover.runner.api.driver.DriverCatalog;
import org.drover.runner.api.driver.DriverInfo;
import org.drover.runner.api.driver.ExecResult;
import org.drover.runner.api.driver.ExitResult;
import org.drover.runner.api.driver.Fingerprint;
import org.drover.runner.api.driver.TaskConfig;
import org.drover.runner.api.driver.TaskConfigSchema;
import org.drover.runner.api.driver.TaskHandle;
import org.drover.runner.api.driver.TaskInspection;
import org.drover.runner.api.driver.TaskResourceUsage;

/** Drivers that describe themselves and nothing more: the API reads names, versions, schemas and health. */
final class FakeDrivers implements DriverCatalog {

    private final Map<String, Described> drivers = new TreeMap<>();

    void add(String name, String version, TaskConfigSchema schema, Fingerprint fingerprint) {
        drivers.put(name, new Described(new DriverInfo(name, version), schema, fingerprint));
    }

    @Override
    public Optional<Driver> find(String name) {
        return Optional.ofNullable(drivers.get(name));
    }

    @Override
    public SortedSet<String> names() {
        return new TreeSet<>(drivers.keySet());
    }

    @Override
    public Optional<Fingerprint> fingerprint(String name) {
        return Optional.ofNullable(drivers.get(name)).map(Described::fingerprint);
    }

    private record Described(DriverInfo info, TaskConfigSchema taskConfigSchema, Fingerprint fingerprint)
            implements Driver {

        @Override
        public Capabilities capabilities() {
            throw new UnsupportedOperationException();
        }

        @Override
        public TaskHandle startTask(TaskConfig config) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void recoverTask(TaskHandle handle) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<ExitResult> waitTask(String taskId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Void> stopTask(String taskId, Duration timeout, String signal) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void destroyTask(TaskHandle handle, boolean force) {
            throw new UnsupportedOperationException();
        }

        @Override
        public TaskInspection inspectTask(String taskId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public TaskResourceUsage taskStats(String taskId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void signalTask(String taskId, String signal) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ExecResult execTask(String taskId, List<String> command, Duration timeout) {
            throw new UnsupportedOperationException();
        }
    }
}
