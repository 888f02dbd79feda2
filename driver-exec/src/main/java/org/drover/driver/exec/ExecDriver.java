package org.drover.driver.exec;

import java.nio.file.Path;
import java.util.Map;

import org.drover.driver.process.Cgroups;
import org.drover.driver.process.IsolatedDriver;
import org.drover.runner.api.driver.Driver;
import org.drover.runner.api.driver.TaskConfig;
import org.drover.runner.api.driver.TaskHandle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@code exec}: a command with resource isolation (its own cgroup with the
 * task's limits, run as the task's user; see {@link IsolatedDriver}).
 */
@Component(service = Driver.class, property = Driver.NAME_PROPERTY + "=" + ExecDriver.NAME)
public final class ExecDriver extends IsolatedDriver implements CommandDriver {

    static final String NAME = "exec";

    @Activate
    public ExecDriver(BundleContext bundle) {
        this(binDir(bundle), bundle.getBundle().getVersion().toString(), Path.of("/sys/fs/cgroup"),
                Cgroups.runningAsRoot(), Path.of("/etc/passwd"), allocDir(bundle));
    }

    /** Outside OSGi, for benchmarks: the host's cgroups and users, monitors installed into {@code binDir}. */
    public static ExecDriver standalone(Path binDir) {
        return new ExecDriver(binDir, "standalone", Path.of("/sys/fs/cgroup"), Cgroups.runningAsRoot(),
                Path.of("/etc/passwd"), null);
    }

    /** @param allocRoot where allocation directories are made; null when unknown (not checked then) */
    ExecDriver(Path binDir, String version, Path cgroupRoot, boolean root, Path passwd, Path allocRoot) {
        super(NAME, version, binDir, cgroupRoot, root, passwd, allocRoot, () -> { });
    }

    @Override
    protected Map<String, String> attributes() {
        String cgroup = cgroupVersion();
        return Map.of("driver.exec", "1", "kernel.name", System.getProperty("os.name"),
                "kernel.version", System.getProperty("os.version"),
                "driver.exec.cgroup", cgroup, "driver.exec.isolation", Boolean.toString(!cgroup.equals("none")));
    }

    @Override
    public TaskHandle startTask(TaskConfig config) {
        return launchIsolated(config, ExecConfig.from(config.config()).command(config));
    }
}
