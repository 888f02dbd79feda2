package org.drover.sample.sleeper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.drover.runner.api.driver.Capabilities;
import org.drover.runner.api.driver.ConfigField;
import org.drover.runner.api.driver.Driver;
import org.drover.runner.api.driver.DriverException;
import org.drover.runner.api.driver.DriverInfo;
import org.drover.runner.api.driver.ExecResult;
import org.drover.runner.api.driver.ExitResult;
import org.drover.runner.api.driver.Fingerprint;
import org.drover.runner.api.driver.Signals;
import org.drover.runner.api.driver.TaskConfig;
import org.drover.runner.api.driver.TaskConfigSchema;
import org.drover.runner.api.driver.TaskHandle;
import org.drover.runner.api.driver.TaskInspection;
import org.drover.runner.api.driver.TaskNotFoundException;
import org.drover.runner.api.driver.TaskResourceUsage;
import org.drover.runner.api.model.GoDuration;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * {@code sleeper}: a task waits for its {@code duration}, then exits with its
 * {@code exit_code}. There is no process: the whole task is its deadline,
 * kept in the handle, which is what lets a new instance of the driver (after
 * a bundle update, or an agent restart) take over a running task. What stands
 * for the work outside the JVM is the run's file in the task directory
 * ({@code .sleeper/<run>}): destroying a run deletes it, so a destroyed run
 * is never taken up again, by this instance or a later one.
 */
@Component(service = Driver.class, property = Driver.NAME_PROPERTY + "=" + SleeperDriver.NAME)
public final class SleeperDriver implements Driver {

    static final String NAME = "sleeper";
    static final int HANDLE_VERSION = 1;

    static final ConfigField<Duration> DURATION = ConfigField.duration("duration").required();
    static final ConfigField<Integer> EXIT_CODE = ConfigField.integer("exit_code");
    static final ConfigField<Boolean> IGNORE_INTERRUPT = ConfigField.bool("ignore_interrupt");
    static final TaskConfigSchema SCHEMA = TaskConfigSchema.of(DURATION, EXIT_CODE, IGNORE_INTERRUPT);

    /** One task: when it ends by itself, how, and its exit once known. */
    private record Sleeper(Instant started, Instant deadline, int exitCode, boolean ignoresInterrupt,
            CompletableFuture<ExitResult> exit) {
        byte[] encode() {
            return (started.toEpochMilli() + " " + deadline.toEpochMilli() + " " + exitCode + " " + ignoresInterrupt)
                    .getBytes(StandardCharsets.UTF_8);
        }

        static Sleeper decode(byte[] state) {
            String[] f = new String(state, StandardCharsets.UTF_8).split(" ");
            return new Sleeper(Instant.ofEpochMilli(Long.parseLong(f[0])), Instant.ofEpochMilli(Long.parseLong(f[1])),
                    Integer.parseInt(f[2]), Boolean.parseBoolean(f[3]), new CompletableFuture<>());
        }
    }

    private final Map<String, Sleeper> tasks = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sleeper-driver");
        t.setDaemon(true);
        return t;
    });

    /** The bundle stops: the timer goes, the tasks' deadlines stay in their handles. */
    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }

    @Override
    public DriverInfo info() {
        return new DriverInfo(NAME, "1.0.0");
    }

    @Override
    public TaskConfigSchema taskConfigSchema() {
        return SCHEMA;
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(true, false, Capabilities.FsIsolation.NONE);
    }

    @Override
    public Fingerprint fingerprint() {
        return Fingerprint.healthy(Map.of("driver.sleeper", "1"));
    }

    @Override
    public TaskHandle startTask(TaskConfig config) {
        Duration duration = DURATION.read(config);
        int exitCode = EXIT_CODE.read(config);
        boolean ignores = IGNORE_INTERRUPT.read(config);
        Instant now = Instant.now();
        Sleeper s = new Sleeper(now, now.plus(duration), exitCode, ignores, new CompletableFuture<>());
        log(config, "sleeping " + GoDuration.format(duration) + ", then exiting " + exitCode
                + (ignores ? "; ignoring SIGINT" : ""));
        try {
            Files.createDirectories(runFile(config).getParent());
            Files.write(runFile(config), s.encode());
        } catch (IOException e) {
            throw DriverException.recoverable("cannot record the run of " + config.id() + ": " + e.getMessage());
        }
        track(config.id(), s);
        return new TaskHandle(HANDLE_VERSION, NAME, config, s.encode());
    }

    /** A task's output goes where every driver's goes, {@code alloc/logs/<task>.stdout.0}. */
    private static void log(TaskConfig config, String line) {
        try {
            Files.createDirectories(config.logDir());
            Files.writeString(config.stdoutFile(0), line + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new DriverException("cannot write the log of " + config.id() + ": " + e.getMessage(), e);
        }
    }

    /** The run's trace outside the JVM: present from its start until it is destroyed. */
    static Path runFile(TaskConfig config) {
        return config.taskDir().resolve(".sleeper").resolve(config.id().substring(config.id().lastIndexOf('/') + 1));
    }

    @Override
    public void recoverTask(TaskHandle handle) {
        if (tasks.containsKey(handle.taskId())) {
            return;
        }
        if (handle.isProvisional()) {
            // Nothing outlives a start that was never recorded: it did not happen.
            throw new TaskNotFoundException(handle.taskId());
        }
        if (handle.version() != HANDLE_VERSION) {
            throw new DriverException("sleeper handle version " + handle.version() + " is not supported");
        }
        if (!Files.exists(runFile(handle.config()))) {
            throw new TaskNotFoundException(handle.taskId()); // destroyed
        }
        Sleeper s;
        try {
            s = Sleeper.decode(handle.driverState());
        } catch (RuntimeException e) {
            throw new DriverException("sleeper handle of " + handle.taskId() + " is unreadable: " + e);
        }
        track(handle.taskId(), s);
    }

    private void track(String id, Sleeper s) {
        if (tasks.putIfAbsent(id, s) != null) {
            return; // recovered already, by a call at the same time: one exit a run
        }
        long delay = Math.max(0, Duration.between(Instant.now(), s.deadline()).toMillis());
        timer.schedule(() -> s.exit().complete(ExitResult.exited(s.exitCode())), delay, TimeUnit.MILLISECONDS);
    }

    private Sleeper task(String id) {
        Sleeper s = tasks.get(id);
        if (s == null) {
            throw new TaskNotFoundException(id);
        }
        return s;
    }

    @Override
    public CompletionStage<ExitResult> waitTask(String taskId) {
        return task(taskId).exit();
    }

    /** A sleeper that heeds the signal ends at once; one that ignores it is killed after the timeout. */
    @Override
    public CompletionStage<Void> stopTask(String taskId, Duration timeout, String signal) {
        Sleeper s = task(taskId);
        if (s.ignoresInterrupt()) {
            timer.schedule(() -> s.exit().complete(ExitResult.signaled(9)), timeout.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            s.exit().complete(ExitResult.signaled(Signals.number(signal)));
        }
        return s.exit().thenApply(r -> null);
    }

    /** A run this instance never tracked needs nothing but its run file gone: the deadline dies with it. */
    @Override
    public void destroyTask(TaskHandle handle, boolean force) {
        Sleeper s = tasks.get(handle.taskId());
        if (s != null) {
            if (!s.exit().isDone() && !force) {
                throw new DriverException("task " + handle.taskId() + " is still running");
            }
            s.exit().complete(ExitResult.signaled(9));
        } else if (!force && Files.exists(runFile(handle.config()))) {
            throw new DriverException("task " + handle.taskId() + " may still be running; destroy it with force");
        }
        try {
            Files.deleteIfExists(runFile(handle.config()));
        } catch (IOException e) {
            throw new DriverException("cannot delete the run of " + handle.taskId() + ": " + e.getMessage(), e);
        }
        tasks.remove(handle.taskId());
    }

    @Override
    public TaskInspection inspectTask(String taskId) {
        Sleeper s = task(taskId);
        ExitResult exit = s.exit().getNow(null);
        return new TaskInspection(taskId, exit == null, s.started(), java.util.Optional.ofNullable(exit),
                Map.of("deadline", s.deadline().toString()));
    }

    @Override
    public TaskResourceUsage taskStats(String taskId) {
        task(taskId);
        return new TaskResourceUsage(System.currentTimeMillis() * 1_000_000L, 0, 0, 0, 0);
    }

    @Override
    public void signalTask(String taskId, String signal) {
        stopTask(taskId, Duration.ZERO, signal);
    }

    @Override
    public ExecResult execTask(String taskId, List<String> command, Duration timeout) {
        throw new DriverException("sleeper tasks have nothing to run a command in");
    }
}
