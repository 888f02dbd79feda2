package org.drover.driver.exec;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.drover.runner.api.driver.Capabilities;
import org.drover.runner.api.driver.Driver;
import org.drover.runner.api.driver.DriverException;
import org.drover.runner.api.driver.TaskConfig;
import org.drover.runner.api.driver.TaskHandle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@code exec}: a command with resource isolation. Each task gets its own
 * cgroup with its memory and CPU limits and runs as its {@code user}
 * ({@code nobody} by default); an OOM kill is reported as such. Where that is
 * impossible (not root, no cgroups) the driver is unhealthy and refuses to
 * start tasks, saying why: never silently unlimited.
 */
@Component(service = Driver.class, property = Driver.NAME_PROPERTY + "=" + ExecDriver.NAME)
public final class ExecDriver extends MonitoredDriver {

    static final String NAME = "exec";
    static final String DEFAULT_USER = "nobody";

    private final Path passwd;
    private final Cgroups cgroups;

    @Activate
    public ExecDriver(BundleContext bundle) {
        this(binDir(bundle), bundle.getBundle().getVersion().toString(), Path.of("/sys/fs/cgroup"),
                Cgroups.runningAsRoot(), Path.of("/etc/passwd"));
    }

    ExecDriver(Path binDir, String version, Path cgroupRoot, boolean root, Path passwd) {
        this(binDir, version, Detection.of(cgroupRoot, root), passwd);
    }

    private ExecDriver(Path binDir, String version, Detection detection, Path passwd) {
        super(NAME, version, binDir, detection::check);
        this.cgroups = detection.cgroups();
        this.passwd = passwd;
    }

    /** The host's cgroups, or why there are none usable: found before the driver is built. */
    private record Detection(Cgroups cgroups, IOException problem) {
        static Detection of(Path root, boolean isRoot) {
            try {
                return new Detection(Cgroups.detect(root, isRoot), null);
            } catch (IOException e) {
                return new Detection(null, e);
            }
        }

        void check() throws IOException {
            if (problem != null) {
                throw problem;
            }
        }
    }

    @Override
    Map<String, String> attributes() {
        Cgroups c = cgroups;
        return Map.of("driver.exec", "1", "kernel.name", System.getProperty("os.name"),
                "kernel.version", System.getProperty("os.version"),
                "driver.exec.cgroup", c == null ? "none" : c.version().name().toLowerCase(java.util.Locale.ROOT),
                "driver.exec.isolation", Boolean.toString(c != null));
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(true, true, Capabilities.FsIsolation.NONE);
    }

    @Override
    public TaskHandle startTask(TaskConfig config) {
        ProcessSupervisor supervisor = supervisor(); // unhealthy: refuses with the reason
        String user = config.user().isEmpty() ? DEFAULT_USER : config.user();
        Users.Ids ids = Users.lookup(passwd, user);
        List<Path> groups;
        try {
            groups = cgroups.create(config.id().replaceAll("[^A-Za-z0-9_.-]", "_"), config.resources());
            giveTaskDirs(config, user);
        } catch (IOException e) {
            throw new DriverException("cannot isolate " + config.id() + ": " + e.getMessage(), e);
        }
        List<String> options = new ArrayList<>();
        for (Path g : groups) {
            options.add("--cgroup");
            options.add(g.toString());
        }
        options.add("--user");
        options.add(ids.option());
        return supervisor.start(config, options, groups);
    }

    /** The task's own directories belong to its user (secrets stay 0700, now the user's). */
    private static void giveTaskDirs(TaskConfig config, String user) throws IOException {
        UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
        UserPrincipal owner = lookup.lookupPrincipalByName(user);
        GroupPrincipal group = Files.readAttributes(config.taskDir(), java.nio.file.attribute.PosixFileAttributes.class)
                .group();
        for (String dir : new String[] {"local", "secrets", "tmp"}) {
            Path p = config.taskDir().resolve(dir);
            if (Files.isDirectory(p)) {
                PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
                view.setOwner(owner);
                view.setGroup(group);
            }
        }
    }
}
