package org.drover.driver.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
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

/**
 * A monitor started with the signal state an agent may pass on (started from a script with
 * {@code &}, under a supervisor that ignores or blocks signals): every kill signal still reaches
 * the task, and the monitor still learns its task's exit (SIGCHLD ignored would hide it).
 */
class InheritedSignalsTest {

    static final String SIGNALS = "INT,QUIT,TERM,HUP,USR1,CHLD,PIPE";

    @TempDir
    Path tmp;

    ProcessSupervisor supervisor;

    @AfterEach
    void tearDown() {
        if (supervisor != null) {
            supervisor.close();
        }
    }

    /** The real monitor behind coreutils' env, which ignores and blocks signals before its exec. */
    Path monitorWithSignalsIgnoredAndBlocked() throws Exception {
        Path real = MonitorBinary.install(tmp.resolve("bin"));
        Path wrapper = tmp.resolve("monitor");
        Files.writeString(wrapper, "#!/bin/sh\nexec env --ignore-signal=" + SIGNALS + " --block-signal=" + SIGNALS
                + " " + real + " \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        return wrapper;
    }

    TaskConfig sleeper(int n) {
        Path allocDir = tmp.resolve("alloc");
        return new TaskConfig("alloc/t/" + n, "alloc", "job", "g", "t",
                Map.of(), Map.of("PATH", "/usr/bin:/bin"), Resources.DEFAULT, "", allocDir, allocDir.resolve("t"),
                allocDir.resolve("alloc/logs"), LogConfig.DEFAULT);
    }

    @Test
    void everyKillSignalReachesTheTaskAndItsExitIsRecorded() throws Exception {
        supervisor = new ProcessSupervisor("raw_exec", monitorWithSignalsIgnoredAndBlocked());
        Map<String, Integer> signals = Map.of("SIGINT", 2, "SIGTERM", 15, "SIGQUIT", 3, "SIGHUP", 1, "SIGUSR1", 10);
        int n = 0;
        for (Map.Entry<String, Integer> signal : signals.entrySet()) {
            TaskConfig config = sleeper(n++);
            TaskHandle h = supervisor.start(config, new Command(List.of("/bin/sleep", "300"), tmp), List.of(),
                    List.of());
            MonitoredTask run = MonitoredTask.decode(h.taskId(), h.version(), h.driverState());
            // The monitor keeps only its own settings: SIGHUP and SIGPIPE ignored, SIGCHLD blocked (it reads it).
            assertEquals(List.of("SigBlk:\t0000000000010000", "SigIgn:\t0000000000001001"), signalState(run.monitor),
                    "the monitor");
            assertEquals(List.of("SigBlk:\t0000000000000000", "SigIgn:\t0000000000000000"), signalState(run.task),
                    "the task: nothing blocked, nothing ignored");
            supervisor.stop(h.taskId(), Duration.ofSeconds(20), signal.getKey());
            assertEquals(ExitResult.signaled(signal.getValue()),
                    supervisor.await(h.taskId()).toCompletableFuture().get(60, TimeUnit.SECONDS), signal.getKey());
        }
    }

    static List<String> signalState(MonitoredTask.Proc p) throws Exception {
        return Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "status")).stream()
                .filter(l -> l.startsWith("SigBlk:") || l.startsWith("SigIgn:")).toList();
    }
}
