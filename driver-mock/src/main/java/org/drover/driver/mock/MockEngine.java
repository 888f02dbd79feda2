package org.drover.driver.mock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

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
 * The mock driver's tasks. A mock task is a pure function of its config and
 * its start time, which the handle carries: like a real process, it goes on
 * "running" while no driver watches it, and a new engine recovering its handle
 * finds it still running, or finds the exit it made meanwhile.
 */
public final class MockEngine {

    static final int HANDLE_VERSION = 1;
    static final String NAME = "mock";

    private final MockClock clock;
    private final Runnable onPluginExit;
    private final Map<String, MockTask> tasks = new ConcurrentHashMap<>();
    private volatile boolean shutDown;
    private final java.util.concurrent.atomic.AtomicInteger starts = new java.util.concurrent.atomic.AtomicInteger();

    /** One task: its config, start time and exit. */
    private static final class MockTask {
        final TaskHandle handle;
        final MockTaskConfig config;
        final long startedAtMillis;
        final CompletableFuture<ExitResult> exit = new CompletableFuture<>();
        volatile Runnable cancelTimer = () -> { };

        MockTask(TaskHandle handle, MockTaskConfig config, long startedAtMillis) {
            this.handle = handle;
            this.config = config;
            this.startedAtMillis = startedAtMillis;
        }
    }

    /** @param onPluginExit what "the driver goes away" means where the engine runs */
    public MockEngine(MockClock clock, Runnable onPluginExit) {
        this.clock = clock;
        this.onPluginExit = onPluginExit;
    }

    public TaskHandle start(TaskConfig config) {
        checkRunning();
        MockTaskConfig mock = MockTaskConfig.from(config.config());
        if (!mock.startBlockFor().isZero()) {
            sleep(mock.startBlockFor());
        }
        if (!mock.startError().isEmpty()) {
            throw mock.startErrorRecoverable() ? DriverException.recoverable(mock.startError())
                    : new DriverException(mock.startError());
        }
        starts.incrementAndGet();
        long startedAt = clock.nowMillis();
        TaskHandle handle = new TaskHandle(HANDLE_VERSION, NAME, config,
                Long.toString(startedAt).getBytes(StandardCharsets.US_ASCII));
        track(new MockTask(handle, mock, startedAt));
        writeStdout(config, mock.stdoutString());
        if (!mock.pluginExitAfter().isZero()) {
            clock.schedule(mock.pluginExitAfter(), onPluginExit);
        }
        return handle;
    }

    public void recover(TaskHandle handle) {
        checkRunning();
        if (tasks.containsKey(handle.taskId())) {
            return;
        }
        if (handle.isProvisional()) {
            throw new TaskNotFoundException(handle.taskId()); // a mock task lives only in the engine that started it
        }
        if (handle.version() != HANDLE_VERSION) {
            throw new DriverException("mock handle version " + handle.version() + " is not supported");
        }
        long startedAt = Long.parseLong(new String(handle.driverState(), StandardCharsets.US_ASCII));
        track(new MockTask(handle, MockTaskConfig.from(handle.config().config()), startedAt));
    }

    private void track(MockTask task) {
        tasks.put(task.handle.taskId(), task);
        Duration runFor = task.config.runFor();
        if (!runFor.isZero()) {
            long remaining = task.startedAtMillis + runFor.toMillis() - clock.nowMillis();
            task.cancelTimer = clock.schedule(Duration.ofMillis(Math.max(0, remaining)),
                    () -> task.exit.complete(new ExitResult(task.config.exitCode(), task.config.exitSignal(), false,
                            "")));
        }
    }

    public CompletionStage<ExitResult> await(String taskId) {
        checkRunning();
        return task(taskId).exit.copy();
    }

    /**
     * Sends {@code signal}: the task dies {@code kill_after} later (at once by
     * default) with exit code 128+signal, unless that is beyond {@code timeout},
     * when it is killed with SIGKILL at the timeout.
     */
    public CompletionStage<Void> stop(String taskId, Duration timeout, String signal) {
        checkRunning();
        MockTask task = task(taskId);
        if (task.exit.isDone()) {
            return CompletableFuture.completedFuture(null);
        }
        Duration killAfter = task.config.killAfter();
        int sig = killAfter.compareTo(timeout) > 0 ? Signals.number("SIGKILL") : Signals.number(signal);
        Duration when = killAfter.compareTo(timeout) > 0 ? timeout : killAfter;
        task.cancelTimer.run();
        Runnable die = () -> task.exit.complete(ExitResult.signaled(sig));
        if (when.isZero()) {
            die.run();
        } else {
            task.cancelTimer = clock.schedule(when, die);
        }
        return task.exit.thenApply(r -> null);
    }

    public void destroy(String taskId, boolean force) {
        MockTask task = tasks.get(taskId);
        if (task == null) {
            return;
        }
        if (!task.exit.isDone()) {
            if (!force) {
                throw new DriverException("task " + taskId + " is running; destroy it with force");
            }
            task.cancelTimer.run();
            task.exit.complete(ExitResult.signaled(Signals.number("SIGKILL")));
        }
        tasks.remove(taskId);
    }

    public TaskInspection inspect(String taskId) {
        MockTask task = task(taskId);
        ExitResult exit = task.exit.getNow(null);
        return new TaskInspection(taskId, exit == null, Instant.ofEpochMilli(task.startedAtMillis),
                Optional.ofNullable(exit), Map.of("started_at_ms", Long.toString(task.startedAtMillis)));
    }

    public TaskResourceUsage stats(String taskId) {
        task(taskId);
        return new TaskResourceUsage(clock.nowMillis() * 1_000_000L, 1024 * 1024, 0.5, 0.4, 0.1);
    }

    public void signal(String taskId, String signal) {
        if (!Signals.isKnown(signal)) {
            throw new DriverException("unknown signal " + signal);
        }
        task(taskId);
    }

    public ExecResult exec(String taskId, List<String> command) {
        task(taskId);
        return new ExecResult(0, String.join(" ", command).getBytes(StandardCharsets.UTF_8), new byte[0]);
    }

    /** The engine's end (component deactivated): calls from now on fail as "driver shut down". */
    public void shutdown() {
        shutDown = true;
        tasks.values().forEach(t -> t.cancelTimer.run());
    }

    /** How many tasks this engine started (recovered ones not counted). */
    public int starts() {
        return starts.get();
    }

    private MockTask task(String taskId) {
        MockTask task = tasks.get(taskId);
        if (task == null) {
            throw new TaskNotFoundException(taskId);
        }
        return task;
    }

    private void checkRunning() {
        if (shutDown) {
            throw new DriverUnavailableException(NAME);
        }
    }

    private static void writeStdout(TaskConfig config, String text) {
        if (text.isEmpty()) {
            return;
        }
        try {
            Files.createDirectories(config.logDir());
            Files.writeString(config.stdoutFile(0), text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new DriverException("cannot write stdout of " + config.id() + ": " + e.getMessage(), e);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException("interrupted while starting");
        }
    }
}
