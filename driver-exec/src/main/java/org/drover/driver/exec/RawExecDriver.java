package org.drover.driver.exec;

import java.nio.file.Path;
import java.util.Map;

import org.drover.driver.process.MonitoredDriver;
import org.drover.runner.api.driver.Driver;
import org.drover.runner.api.driver.TaskConfig;
import org.drover.runner.api.driver.TaskHandle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** {@code raw_exec}: runs a command with no isolation, as the agent's user. */
@Component(service = Driver.class, property = Driver.NAME_PROPERTY + "=" + RawExecDriver.NAME)
public final class RawExecDriver extends MonitoredDriver implements CommandDriver {

    static final String NAME = "raw_exec";

    @Activate
    public RawExecDriver(BundleContext bundle) {
        this(binDir(bundle), bundle.getBundle().getVersion().toString());
    }

    RawExecDriver(Path binDir, String version) {
        super(NAME, version, binDir, () -> { });
    }

    /** A raw_exec driver outside OSGi, its monitor installed in {@code binDir}: for benchmarks and tools. */
    public static RawExecDriver standalone(Path binDir) {
        return new RawExecDriver(binDir, "standalone");
    }

    @Override
    protected Map<String, String> attributes() {
        return Map.of("driver.raw_exec", "1", "kernel.name", System.getProperty("os.name"),
                "kernel.version", System.getProperty("os.version"));
    }

    @Override
    public TaskHandle startTask(TaskConfig config) {
        return launch(config, ExecConfig.from(config.config()).command(config));
    }
}
