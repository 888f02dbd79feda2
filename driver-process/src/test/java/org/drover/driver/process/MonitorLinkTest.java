package org.drover.driver.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.drover.runner.api.driver.ExitResult;
import org.drover.runner.api.driver.TaskConfig;
import org.drover.runner.api.driver.TaskHandle;
import org.drover.runner.api.model.LogConfig;
import org.drover.runner.api.model.Resources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connection to a monitor: one it turns away (all its places taken) never makes its task look dead. */
class MonitorLinkTest {

    @TempDir
    Path tmp;

    final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    ProcessSupervisor supervisor() throws Exception {
        ProcessSupervisor s = new ProcessSupervisor("raw_exec", MonitorBinary.install(tmp.resolve("bin")));
        open.add(s);
        return s;
    }

    TaskConfig sleeper(int n) {
        Path allocDir = tmp.resolve("alloc");
        return new TaskConfig("alloc/t/" + n, "alloc", "job", "g", "t", Map.of(), Map.of(), Resources.DEFAULT, "",
                allocDir, allocDir.resolve("t"), allocDir.resolve("alloc/logs"), LogConfig.DEFAULT);
    }

    /** Takes the monitor's places left after its first supervisor's: 16 in all. */
    void takeEveryPlace(MonitoredTask run) throws Exception {
        for (int i = 1; i < 16; i++) {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of("/proc/" + run.monitor.pid() + "/cwd/sock"));
            open.add(ch);
        }
    }

    @Test
    void aMonitorWithEveryPlaceTakenIsWatchedByLookingAndNeverTakenForDead() throws Exception {
        ProcessSupervisor first = supervisor();
        List<TaskHandle> handles = new ArrayList<>();
        for (int n = 1; n <= 2; n++) {
            TaskHandle h = first.start(sleeper(n), new Command(List.of("/bin/sleep", "300"), tmp), List.of(),
                    List.of());
            handles.add(h);
            takeEveryPlace(MonitoredTask.decode(h.taskId(), h.version(), h.driverState()));
        }
        TaskHandle stopped = handles.get(0);
        TaskHandle killed = handles.get(1);

        ProcessSupervisor second = supervisor();
        for (TaskHandle h : handles) {
            second.recover(h);
            await(() -> !second.linked(h.taskId())); // turned away
        }
        // Taken for dead, its tree would be killed and the loss reported instead of its own exit.
        second.stop(stopped.taskId(), java.time.Duration.ofSeconds(20), "SIGTERM");
        assertEquals(ExitResult.signaled(15), second.await(stopped.taskId()).toCompletableFuture()
                .get(30, TimeUnit.SECONDS));

        MonitoredTask run = MonitoredTask.decode(killed.taskId(), killed.version(), killed.driverState());
        assertTrue(ProcessHandle.of(run.monitor.pid()).orElseThrow().destroyForcibly());
        ExitResult lost = second.await(killed.taskId()).toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertTrue(lost.error().startsWith("executor: error waiting on process: the task's monitor (pid "
                + run.monitor.pid() + ") died"), "noticed by looking: " + lost);
        assertFalse(run.task.alive());
    }

    /**
     * A driver stopped while it recovers its tasks (a bundle stopped as the runner re-attaches): a
     * connection made as the watcher closes is closed with it, never left open by a closed driver.
     */
    @Test
    void aConnectionMadeAsTheDriverClosesIsClosedWithIt() throws Exception {
        ProcessSupervisor first = supervisor();
        TaskHandle h = first.start(sleeper(1), new Command(List.of("/bin/sleep", "300"), tmp), List.of(), List.of());
        first.close();
        long before = sockets();
        java.util.Random random = new java.util.Random();
        for (int i = 0; i < 300; i++) {
            ProcessSupervisor s = new ProcessSupervisor("raw_exec", MonitorBinary.install(tmp.resolve("bin")));
            java.util.concurrent.CyclicBarrier both = new java.util.concurrent.CyclicBarrier(2);
            Thread recovering = new Thread(() -> {
                try {
                    both.await();
                    s.recover(h);
                } catch (Exception | Error e) {
                    // closed first: refused, which is what a stopping driver does
                }
            });
            recovering.start();
            both.await();
            // Where the close falls in the recovery, drawn at random: fault injection, not a wait.
            java.util.concurrent.locks.LockSupport.parkNanos(random.nextInt(2_000_000));
            s.close();
            recovering.join();
        }
        // The selector lets go of a closed channel's descriptor when it is closed itself.
        await(() -> sockets() <= before);
        assertEquals(before, sockets(), "sockets left open by closed drivers");
        ProcessSupervisor last = supervisor();
        last.recover(h);
        last.stop(h.taskId(), java.time.Duration.ofSeconds(20), "SIGKILL");
        assertEquals(ExitResult.signaled(9), last.await(h.taskId()).toCompletableFuture().get(30, TimeUnit.SECONDS));
    }

    /**
     * Recovers of one run at once (a retry while a slow first call is still under way): one
     * connection to its monitor, let go of with the driver, and the run's exit reaches every waiter.
     */
    @Test
    void recoversOfOneRunAtOnceWatchItOnce() throws Exception {
        ProcessSupervisor first = supervisor();
        TaskHandle h = first.start(sleeper(1), new Command(List.of("/bin/sleep", "300"), tmp), List.of(), List.of());
        first.close();
        long before = sockets();
        for (int round = 0; round < 50; round++) {
            ProcessSupervisor s = new ProcessSupervisor("raw_exec", MonitorBinary.install(tmp.resolve("bin")));
            List<java.util.concurrent.CompletableFuture<ExitResult>> waits = recoverAtOnce(s, h, 8);
            assertTrue(s.linked(h.taskId()));
            if (round < 49) {
                s.close();
                continue;
            }
            open.add(s);
            assertEquals(before + 1, sockets(), "one connection to the run's monitor");
            s.stop(h.taskId(), java.time.Duration.ofSeconds(20), "SIGKILL");
            for (var w : waits) {
                assertEquals(ExitResult.signaled(9), w.get(30, TimeUnit.SECONDS));
            }
        }
    }

    static List<java.util.concurrent.CompletableFuture<ExitResult>> recoverAtOnce(ProcessSupervisor s, TaskHandle h,
            int callers) throws InterruptedException {
        java.util.concurrent.CyclicBarrier all = new java.util.concurrent.CyclicBarrier(callers);
        List<java.util.concurrent.CompletableFuture<ExitResult>> waits =
                new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            Thread t = new Thread(() -> {
                try {
                    all.await();
                    s.recover(h);
                    waits.add(s.await(h.taskId()).toCompletableFuture());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(callers, waits.size(), "every recover returned");
        return waits;
    }

    /** This JVM's open sockets. */
    static long sockets() {
        try (java.util.stream.Stream<Path> fds = java.nio.file.Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return java.nio.file.Files.readSymbolicLink(fd).toString().startsWith("socket:");
                } catch (java.io.IOException e) {
                    return false;
                }
            }).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met in time");
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }
}
