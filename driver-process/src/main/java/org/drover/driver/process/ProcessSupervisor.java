package org.drover.driver.process;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.drover.runner.api.driver.DriverException;
import org.drover.runner.api.driver.DriverUnavailableException;
import org.drover.runner.api.driver.ExecResult;
import org.drover.runner.api.driver.ExitResult;
import org.drover.runner.api.driver.Signals;
import org.drover.runner.api.driver.TaskConfig;
import org.drover.runner.api.driver.TaskHandle;
import org.drover.runner.api.driver.TaskInspection;
import org.drover.runner.api.driver.TaskNotFoundException;
import org.drover.runner.api.driver.TaskResourceUsage;

/**
 * Runs tasks under per-task monitors (see drover-monitor.c) and talks to them
 * through their run dirs: {@code pid}, {@code ctl}, {@code exit}. Nothing here
 * holds a thread or a child process per task; the monitors outlive the agent.
 */
final class ProcessSupervisor implements AutoCloseable {

    /** 2 records the monitor's pid and start time and the boot; version 1 handles are still read. */
    static final int HANDLE_VERSION = 2;
    static final String RUN_DIRS = ".drover-run";
    /** How long a destroy waits for a killed run's processes to be gone. */
    static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private final String driver;
    private final Path monitor;
    private final ExitWatcher watcher;
    private final Map<String, MonitoredTask> tasks = new ConcurrentHashMap<>();
    private final ProcessGroups groups = new ProcessGroups();
    /** The previous stats sample of each task, for CPU use between two samples. */
    private final Map<String, long[]> lastSample = new ConcurrentHashMap<>();
    private final String boot = ProcStat.bootId();
    private volatile boolean closed;

    ProcessSupervisor(String driver, Path monitor) throws IOException {
        this.driver = driver;
        this.monitor = monitor;
        this.watcher = new ExitWatcher(driver);
    }

    /**
     * @param command        what to run, and where
     * @param monitorOptions options for the monitor before its run dir ({@code --cgroup}, {@code --user})
     * @param cgroups        the task's cgroups, memory first, for stats; empty without isolation
     */
    TaskHandle start(TaskConfig config, Command command, List<String> monitorOptions, List<Path> cgroups) {
        open();
        Path runDir = runDir(config);
        List<String> cmd = new ArrayList<>(List.of(monitor.toString()));
        cmd.addAll(monitorOptions);
        // Absolute: the monitor works in its run dir.
        cmd.addAll(List.of(runDir.toString(),
                config.logDir().resolve(config.taskName()).toAbsolutePath().toString(),
                Integer.toString(config.logs().maxFiles()), Long.toString(config.logs().maxFileSizeMb() * 1024L * 1024L),
                command.workDir().toAbsolutePath().toString(), "--"));
        cmd.addAll(command.argv());
        String verdict;
        try {
            Files.createDirectories(runDir);
            Files.createDirectories(config.logDir());
            if (!cgroups.isEmpty()) {
                Files.write(runDir.resolve("cgroup"), cgroups.stream().map(Path::toString).toList());
            }
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().clear();
            pb.environment().putAll(config.env());
            Process launcher = pb.start();
            verdict = new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            launcher.waitFor(10, TimeUnit.SECONDS); // it exits as soon as the monitor has started the task
        } catch (IOException e) {
            // Mostly the disk (full, read-only) under the run dir: a state of the node that passes,
            // so the restart policy applies, as for any start that may work next time.
            throw DriverException.recoverable("cannot start the task monitor: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException("interrupted while starting " + config.id());
        }
        String[] parts = verdict.split(" ");
        if (parts.length != 5 || !parts[0].equals("ok")) {
            throw new DriverException(verdict.startsWith("error ") ? verdict.substring(6) : "task monitor: " + verdict);
        }
        MonitoredTask task = new MonitoredTask(config.id(), runDir,
                new MonitoredTask.Proc(Long.parseLong(parts[1]), Long.parseLong(parts[2])),
                new MonitoredTask.Proc(Long.parseLong(parts[3]), Long.parseLong(parts[4])), boot, cgroups, true);
        track(task);
        return new TaskHandle(HANDLE_VERSION, driver, config, task.encode());
    }

    /**
     * Re-attaches a run: ended (its exit file), alive (its monitor), or lost (its monitor gone without
     * an exit, in this boot), in which case what is left of it is killed and its wait reports why.
     * Gone with the boot, or never found, it is not found: Nomad's failed-restore rule then applies.
     */
    void recover(TaskHandle handle) {
        open();
        if (tasks.containsKey(handle.taskId())) {
            return;
        }
        MonitoredTask task;
        if (handle.isProvisional()) {
            task = adopt(handle.config());
        } else {
            try {
                task = MonitoredTask.decode(handle.taskId(), handle.version(), handle.driverState());
            } catch (RuntimeException e) {
                throw new DriverException(driver + " handle of " + handle.taskId() + " is unreadable: " + e.getMessage());
            }
        }
        if (!Files.exists(task.runDir.resolve(ExitWatcher.EXIT_FILE))) {
            task = withMonitorFound(task);
            // A run dir goes only once the run's work is gone: the run was destroyed.
            if (!task.monitor.alive() && (!lostInThisBoot(task) || !Files.isDirectory(task.runDir))) {
                throw new TaskNotFoundException(handle.taskId());
            }
        }
        track(task); // a lost task's remains are killed there, and its wait reports the loss
    }

    /** Whether a run whose monitor is not alive may have left processes here: same boot, something known. */
    private boolean lostInThisBoot(MonitoredTask task) {
        if (task.bootId.isEmpty()) {
            return task.task.alive(); // a version 1 handle: only a live task says it is this boot's
        }
        return task.bootId.equals(boot);
    }

    /**
     * A version 1 handle names no monitor: it is the task's parent while the task lives (the
     * monitor forked it), else the process given the run dir, if one still runs.
     */
    private MonitoredTask withMonitorFound(MonitoredTask task) {
        if (task.monitor.known()) {
            return task;
        }
        OptionalLong pid = OptionalLong.empty();
        if (task.task.alive()) {
            pid = ProcStat.read(task.task.pid()).map(s -> OptionalLong.of(s.ppid())).orElse(OptionalLong.empty());
            if (pid.isPresent() && !ProcStat.entries(pid.getAsLong(), "cmdline").contains(task.runDir.toString())) {
                pid = OptionalLong.empty(); // reparented: its monitor is gone
            }
        } else {
            pid = ProcStat.withArgument(task.runDir.toString());
        }
        if (pid.isEmpty()) {
            return task;
        }
        OptionalLong start = ProcStat.startTime(pid.getAsLong());
        return start.isPresent() ? task.withMonitor(new MonitoredTask.Proc(pid.getAsLong(), start.getAsLong()), boot)
                : task;
    }

    /** A start the agent did not live to record: its run dir, if the monitor got that far, says who it is. */
    private MonitoredTask adopt(TaskConfig config) {
        Path runDir = runDir(config);
        try {
            String[] pid = Files.readString(runDir.resolve("pid")).trim().split(" ");
            MonitoredTask.Proc task = new MonitoredTask.Proc(Long.parseLong(pid[0]), Long.parseLong(pid[1]));
            if (pid.length < 4) { // a monitor of handle version 1
                return new MonitoredTask(config.id(), runDir, task, MonitoredTask.Proc.UNKNOWN, "", cgroupsOf(runDir),
                        false);
            }
            MonitoredTask.Proc monitor = new MonitoredTask.Proc(Long.parseLong(pid[2]), Long.parseLong(pid[3]));
            String bootId = pid.length > 4 ? pid[4] : ""; // empty when the monitor could not read it
            return new MonitoredTask(config.id(), runDir, task, monitor, bootId, cgroupsOf(runDir), true);
        } catch (IOException | RuntimeException e) {
            throw new TaskNotFoundException(config.id());
        }
    }

    /** exec records the task's cgroups beside the pid, so an adopted task keeps its stats. */
    private static List<Path> cgroupsOf(Path runDir) {
        try {
            return Files.readAllLines(runDir.resolve("cgroup")).stream().filter(l -> !l.isBlank()).map(Path::of)
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    static Path runDir(TaskConfig config) {
        return config.taskDir().toAbsolutePath().resolve(RUN_DIRS)
                .resolve(config.id().substring(config.id().lastIndexOf('/') + 1));
    }

    /**
     * Once per run: two recovers of one run at once (a retry while a slow first call is still under
     * way) must not leave two watches, nor a waiter on a run no watch completes.
     */
    private void track(MonitoredTask task) {
        if (tasks.putIfAbsent(task.id, task) == null) {
            watcher.watch(task);
        }
    }

    /** Whether the task's monitor is watched through its socket; for tests. */
    boolean linked(String id) {
        return watcher.linked(id);
    }

    CompletionStage<ExitResult> await(String id) {
        open();
        return task(id).exit.copy();
    }

    /** Sends {@code signal} to the task's process group; the monitor kills what is left after {@code timeout}. */
    CompletionStage<Void> stop(String id, Duration timeout, String signal) {
        open();
        MonitoredTask task = task(id);
        if (!task.exit.isDone()) {
            control(task, "stop " + number(signal) + " " + timeout.toMillis());
        }
        return task.exit.thenApply(r -> null);
    }

    void signal(String id, String signal) {
        open();
        control(task(id), "signal " + number(signal));
    }

    /**
     * Kills the run if it still lives and forgets it, from the handle alone: a run this instance
     * never tracked (a failed recover, a later JVM) is found from its handle, or from its run dir
     * when the handle's state is unreadable. Returns only once its processes are gone.
     */
    void destroy(TaskHandle handle, boolean force) {
        MonitoredTask task = tasks.get(handle.taskId());
        if (task == null) {
            task = locate(handle);
            if (task == null || !Files.isDirectory(task.runDir)) {
                // No monitor got as far as starting the task, or its run was destroyed before: a run
                // dir goes only once its work is known gone.
                deleteTree(runDir(handle.config()));
                return;
            }
            if (Files.exists(task.runDir.resolve(ExitWatcher.EXIT_FILE))
                    || (!task.monitor.alive() && !lostInThisBoot(task))) {
                deleteTree(task.runDir);
                return;
            }
            track(task);
        }
        if (!task.exit.isDone()) {
            if (!force) {
                throw new DriverException("task " + handle.taskId() + " is running; destroy it with force");
            }
            control(task, "stop 9 0");
            awaitKilled(task);
        }
        tasks.remove(task.id);
        lastSample.remove(task.id);
        watcher.forget(task.id);
        deleteTree(task.runDir);
    }

    private void awaitKilled(MonitoredTask task) {
        try {
            task.exit.get(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new DriverException("task " + task.id + " still has live processes " + watcher.survivors(task)
                    + " " + KILL_WAIT.toSeconds() + "s after SIGKILL; it is not forgotten");
        } catch (ExecutionException e) {
            throw new DriverException("task " + task.id + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException("interrupted while destroying " + task.id);
        }
    }

    /** The run a handle names: from its state, else from what its monitor wrote; null if none started. */
    private MonitoredTask locate(TaskHandle handle) {
        if (!handle.isProvisional()) {
            try {
                return withMonitorFound(MonitoredTask.decode(handle.taskId(), handle.version(), handle.driverState()));
            } catch (RuntimeException e) {
                // unreadable: the run dir still says who the task is
            }
        }
        try {
            return withMonitorFound(adopt(handle.config()));
        } catch (TaskNotFoundException e) {
            return null;
        }
    }

    TaskInspection inspect(String id) {
        MonitoredTask task = task(id);
        ExitResult exit = task.exit.getNow(null);
        return new TaskInspection(id, exit == null, Instant.EPOCH, Optional.ofNullable(exit),
                Map.of("pid", Long.toString(task.task.pid()), "monitor_pid", Long.toString(task.monitor.pid()),
                        "run_dir", task.runDir.toString()));
    }

    /**
     * Memory and CPU of the task: from its cgroups when it has them (exec),
     * else of its whole process group. CPU percent is over the time since the
     * previous call for this task (zero on the first).
     */
    TaskResourceUsage stats(String id) {
        MonitoredTask task = task(id);
        // A task in cgroups is measured by them alone: the scan of /proc (every process on the
        // host) is only for tasks without, and is shared by them.
        long tickNanos = 1_000_000_000L / ProcessGroups.TICKS_PER_SECOND;
        long[] cpu = Cgroups.cpuTimes(task.cgroups).orElseGet(() -> {
            ProcessGroups.Usage group = groups.of(task.task.pid());
            return new long[] {group.userTicks() * tickNanos, group.systemTicks() * tickNanos};
        });
        long memory = (task.cgroups.isEmpty() ? Optional.<Long>empty() : Cgroups.memoryUsage(task.cgroups.get(0)))
                .orElseGet(() -> groups.of(task.task.pid()).rssBytes());
        long now = System.nanoTime();
        long[] previous = lastSample.put(id, new long[] {now, cpu[0], cpu[1]});
        double user = 0;
        double system = 0;
        if (previous != null && now > previous[0]) {
            double elapsed = now - previous[0];
            user = 100.0 * Math.max(0, cpu[0] - previous[1]) / elapsed;
            system = 100.0 * Math.max(0, cpu[1] - previous[2]) / elapsed;
        }
        Instant at = Instant.now();
        return new TaskResourceUsage(at.getEpochSecond() * 1_000_000_000L + at.getNano(), memory, user + system,
                user, system);
    }

    ExecResult exec(String id, List<String> command, Duration timeout) {
        MonitoredTask task = task(id);
        try {
            Process p = new ProcessBuilder(inTaskNetwork(task, command)).start();
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
            byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new DriverException("command timed out after " + timeout + " in " + task.id);
            }
            return new ExecResult(p.exitValue(), out.join(), err);
        } catch (IOException e) {
            throw new DriverException("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException("interrupted");
        }
    }

    /**
     * Nomad runs an exec in its task's network namespace: a task of a bridge allocation has one of
     * its own, which the command joins through {@code nsenter}; another task's is the agent's.
     */
    static List<String> inTaskNetwork(MonitoredTask task, List<String> command) {
        Path ns = Path.of("/proc", Long.toString(task.task.pid()), "ns", "net");
        try {
            if (Files.readSymbolicLink(ns).equals(Files.readSymbolicLink(Path.of("/proc/self/ns/net")))) {
                return command;
            }
        } catch (IOException e) {
            return command; // gone, or not ours to read: the exec runs as it would without a namespace
        }
        List<String> argv = new ArrayList<>(List.of("nsenter", "--net=" + ns, "--"));
        argv.addAll(command);
        return argv;
    }

    private static byte[] readAll(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /**
     * Writes a command to the monitor's FIFO. Opened read-write, which on Linux
     * never blocks, even when no monitor reads it any more. A monitor that is gone reads nothing:
     * then what is left of its task is killed at once, which a stop or a kill would have ended in.
     */
    private void control(MonitoredTask task, String command) {
        if (!task.monitor.alive()) {
            watcher.lost(task);
            return;
        }
        Path ctl = task.runDir.resolve("ctl");
        try (FileChannel ch = FileChannel.open(ctl, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchFileException e) {
            watcher.check(task); // the monitor is done: its exit file says how
        } catch (IOException e) {
            throw new DriverException("cannot reach the monitor of " + task.id + ": " + e.getMessage(), e);
        }
    }

    private static int number(String signal) {
        int n = Signals.number(signal);
        if (n < 0) {
            throw new DriverException("unknown signal " + signal);
        }
        return n;
    }

    private MonitoredTask task(String id) {
        MonitoredTask task = tasks.get(id);
        if (task == null) {
            throw new TaskNotFoundException(id);
        }
        return task;
    }

    private void open() {
        if (closed) {
            throw new DriverUnavailableException(driver);
        }
    }

    /**
     * Removes a run dir. Its monitor may still be unlinking its FIFO as it exits, so an entry that
     * vanishes during the walk is no error; a leftover run dir would only hold a few bytes.
     */
    static void deleteTree(Path dir) {
        for (int attempt = 0; attempt < 3 && Files.exists(dir); attempt++) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | java.io.UncheckedIOException e) {
                // walked into an entry that was just removed: walk again
            }
        }
    }

    /** Stops watching; the tasks and their monitors keep running. */
    @Override
    public void close() {
        closed = true;
        watcher.close();
    }
}
