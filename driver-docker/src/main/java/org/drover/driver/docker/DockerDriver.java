package org.drover.driver.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.drover.driver.docker.engine.Engine;
import org.drover.runner.api.driver.Capabilities;
import org.drover.runner.api.driver.Driver;
import org.drover.runner.api.driver.DriverEvents;
import org.drover.runner.api.driver.DriverException;
import org.drover.runner.api.driver.DriverInfo;
import org.drover.runner.api.driver.ExecResult;
import org.drover.runner.api.driver.ExitResult;
import org.drover.runner.api.driver.Fingerprint;
import org.drover.runner.api.driver.NetworkIsolation;
import org.drover.runner.api.driver.TaskConfig;
import org.drover.runner.api.driver.TaskConfigSchema;
import org.drover.runner.api.driver.TaskHandle;
import org.drover.runner.api.driver.TaskInspection;
import org.drover.runner.api.driver.TaskNotFoundException;
import org.drover.runner.api.driver.TaskResourceUsage;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code docker}: a task is a container of the Docker Engine, which outlives
 * the driver and the agent; the handle holds its ID. See {@link ContainerSpec}
 * for the options, {@link ContainerWatch} for logs and exits, {@link Reaper}
 * for containers nobody tracks.
 */
@Component(service = Driver.class, property = Driver.NAME_PROPERTY + "=" + DockerDriver.NAME,
        configurationPid = DockerDriver.PID)
public final class DockerDriver implements Driver, org.drover.runner.api.driver.DriverNetworkManager {

    static final String NAME = "docker";
    static final String PID = "org.drover.driver.docker";
    static final String RUN_DIRS = ".drover-run";

    /** Settings, from ConfigAdmin under {@value #PID}; keys as in {@link DockerSettings}. */
    public @interface Config {
        String endpoint() default DockerSettings.DEFAULT_ENDPOINT;

        boolean allow__privileged() default false;

        boolean allow__host__network() default false;

        boolean volumes__enabled() default false;

        String gc__grace() default "5m";

        String pull__timeout() default "5m";

        String api__timeout() default "1m";

        String infra__image() default DockerSettings.DEFAULT_INFRA_IMAGE;
    }

    private final DriverInfo info;
    private final DockerSettings settings;
    private final String nodeId;
    private final ScheduledExecutorService timer;
    private final Engine engine;
    private final Reaper reaper;
    private final InfraContainers infra;
    private final Map<String, Tracked> tasks = new ConcurrentHashMap<>();
    private volatile Fingerprint fingerprint;
    private volatile long fingerprintAt;
    private volatile boolean closed;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile DriverEvents events;

    /** A task this driver instance follows. */
    private record Tracked(String containerId, Path runDir, ContainerWatch watch, CpuSample[] lastCpu) {
    }

    private record CpuSample(long atNanos, long total, long user, long system) {
    }

    @Activate
    public DockerDriver(BundleContext bundle, Config config) throws IOException {
        this(bundle.getBundle().getVersion().toString(), DockerSettings.of(config), NodeId.of(dataDir(bundle)));
    }

    DockerDriver(String version, DockerSettings settings, String nodeId) {
        this.info = new DriverInfo(NAME, version);
        this.settings = settings;
        this.nodeId = nodeId;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "drover-docker-timer");
            t.setDaemon(true);
            return t;
        });
        this.engine = new Engine(settings.endpoint(), timer, settings.apiTimeout());
        this.infra = new InfraContainers(engine, nodeId, settings);
        this.reaper = new Reaper(engine, nodeId, settings.gcGrace(),
                id -> infra.known(id) || tasks.values().stream().anyMatch(t -> t.containerId().equals(id)),
                System::nanoTime);
        long every = Math.max(1, Math.min(settings.gcGrace().toMillis() / 2, 30_000));
        timer.scheduleWithFixedDelay(reaper::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    /** A driver outside OSGi with the default settings on {@code endpoint}: for benchmarks and tools. */
    public static DockerDriver standalone(java.net.URI endpoint, Path dataDir) throws IOException {
        return new DockerDriver("standalone", DockerSettings.defaults().withEndpoint(endpoint), NodeId.of(dataDir));
    }

    private static Path dataDir(BundleContext bundle) {
        String data = bundle.getProperty("drover.data.dir");
        return data != null ? Path.of(data) : bundle.getDataFile("").toPath();
    }

    /** The bundle stops: containers and their logs go on; a later driver resumes following them. */
    @Deactivate
    public void deactivate() {
        closed = true;
        tasks.values().forEach(t -> t.watch().close());
        timer.shutdownNow();
    }

    @Override
    public DriverInfo info() {
        return info;
    }

    @Override
    public TaskConfigSchema taskConfigSchema() {
        return DockerConfig.SCHEMA;
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(true, true, Capabilities.FsIsolation.IMAGE,
                java.util.Set.of(Capabilities.NetworkMode.HOST, Capabilities.NetworkMode.GROUP));
    }

    /** Asked of the Engine at most every five seconds: the core fingerprints often. */
    @Override
    public Fingerprint fingerprint() {
        if (fingerprint == null || System.nanoTime() - fingerprintAt > TimeUnit.SECONDS.toNanos(5)) {
            fingerprint = probe();
            fingerprintAt = System.nanoTime();
        }
        return fingerprint;
    }

    private Fingerprint probe() {
        Map<String, String> base = Map.of("driver.docker.privileged.enabled", Boolean.toString(settings.allowPrivileged()),
                "driver.docker.volumes.enabled", Boolean.toString(settings.volumesEnabled()));
        try {
            engine.ping();
            JsonNode v = engine.version();
            Map<String, String> attributes = new java.util.HashMap<>(base);
            attributes.put("driver.docker", "1");
            attributes.put("driver.docker.version", v.path("Version").asText());
            attributes.put("driver.docker.api_version", v.path("ApiVersion").asText());
            attributes.put("driver.docker.os", v.path("Os").asText() + "/" + v.path("Arch").asText());
            return Fingerprint.healthy(attributes);
        } catch (IOException e) {
            return Fingerprint.unhealthy("no Docker Engine answers at " + settings.endpoint() + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), base);
        }
    }

    @Override
    public TaskHandle startTask(TaskConfig config) {
        open();
        DockerConfig docker = DockerConfig.from(config.config());
        JsonNode spec = ContainerSpec.of(config, docker, settings, nodeId, network(config, docker));
        Images.ensure(engine, docker.image(), docker.forcePull(), settings.pullTimeout(), m -> tell(config, m));
        if (!ContainerSpec.logsReadable(docker)) {
            tell(config, "Logs are not copied to the task's log files: the Engine cannot read back logging type \""
                    + docker.loggingType() + "\"");
        }
        Path runDir = runDir(config);
        String id;
        try {
            Files.createDirectories(runDir);
            Files.createDirectories(config.logDir());
            ContainerNetwork.prepare(config, docker, spec);
            id = engine.create(containerName(config), spec);
        } catch (IOException e) {
            throw new DriverException("cannot create the container of " + config.id() + ": " + e.getMessage(), e);
        }
        try {
            engine.start(id);
        } catch (IOException e) {
            removeQuietly(id);
            throw new DriverException("cannot start container " + id + " (" + ContainerSpec.imageRef(docker.image())
                    + "): " + e.getMessage(), e);
        }
        follow(config, id, runDir, ContainerSpec.logsReadable(docker));
        return new TaskHandle(DockerHandle.VERSION, NAME, config, new DockerHandle(id, runDir).encode());
    }

    /**
     * The allocation's namespace, joined through its pause container unless the task names a
     * network_mode of its own, as in Nomad; port_map maps the task's own legacy ports.
     */
    private ContainerNetwork network(TaskConfig config, DockerConfig docker) {
        String join = config.network() != null && docker.networkMode().isEmpty() ? infra.joinable(config) : null;
        return new ContainerNetwork(join, config.taskPorts());
    }

    /**
     * Makes the allocation's network namespace, held by a pause container (Nomad's
     * {@code CreateNetwork}); called again for the same allocation, it returns the namespace of the
     * pause container already running, which a task whose {@link TaskConfig#network()} names it joins.
     *
     * @param hostname the group network's hostname, empty for the Engine's default
     */
    @Override
    public NetworkIsolation createNetwork(String allocId, String hostname) {
        open();
        return infra.create(allocId, hostname, m -> { });
    }

    /** Removes the allocation's pause container (Nomad's {@code DestroyNetwork}); none is not an error. */
    @Override
    public void destroyNetwork(String allocId, NetworkIsolation network) {
        open();
        infra.destroy(allocId);
    }

    /** Nomad names a container {@code <task>-<alloc ID>}; the run's suffix keeps successive runs apart. */
    static String containerName(TaskConfig config) {
        String suffix = config.id().substring(config.id().lastIndexOf('/') + 1);
        return (config.taskName() + "-" + config.allocId() + "-" + suffix).replaceAll("[^a-zA-Z0-9_.-]", "_");
    }

    static Path runDir(TaskConfig config) {
        return config.taskDir().resolve(RUN_DIRS).resolve(config.id().substring(config.id().lastIndexOf('/') + 1));
    }

    private void follow(TaskConfig config, String containerId, Path runDir, boolean readableLogs) {
        ContainerWatch watch = new ContainerWatch(engine, containerId, runDir, config, readableLogs);
        // Once per run: two recovers at once (a retry while a slow first call is under way) would
        // otherwise copy each log line twice.
        if (tasks.putIfAbsent(config.id(), new Tracked(containerId, runDir, watch, new CpuSample[1])) != null) {
            return;
        }
        watch.start();
        // Deactivated meanwhile (a bundle stopped as the runner re-attaches): deactivate may have
        // closed the watches before this one was among them. Either it sees this one, or this sees it.
        if (closed) {
            watch.close();
        }
    }

    @Override
    public void recoverTask(TaskHandle handle) {
        open();
        if (tasks.containsKey(handle.taskId())) {
            return;
        }
        TaskConfig config = handle.config();
        DockerHandle h;
        if (handle.isProvisional()) {
            h = adopt(config);
        } else if (handle.version() != DockerHandle.VERSION) {
            throw new DriverException("docker handle version " + handle.version() + " is not supported");
        } else {
            h = readable(handle);
            if (h == null) {
                throw new DriverException("docker handle of " + handle.taskId() + " is unreadable");
            }
        }
        try {
            if (engine.inspect(h.containerId()).isEmpty()) {
                throw new TaskNotFoundException(handle.taskId());
            }
        } catch (IOException e) {
            throw DriverException.recoverable("cannot inspect container " + h.containerId() + ": " + e.getMessage());
        }
        if (config.network() != null) {
            infra.adopt(config.allocId());
        }
        follow(config, h.containerId(), h.runDir(), ContainerSpec.logsReadable(DockerConfig.from(config.config())));
    }

    /**
     * The agent died during a start: the run's label finds the container if it was created. One
     * created but never started is started now, its first start.
     */
    private DockerHandle adopt(TaskConfig config) {
        try {
            List<JsonNode> found = engine.containersLabelled(Labels.RUN + "=" + config.id());
            if (found.isEmpty()) {
                throw new TaskNotFoundException(config.id());
            }
            String id = found.get(0).path("Id").asText();
            if (found.get(0).path("State").asText().equals("created")) {
                engine.start(id);
            }
            Files.createDirectories(runDir(config));
            return new DockerHandle(id, runDir(config));
        } catch (IOException e) {
            throw DriverException.recoverable("cannot look for the container of " + config.id() + ": "
                    + e.getMessage());
        }
    }

    @Override
    public CompletionStage<ExitResult> waitTask(String taskId) {
        return task(taskId).watch().exit;
    }

    @Override
    public CompletionStage<Void> stopTask(String taskId, Duration timeout, String signal) {
        Tracked t = task(taskId);
        try {
            engine.kill(t.containerId(), signal);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new DriverException("cannot signal container "
                    + t.containerId() + ": " + e.getMessage(), e));
        }
        CompletableFuture<ExitResult> exit = t.watch().exit;
        timer.schedule(() -> {
            if (!exit.isDone()) {
                killQuietly(t.containerId());
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        return exit.thenApply(r -> null);
    }

    /**
     * Removes the run's container, found from the handle alone when this instance does not track
     * it (a failed recover, a later JVM): by the handle's container ID, or by the run's label when
     * the handle's state is unreadable. The Engine not answering leaves the container's fate open,
     * so that is an error, never a quiet success.
     */
    @Override
    public void destroyTask(TaskHandle handle, boolean force) {
        open();
        Tracked t = tasks.get(handle.taskId());
        List<String> containers;
        Path runDir = runDir(handle.config());
        if (t != null) {
            if (!t.watch().exit.isDone() && !force) {
                throw new DriverException("task " + handle.taskId() + " is still running");
            }
            // Stop following first, so removing the container is not taken for a broken stream.
            t.watch().close();
            tasks.remove(handle.taskId());
            containers = List.of(t.containerId());
            runDir = t.runDir();
        } else {
            containers = containersOf(handle, force);
        }
        for (String id : containers) {
            try {
                engine.remove(id, true);
            } catch (IOException e) {
                throw new DriverException("cannot remove container " + id + " (the dangling-container sweep"
                        + " removes it later): " + e.getMessage(), e);
            }
        }
        deleteTree(runDir);
    }

    /** The containers of a run this instance does not track; refuses a running one unless forced. */
    private List<String> containersOf(TaskHandle handle, boolean force) {
        try {
            List<String> ids = new java.util.ArrayList<>();
            DockerHandle h = readable(handle);
            if (h != null) {
                engine.inspect(h.containerId()).ifPresent(c -> ids.add(h.containerId()));
            }
            for (JsonNode c : engine.containersLabelled(Labels.RUN + "=" + handle.taskId())) {
                String id = c.path("Id").asText();
                if (!ids.contains(id)) {
                    ids.add(id);
                }
            }
            for (String id : ids) {
                boolean running = engine.inspect(id).map(c -> c.path("State").path("Running").asBoolean())
                        .orElse(false);
                if (running && !force) {
                    throw new DriverException("task " + handle.taskId() + " is still running");
                }
            }
            return ids;
        } catch (IOException e) {
            throw new DriverException("cannot find the container of " + handle.taskId() + ": " + e.getMessage(), e);
        }
    }

    private static DockerHandle readable(TaskHandle handle) {
        if (handle.isProvisional() || handle.version() != DockerHandle.VERSION) {
            return null;
        }
        try {
            return DockerHandle.decode(handle.driverState());
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public TaskInspection inspectTask(String taskId) {
        Tracked t = task(taskId);
        try {
            JsonNode c = engine.inspect(t.containerId()).orElseThrow(() -> new TaskNotFoundException(taskId));
            JsonNode state = c.path("State");
            boolean running = state.path("Running").asBoolean();
            Optional<ExitResult> exit = running ? Optional.empty() : Optional.of(ContainerWatch.exitOf(state));
            return new TaskInspection(taskId, running, Instant.parse(state.path("StartedAt").asText()), exit,
                    Map.of("container_id", t.containerId(), "image", c.path("Config").path("Image").asText(),
                            "name", c.path("Name").asText()));
        } catch (IOException e) {
            throw new DriverException("cannot inspect container " + t.containerId() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public TaskResourceUsage taskStats(String taskId) {
        Tracked t = task(taskId);
        JsonNode s;
        try {
            s = engine.stats(t.containerId());
        } catch (IOException e) {
            throw new DriverException("cannot read the stats of container " + t.containerId() + ": "
                    + e.getMessage(), e);
        }
        JsonNode memory = s.path("memory_stats");
        // The kernel's page cache is not the task's: v1 reports it as "cache", v2 as "inactive_file".
        long cache = memory.path("stats").has("cache") ? memory.path("stats").path("cache").asLong()
                : memory.path("stats").path("inactive_file").asLong();
        long rss = Math.max(0, memory.path("usage").asLong() - cache);
        JsonNode cpu = s.path("cpu_stats").path("cpu_usage");
        CpuSample now = new CpuSample(System.nanoTime(), cpu.path("total_usage").asLong(),
                cpu.path("usage_in_usermode").asLong(), cpu.path("usage_in_kernelmode").asLong());
        CpuSample before;
        synchronized (t.lastCpu()) {
            before = t.lastCpu()[0];
            t.lastCpu()[0] = now;
        }
        if (before == null || now.atNanos() <= before.atNanos()) {
            return new TaskResourceUsage(System.currentTimeMillis() * 1_000_000L, rss, 0, 0, 0);
        }
        double wall = now.atNanos() - before.atNanos();
        return new TaskResourceUsage(System.currentTimeMillis() * 1_000_000L, rss,
                100.0 * (now.total() - before.total()) / wall, 100.0 * (now.user() - before.user()) / wall,
                100.0 * (now.system() - before.system()) / wall);
    }

    @Override
    public void signalTask(String taskId, String signal) {
        Tracked t = task(taskId);
        try {
            engine.kill(t.containerId(), signal);
        } catch (IOException e) {
            throw new DriverException("cannot signal container " + t.containerId() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public ExecResult execTask(String taskId, List<String> command, Duration timeout) {
        Tracked t = task(taskId);
        try {
            Engine.ExecOutput out = engine.exec(t.containerId(), command, timeout);
            return new ExecResult(out.exitCode(), out.stdout(), out.stderr());
        } catch (IOException e) {
            throw new DriverException("exec in container " + t.containerId() + " failed: " + e.getMessage(), e);
        }
    }

    private Tracked task(String taskId) {
        open();
        Tracked t = tasks.get(taskId);
        if (t == null) {
            throw new TaskNotFoundException(taskId);
        }
        return t;
    }

    private void open() {
        if (closed) {
            throw new org.drover.runner.api.driver.DriverUnavailableException("the docker driver is stopping");
        }
    }

    private void tell(TaskConfig config, String message) {
        DriverEvents sink = events;
        if (sink != null) {
            sink.message(config.id(), message);
        }
    }

    private void killQuietly(String id) {
        try {
            engine.kill(id, "SIGKILL");
        } catch (IOException e) {
            // the watch reports the exit, or its loss, either way
        }
    }

    private void removeQuietly(String id) {
        try {
            engine.remove(id, true);
        } catch (IOException e) {
            // the reaper removes it after its grace period
        }
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a run dir left behind costs a few bytes
        }
    }
}
