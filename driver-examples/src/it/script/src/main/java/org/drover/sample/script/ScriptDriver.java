package org.drover.sample.script;

import java.util.List;
import java.util.Map;

import org.drover.driver.process.Command;
import org.drover.driver.process.MonitoredDriver;
import org.drover.runner.api.driver.Capabilities;
import org.drover.runner.api.driver.ConfigField;
import org.drover.runner.api.driver.Driver;
import org.drover.runner.api.driver.TaskConfig;
import org.drover.runner.api.driver.TaskConfigSchema;
import org.drover.runner.api.driver.TaskHandle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@code script}: a task runs its {@code script} with {@code /bin/sh} in its
 * task dir, as the agent's user. Everything but the start comes from
 * {@link MonitoredDriver}: the task runs under its own monitor, which outlives
 * the agent and this bundle, records the exit and rotates the logs.
 */
@Component(service = Driver.class, property = Driver.NAME_PROPERTY + "=" + ScriptDriver.NAME)
public final class ScriptDriver extends MonitoredDriver {

    static final String NAME = "script";

    static final ConfigField<String> SCRIPT = ConfigField.string("script").required();
    static final TaskConfigSchema SCHEMA = TaskConfigSchema.of(SCRIPT);

    @Activate
    public ScriptDriver(BundleContext bundle) {
        super(NAME, bundle.getBundle().getVersion().toString(), binDir(bundle), () -> { });
    }

    @Override
    protected Map<String, String> attributes() {
        return Map.of("driver.script", "1");
    }

    @Override
    public TaskConfigSchema taskConfigSchema() {
        return SCHEMA;
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(true, true, Capabilities.FsIsolation.NONE);
    }

    @Override
    public TaskHandle startTask(TaskConfig config) {
        return launch(config, new Command(List.of("/bin/sh", "-c", SCRIPT.read(config)), config.taskDir()));
    }
}
