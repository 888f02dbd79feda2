package org.drover.driver.process;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.drover.runner.api.driver.ExitResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread for every task of a driver: learns that a task's monitor has ended, at once, from a
 * connection to the monitor's socket, which the kernel closes when the monitor exits however it
 * exits. The monitor writes the task's exit before it ends; a monitor gone without one was killed,
 * and the task's remains are killed in turn (see {@link Remains}), as Nomad treats a lost executor.
 * Tasks without a connection (a monitor of an earlier version, a refused connection) are looked at
 * once a second instead. The agent's thread count does not grow with its tasks.
 */
final class ExitWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExitWatcher.class);
    static final String EXIT_FILE = "exit";
    /** Nomad's exit message when a task's executor is lost; what follows says what happened here. */
    static final String LOST = "executor: error waiting on process: ";
    private static final long SWEEP_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long IDLE_MILLIS = 1000;
    private static final long REAP_PASS_MILLIS = 20;
    /** How long a monitor that closed its connection may still show alive in /proc while it dies. */
    private static final long DYING_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Connections held at most: half the agent's open-file limit, so tasks never starve it of files. */
    private final int maxLinks = openFileLimit() / 2;
    private final Selector selector;
    /** Tasks not known to have ended. */
    private final Map<String, MonitoredTask> tasks = new ConcurrentHashMap<>();
    private final Map<String, SocketChannel> links = new ConcurrentHashMap<>();
    /** Tasks whose monitor closed its connection without an exit: until when /proc may show it dying. */
    private final Map<String, Long> closing = new ConcurrentHashMap<>();
    /** Tasks whose monitor is gone without an exit: their processes are being killed. */
    private final Map<String, Remains> reaping = new ConcurrentHashMap<>();
    private final Thread thread;
    /** Held while a connection registers and while the watcher closes. */
    private final Object registering = new Object();
    private volatile boolean closed;
    /** Guarded by {@link #registering}. */
    private boolean started;

    ExitWatcher(String name) throws IOException {
        this.selector = Selector.open();
        this.thread = new Thread(this::loop, name + "-exit-watcher");
        this.thread.setDaemon(true);
    }

    void watch(MonitoredTask task) {
        if (tasks.putIfAbsent(task.id, task) != null) {
            return; // watched already: one connection a run
        }
        startOnce();
        SocketChannel link = connect(task);
        if (link != null) {
            // A driver stopped as it recovers: a connection made as it closes is closed with it. The
            // selector must not be closed while a channel registers with it either (the JDK then
            // fails in both), hence the lock.
            synchronized (registering) {
                try {
                    if (closed || links.containsKey(task.id)) {
                        close(link);
                    } else {
                        link.register(selector, SelectionKey.OP_READ, task);
                        links.put(task.id, link);
                        selector.wakeup();
                    }
                } catch (IOException | RuntimeException e) {
                    close(link); // looked at once a second instead
                }
            }
        }
        // It may have ended before the connection: then the exit file is there, or its monitor is gone.
        if (!check(task) && !task.monitor.alive()) {
            lost(task);
        }
    }

    /**
     * The thread comes with the first task: a driver that runs nothing (most nodes use one or two of
     * the three process drivers) holds no thread for it, which the idle agent's memory (P8) counts.
     */
    private void startOnce() {
        synchronized (registering) {
            if (!started && !closed) {
                thread.start();
                started = true;
            }
        }
    }

    /**
     * The monitor's socket, reached through its working directory (its run dir): a run dir may be
     * longer than a socket address takes, and the address names the monitor's process itself.
     */
    private SocketChannel connect(MonitoredTask task) {
        if (closed || !task.listens || !task.monitor.known() || links.size() >= maxLinks) {
            return null;
        }
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.configureBlocking(false); // a monitor busy elsewhere must not hold up a driver call
            boolean connected = ch.connect(UnixDomainSocketAddress.of("/proc/" + task.monitor.pid() + "/cwd/sock"));
            if (connected && task.monitor.alive()) {
                return ch;
            }
        } catch (IOException | RuntimeException e) {
            // no socket, or its backlog is full: looked at once a second instead
        }
        close(ch);
        return null;
    }

    /** Whether the task's monitor is watched through its socket (else by looking, once a second). */
    boolean linked(String id) {
        return links.containsKey(id);
    }

    /**
     * The monitor is gone without a word: its task's remains are killed. Never while /proc shows the
     * monitor alive: what is killed then would be a task in good health.
     */
    void lost(MonitoredTask task) {
        if (closed || !tasks.containsKey(task.id) || task.monitor.alive()) {
            return;
        }
        if (reaping.putIfAbsent(task.id, new Remains(task)) == null) {
            LOG.warn("The monitor (pid {}) of task {} is gone without recording the task's exit;"
                    + " killing what is left of the task", task.monitor.pid(), task.id);
            selector.wakeup();
        }
    }

    private void loop() {
        long nextSweep = System.nanoTime() + SWEEP_NANOS;
        while (!closed) {
            try {
                boolean eager = !closing.isEmpty() || reaping.values().stream().anyMatch(Remains::eager);
                selector.select(eager ? REAP_PASS_MILLIS : IDLE_MILLIS);
                if (closed) {
                    return; // what closing the driver closed is no monitor's end
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    onReadable(key);
                }
                selector.selectedKeys().clear();
                closing.keySet().forEach(this::onClosing);
                if (!reaping.isEmpty()) {
                    reap();
                }
                if (System.nanoTime() >= nextSweep) {
                    tasks.values().stream().filter(t -> !links.containsKey(t.id) && !closing.containsKey(t.id))
                            .forEach(this::sweep);
                    nextSweep = System.nanoTime() + SWEEP_NANOS;
                }
            } catch (ClosedSelectorException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.warn("Exit watcher: {}", e.toString());
            }
        }
    }

    /**
     * Readable means the monitor's end closed: it ends only after writing the exit file, so closed
     * without one it is dying, though /proc shows it alive for a moment yet (the kernel closes a
     * process's files before it becomes a zombie). A monitor with too many connections says a word
     * first ("busy") and lives on.
     */
    private void onReadable(SelectionKey key) {
        MonitoredTask task = (MonitoredTask) key.attachment();
        SocketChannel ch = (SocketChannel) key.channel();
        int read;
        try {
            read = ch.read(ByteBuffer.allocate(64));
        } catch (ClosedChannelException e) {
            return; // let go of here (destroyed, or the driver closing): no monitor's end
        } catch (IOException e) {
            read = -1; // reset: closed all the same
        }
        if (read == 0) {
            return;
        }
        key.cancel();
        close(ch);
        if (!links.remove(task.id, ch)) {
            return; // let go of meanwhile
        }
        if (read < 0 && !check(task)) {
            closing.put(task.id, System.nanoTime() + DYING_NANOS);
            onClosing(task.id);
        } // else turned away: looked at once a second
    }

    /** A closed connection's monitor: lost once /proc shows it gone; still alive after a while, looked at. */
    private void onClosing(String id) {
        MonitoredTask task = tasks.get(id);
        Long until = closing.get(id);
        if (task == null || until == null || check(task)) {
            closing.remove(id);
        } else if (!task.monitor.alive()) {
            closing.remove(id);
            lost(task);
        } else if (System.nanoTime() > until) {
            closing.remove(id); // it closed the connection and lives: once a second from now
        }
    }

    private void sweep(MonitoredTask task) {
        if (!reaping.containsKey(task.id) && !check(task) && !task.monitor.alive()) {
            // Its exit is written before it ends: read once more, now that it is known to be gone.
            if (!check(task)) {
                lost(task);
            }
        }
    }

    /** One pass over the lost tasks' remains; a task with none left has ended. */
    private void reap() {
        long now = System.nanoTime();
        if (closed || reaping.values().stream().noneMatch(r -> r.due(now))) {
            return;
        }
        Remains.Table table = Remains.Table.now();
        for (Remains remains : reaping.values()) {
            MonitoredTask task = remains.run;
            if (!tasks.containsKey(task.id) || !remains.due(now)) {
                continue;
            }
            if (remains.killOnce(table) > 0) {
                if (remains.passes() == Remains.EAGER_PASSES) {
                    LOG.warn("Task {}: processes {} outlive SIGKILL; its exit is reported once they are gone",
                            task.id, remains.alive());
                }
                continue;
            }
            remains.removeCgroups();
            String what = remains.killed() > 0 ? "died; its processes were killed"
                    : "died without recording the task's exit";
            LOG.info("Task {}: its monitor (pid {}) {}", task.id, task.monitor.pid(), what);
            // Nomad's exit for a lost executor: code 0 and the error, which makes it a failure.
            finish(task, new ExitResult(0, 0, false, LOST + "the task's monitor (pid " + task.monitor.pid() + ") "
                    + what));
        }
        reaping.keySet().removeIf(id -> !tasks.containsKey(id));
    }

    /** The live processes of a lost task whose remains are being killed, for a message. */
    List<Long> survivors(MonitoredTask task) {
        Remains remains = reaping.get(task.id);
        return (remains != null ? remains : new Remains(task)).alive();
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
        closing.remove(id);
        reaping.remove(id);
        SocketChannel link = links.remove(id);
        if (link != null) {
            close(link); // cancels its key; the selector lets go of it at its next wake-up
            selector.wakeup();
        }
    }

    /** This process's limit on open files (its soft limit), from /proc; 1024 if it cannot be read. */
    static int openFileLimit() {
        try {
            for (String line : Files.readAllLines(java.nio.file.Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? Integer.MAX_VALUE : (int) Math.min(Integer.MAX_VALUE,
                            Long.parseLong(soft));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the usual default
        }
        return 1024;
    }

    private static void close(SocketChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** Stops watching and lets go of every connection; the monitors and their tasks keep running. */
    @Override
    public void close() {
        closed = true;
        synchronized (registering) {
            links.values().forEach(ExitWatcher::close);
            links.clear();
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        thread.interrupt();
    }
}
