package org.drover.driver.process;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.drover.runner.api.driver.ExitResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread for every task of a driver: waits for monitors to write their
 * exit files (inotify through a WatchService), and sweeps once a second in
 * case an event was missed or a monitor died without a word. The agent's
 * thread count does not grow with its tasks.
 */
final class ExitWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExitWatcher.class);
    static final String EXIT_FILE = "exit";

    private final WatchService watch;
    private final Map<WatchKey, MonitoredTask> byKey = new ConcurrentHashMap<>();
    private final Map<String, MonitoredTask> tasks = new ConcurrentHashMap<>();
    /** Tasks whose process was gone at the last sweep with no exit file yet: their monitor gets one more sweep. */
    private final Map<String, Boolean> suspect = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean closed;

    ExitWatcher(String name) throws IOException {
        this.watch = FileSystems.getDefault().newWatchService();
        this.thread = new Thread(this::loop, name + "-exit-watcher");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    void watch(MonitoredTask task) throws IOException {
        tasks.put(task.id, task);
        byKey.put(task.runDir.register(watch, StandardWatchEventKinds.ENTRY_CREATE), task);
        check(task); // it may have exited before the registration
    }

    private void loop() {
        long nextSweep = System.nanoTime();
        while (!closed) {
            try {
                WatchKey key = watch.poll(1, TimeUnit.SECONDS);
                if (key != null) {
                    key.pollEvents();
                    MonitoredTask task = byKey.get(key);
                    if (task != null) {
                        check(task);
                    }
                    key.reset();
                }
                if (System.nanoTime() >= nextSweep) {
                    tasks.values().forEach(this::sweep);
                    nextSweep = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("Exit watcher: {}", e.toString());
            }
        }
    }

    private void sweep(MonitoredTask task) {
        if (check(task)) {
            return;
        }
        if (ProcStat.isAlive(task.pid, task.startTime)) {
            suspect.remove(task.id);
        } else if (ProcStat.anyWithArgument(task.runDir.toString())) {
            // The task is gone but its monitor is not: on a full or read-only disk it keeps trying
            // to record the exit, which is then the real one.
            suspect.remove(task.id);
        } else if (suspect.putIfAbsent(task.id, Boolean.TRUE) != null) {
            finish(task, ExitResult.failed("the task's monitor ended without recording its exit"));
        }
    }

    /** Completes the task if its exit file is there; returns whether it was. */
    boolean check(MonitoredTask task) {
        try {
            String[] parts = Files.readString(task.runDir.resolve(EXIT_FILE)).trim().split(" ");
            int code = Integer.parseInt(parts[0]);
            int signal = Integer.parseInt(parts[1]);
            boolean oom = parts.length > 2 && parts[2].equals("1");
            finish(task, new ExitResult(code, signal, oom, ""));
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException | RuntimeException e) {
            finish(task, ExitResult.failed("unreadable exit file: " + e.getMessage()));
            return true;
        }
    }

    private void finish(MonitoredTask task, ExitResult result) {
        forget(task.id);
        task.exit.complete(result);
    }

    void forget(String id) {
        tasks.remove(id);
        suspect.remove(id);
        byKey.entrySet().removeIf(e -> {
            if (e.getValue().id.equals(id)) {
                e.getKey().cancel();
                return true;
            }
            return false;
        });
    }

    @Override
    public void close() {
        closed = true;
        try {
            watch.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        thread.interrupt();
    }
}
