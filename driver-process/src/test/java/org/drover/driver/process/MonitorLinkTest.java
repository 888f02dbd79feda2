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

    static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met in time");
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }
}
