package org.drover.driver.java;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.drover.driver.process.Cgroups;
import org.drover.driver.process.IsolatedDriver;
import org.drover.runner.api.driver.Capabilities;
import org.drover.runner.api.driver.Driver;
import org.drover.runner.api.driver.DriverEvents;
import org.drover.runner.api.driver.Fingerprint;
import org.drover.runner.api.driver.Health;
import org.drover.runner.api.driver.TaskConfig;
import org.drover.runner.api.driver.TaskConfigSchema;
import org.drover.runner.api.driver.TaskHandle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * {@code java}: a JVM program under exec's isolation (own cgroup with the
 * task's limits, run as the task's user), supervised by the same per-task
 * monitor as exec, so it outlives driver reloads and agent restarts alike.
 * The JVM is the agent's own unless the driver's configuration (PID
 * {@value #PID}) or the task's {@code java_home} names another.
 */
@Component(service = Driver.class, property = Driver.NAME_PROPERTY + "=" + JavaDriver.NAME,
        configurationPid = JavaDriver.PID)
public final class JavaDriver extends IsolatedDriver {

    static final String NAME = "java";
    static final String PID = "org.drover.driver.java";

    /** Settings, from ConfigAdmin under the PID {@value #PID}. */
    public @interface Config {
        /** {@code java_home}: the Java home whose {@code bin/java} runs tasks; empty for the agent's own. */
        String java__home() default "";
    }

    private final Path javaHome;
    private volatile Jvm jvm;
    private volatile String jvmProblem;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile DriverEvents events;

    @Activate
    public JavaDriver(BundleContext bundle, Config config) {
        this(binDir(bundle), bundle.getBundle().getVersion().toString(), Path.of("/sys/fs/cgroup"),
                Cgroups.runningAsRoot(), Path.of("/etc/passwd"), allocDir(bundle), javaHome(config));
    }

    JavaDriver(Path binDir, String version, Path cgroupRoot, boolean root, Path passwd, Path allocRoot,
            Path javaHome) {
        super(NAME, version, binDir, cgroupRoot, root, passwd, allocRoot, () -> probe(javaHome));
        this.javaHome = javaHome;
    }

    private static Path javaHome(Config config) {
        String configured = config.java__home().strip();
        return Path.of(configured.isEmpty() ? System.getProperty("java.home") : configured);
    }

    /** Cheap, at activation: the version is asked later, once, by the fingerprint. */
    private static void probe(Path javaHome) throws IOException {
        Path java = Jvm.executable(javaHome);
        if (!Files.isRegularFile(java) || !Files.isExecutable(java)) {
            throw new IOException("no executable " + java + "; set java_home of " + PID
                    + " to a Java home, or leave it empty for the agent's own");
        }
    }

    /** What {@code java -version} says, asked once: the fingerprint runs often. */
    private Jvm jvm() {
        if (jvm == null && jvmProblem == null) {
            try {
                jvm = Jvm.probe(javaHome);
            } catch (IOException e) {
                jvmProblem = e.getMessage();
            }
        }
        return jvm;
    }

    @Override
    protected Map<String, String> attributes() {
        Map<String, String> attributes = new HashMap<>(Map.of("driver.java", "1",
                "driver.java.cgroup", cgroupVersion()));
        Jvm j = jvm();
        if (j != null) {
            attributes.putAll(j.attributes());
        }
        return attributes;
    }

    @Override
    public Fingerprint fingerprint() {
        Fingerprint base = super.fingerprint();
        if (base.health() == Health.HEALTHY && jvm() == null) {
            return Fingerprint.unhealthy("cannot run " + Jvm.executable(javaHome) + ": " + jvmProblem,
                    base.attributes());
        }
        return base;
    }

    @Override
    public TaskConfigSchema taskConfigSchema() {
        return JavaConfig.SCHEMA;
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(true, true, Capabilities.FsIsolation.NONE,
                java.util.Set.of(Capabilities.NetworkMode.HOST, Capabilities.NetworkMode.GROUP));
    }

    @Override
    public TaskHandle startTask(TaskConfig config) {
        requireUsable();
        JavaCommand java = JavaCommand.of(config, javaHome);
        java.heapMb().ifPresent(mb -> tell(config, "Set the JVM heap to -Xmx" + mb + "m to fit the task's "
                + config.resources().memoryMb() + " MB memory limit (jvm_options sets no heap size)"));
        return launchIsolated(config, java.command());
    }

    private void tell(TaskConfig config, String message) {
        DriverEvents sink = events;
        if (sink != null) {
            sink.message(config.id(), message);
        }
    }
}
