package org.drover.driver.process;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.drover.runner.api.driver.DriverException;
import org.drover.runner.api.driver.Fingerprint;
import org.drover.runner.api.driver.Health;
import org.drover.runner.api.driver.TaskConfig;
import org.drover.runner.api.driver.TaskHandle;

/**
 * A process driver with Nomad's exec isolation: each task gets its own cgroup
 * with its memory and CPU limits and runs as its {@code user} ({@code nobody}
 * by default); an OOM kill is reported as such. Where that is impossible (not
 * root, no cgroups) the driver is unhealthy and refuses to start tasks, saying
 * why: never silently unlimited.
 */
public abstract class IsolatedDriver extends MonitoredDriver {

    public static final String DEFAULT_USER = "nobody";

    private final Path passwd;
    private final Cgroups cgroups;
    private final Path allocRoot;
    /** Why the default user cannot reach the allocations, found once at activation; null if it can. */
    private volatile String unreachable;

    /**
     * @param cgroupRoot where the host mounts cgroups ({@code /sys/fs/cgroup})
     * @param root       whether the agent runs as root
     * @param passwd     the user database ({@code /etc/passwd})
     * @param allocRoot  where allocation directories are made, checked for the default user; null if unknown
     * @param extra      the subclass's own precondition, checked after isolation is found possible
     */
    protected IsolatedDriver(String name, String version, Path binDir, Path cgroupRoot, boolean root, Path passwd,
            Path allocRoot, Precondition extra) {
        this(name, version, binDir, Detection.of(cgroupRoot, root), passwd, allocRoot, extra);
    }

    private IsolatedDriver(String name, String version, Path binDir, Detection detection, Path passwd,
            Path allocRoot, Precondition extra) {
        super(name, version, binDir, () -> {
            detection.check();
            extra.check();
        });
        this.cgroups = detection.cgroups();
        this.passwd = passwd;
        this.allocRoot = allocRoot;
        this.unreachable = allocRoot == null ? null : defaultUserProblem();
    }

    /**
     * A data dir the default user cannot traverse fails every task with a bare "Permission denied":
     * said once, in the health, with the directory and the remedy.
     */
    private String defaultUserProblem() {
        try {
            return Traversal.problem(DEFAULT_USER, Users.lookup(passwd, DEFAULT_USER), allocRoot,
                    "the allocation dir").orElse(null);
        } catch (DriverException e) {
            return e.getMessage();
        }
    }

    /** Unhealthy while the default user cannot reach the allocations; looked at again until it can. */
    @Override
    public Fingerprint fingerprint() {
        Fingerprint base = super.fingerprint();
        if (unreachable != null) {
            unreachable = defaultUserProblem();
        }
        String problem = unreachable;
        return base.health() == Health.HEALTHY && problem != null ? Fingerprint.unhealthy(problem, base.attributes())
                : base;
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

    /** {@code v1}, {@code v2}, or {@code none}: a fingerprint attribute. */
    protected String cgroupVersion() {
        return cgroups == null ? "none" : cgroups.version().name().toLowerCase(Locale.ROOT);
    }

    /** Starts {@code command} in the task's own cgroup, as its user, owning its directories. */
    protected TaskHandle launchIsolated(TaskConfig config, Command command) {
        requireUsable();
        String user = config.user().isEmpty() ? DEFAULT_USER : config.user();
        Users.Ids ids = Users.lookup(passwd, user);
        Traversal.problem(user, ids, config.taskDir(), "the task dir").ifPresent(problem -> {
            throw new DriverException(problem);
        });
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
        return launch(config, command, options, groups);
    }

    /** The task's own directories belong to its user (secrets stay 0700, now the user's). */
    private static void giveTaskDirs(TaskConfig config, String user) throws IOException {
        UserPrincipal owner = FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(user);
        GroupPrincipal group = Files.readAttributes(config.taskDir(), PosixFileAttributes.class).group();
        for (Path p : config.dirs().ownDirs()) {
            if (Files.isDirectory(p)) {
                PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
                view.setOwner(owner);
                view.setGroup(group);
            }
        }
    }
}
