package org.drover.driver.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.drover.driver.process.MonitoredTask;
import org.drover.runner.api.driver.ExitResult;
import org.drover.runner.api.alloc.TaskDir;
import org.drover.runner.api.driver.TaskConfig;
import org.drover.runner.api.driver.TaskHandle;
import org.drover.runner.api.model.LogConfig;
import org.drover.runner.api.model.Resources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** raw_exec on real processes, each under its own monitor. */
class RawExecDriverTest {

    static final long TIMEOUT_SECONDS = 30;

    @TempDir
    Path tmp;

    final List<RawExecDriver> drivers = new ArrayList<>();
    int next;

    RawExecDriver driver() {
        RawExecDriver d = new RawExecDriver(tmp.resolve("bin"), "test");
        drivers.add(d);
        return d;
    }

    @AfterEach
    void tearDown() {
        drivers.forEach(RawExecDriver::deactivate);
    }

    TaskConfig task(String script, LogConfig logs) {
        String id = "alloc1/web/" + String.format("%08x", next++);
        TaskDir dirs = TaskDir.of(tmp.resolve("alloc1"), "web");
        return new TaskConfig(id, "alloc1", "job", "g", "web",
                Map.of("command", "/bin/sh", "args", List.of("-c", script)),
                Map.of("PATH", System.getenv("PATH"), "GREETING", "hello from drover"), Resources.DEFAULT, "",
                dirs.allocDir(), dirs.taskDir(), dirs.logDir(), logs);
    }

    TaskConfig task(String script) {
        return task(script, LogConfig.DEFAULT);
    }

    static ExitResult exit(RawExecDriver d, TaskHandle h) throws Exception {
        return d.waitTask(h.taskId()).toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void reportsTheRealExitCodeAndTheEnvironmentAndWorkingDirItGave() throws Exception {
        RawExecDriver d = driver();
        TaskConfig config = task("echo \"$GREETING\"; pwd; echo oops >&2; exit 7");
        assertTrue(d.fingerprint().health() == org.drover.runner.api.driver.Health.HEALTHY,
                d.fingerprint().description());
        TaskHandle h = d.startTask(config);
        assertEquals(new ExitResult(7, 0, false, ""), exit(d, h));
        assertEquals("hello from drover\n" + config.taskDir() + "\n", Files.readString(config.stdoutFile(0)));
        assertEquals("oops\n", Files.readString(config.stderrFile(0)));
    }

    @Test
    void theMonitorWritesNoLogWhereANamePlantedInTheLogDirPoints() throws Exception {
        RawExecDriver d = driver();
        TaskConfig config = task("echo out; echo err >&2");
        Files.createDirectories(config.logDir());
        Path secret = Files.writeString(tmp.resolve("secret"), "keep\n");
        // The monitor goes on at the highest index there is: each stream's is a planted name.
        Files.createSymbolicLink(config.logDir().resolve("web.stdout.3"), secret);
        Files.createLink(config.logDir().resolve("web.stderr.2"), secret);
        Path pipe = config.logDir().resolve("web.stdout.4");
        assertEquals(0, new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor());

        TaskHandle h = d.startTask(config);
        assertEquals(0, exit(d, h).exitCode());
        assertEquals("keep\n", Files.readString(secret));
        assertEquals("out\n", Files.readString(config.logDir().resolve("web.stdout.4")));
        assertTrue(Files.isRegularFile(config.logDir().resolve("web.stdout.4"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertEquals("err\n", Files.readString(config.logDir().resolve("web.stderr.2")));
        assertEquals(1, Files.getAttribute(config.logDir().resolve("web.stderr.2"), "unix:nlink"));
    }

    static TaskConfig inNetwork(TaskConfig c, String netns) {
        return new TaskConfig(c.id(), c.allocId(), c.jobName(), c.groupName(), c.taskName(), c.config(), c.env(),
                c.resources(), c.user(), c.allocDir(), c.taskDir(), c.logDir(), c.logs(), List.of(), List.of(),
                new org.drover.runner.api.driver.NetworkIsolation(netns, "eth0", "172.26.64.9", ""), null);
    }

    static int run(String... argv) throws Exception {
        return new ProcessBuilder(argv).inheritIO().start().waitFor();
    }

    @Test
    void aTaskOfAnAllocationsNamespaceRunsInItAndItsMonitorInTheHosts() throws Exception {
        String name = "drover-test-" + ProcessHandle.current().pid();
        assertEquals(0, run("ip", "netns", "add", name));
        try {
            RawExecDriver d = driver();
            TaskConfig config = inNetwork(task("readlink /proc/self/ns/net; readlink /proc/$PPID/ns/net;"
                    + " while [ ! -e gate ]; do sleep 0.05; done"), "/var/run/netns/" + name);
            TaskHandle h = d.startTask(config);
            Object inode = Files.getAttribute(Path.of("/var/run/netns", name), "unix:ino");
            // An exec into the task runs in its namespace too.
            assertEquals("net:[" + inode + "]\n", new String(d.execTask(h.taskId(),
                    List.of("readlink", "/proc/self/ns/net"), Duration.ofSeconds(10)).stdout(),
                    java.nio.charset.StandardCharsets.UTF_8));
            Files.writeString(config.taskDir().resolve("gate"), "go");
            assertEquals(0, exit(d, h).exitCode());
            String host = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
            assertEquals("net:[" + inode + "]\n" + host + "\n", Files.readString(config.stdoutFile(0)));
        } finally {
            run("ip", "netns", "delete", name);
        }
    }

    @Test
    void aNamespaceThatIsNotThereFailsTheStartSayingSo() {
        RawExecDriver d = driver();
        TaskConfig config = inNetwork(task("true"), "/var/run/netns/drover-none");
        assertEquals("cannot open network namespace /var/run/netns/drover-none: No such file or directory",
                assertThrows(org.drover.runner.api.driver.DriverException.class, () -> d.startTask(config))
                        .getMessage());
    }

    @Test
    void aTaskKilledBySignalReports128PlusTheSignal() throws Exception {
        RawExecDriver d = driver();
        TaskHandle h = d.startTask(task("kill -TERM $$"));
        assertEquals(new ExitResult(143, 15, false, ""), exit(d, h));
    }

    @Test
    void aTaskIgnoringTheStopSignalIsKilledAtTheTimeoutWithItsWholeTree() throws Exception {
        RawExecDriver d = driver();
        TaskHandle h = d.startTask(task("trap '' INT; sleep 300 & sleep 300 & wait"));
        long pid = Long.parseLong(d.inspectTask(h.taskId()).attributes().get("pid"));
        await(() -> children(pid).size() == 2);
        List<Long> tree = children(pid);

        long start = System.nanoTime();
        d.stopTask(h.taskId(), Duration.ofSeconds(1), "SIGINT").toCompletableFuture()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(900), "SIGINT was ignored: it waited");
        assertEquals(new ExitResult(137, 9, false, ""), exit(d, h));
        for (long child : tree) {
            assertFalse(Files.exists(Path.of("/proc", Long.toString(child))), "descendant " + child + " survived");
        }
    }

    @Test
    void aTaskSurvivesItsDriverAndIsRecoveredWithItsRealExitCode() throws Exception {
        RawExecDriver first = driver();
        Path gate = tmp.resolve("gate");
        TaskHandle h = first.startTask(task("while [ ! -e " + gate + " ]; do sleep 0.05; done; exit 7"));
        first.deactivate(); // the bundle stops: the task must not notice

        RawExecDriver second = driver();
        second.recoverTask(h);
        Files.writeString(gate, "go");
        assertEquals(new ExitResult(7, 0, false, ""), exit(second, h));
    }

    @Test
    void aStartTheAgentDidNotLiveToRecordIsAdoptedFromItsProvisionalHandle() throws Exception {
        RawExecDriver first = driver();
        Path gate = tmp.resolve("gate");
        TaskConfig config = task("while [ ! -e " + gate + " ]; do sleep 0.05; done; exit 9");
        first.startTask(config); // the agent dies before persisting this handle
        first.deactivate();

        RawExecDriver second = driver();
        TaskHandle provisional = TaskHandle.provisional("raw_exec", config);
        second.recoverTask(provisional);
        Files.writeString(gate, "go");
        assertEquals(ExitResult.exited(9), exit(second, provisional));

        TaskConfig neverStarted = task("exit 0");
        org.junit.jupiter.api.Assertions.assertThrows(org.drover.runner.api.driver.TaskNotFoundException.class,
                () -> second.recoverTask(TaskHandle.provisional("raw_exec", neverStarted)));
    }

    @Test
    void anExitWhileNoDriverWatchedIsRecoveredFromTheMonitorsRecord() throws Exception {
        RawExecDriver first = driver();
        TaskConfig config = task("sleep 0.2; exit 5");
        TaskHandle h = first.startTask(config);
        first.deactivate();
        Path runDir = state(h).runDir;
        await(() -> Files.exists(runDir.resolve("exit")));

        RawExecDriver second = driver();
        second.recoverTask(h);
        assertEquals(new ExitResult(5, 0, false, ""), exit(second, h));
    }

    @Test
    void logsRotateAtLineBoundariesKeepingMaxFiles() throws Exception {
        RawExecDriver d = driver();
        // 60,000 lines of 50 bytes: 3 MB through 1 MB files, at most 2 kept.
        TaskConfig config = task("i=0; while [ $i -lt 60000 ]; do printf '%049d\\n' $i; i=$((i+1)); done",
                new LogConfig(2, 1));
        TaskHandle h = d.startTask(config);
        assertEquals(ExitResult.exited(0), exit(d, h));
        List<Path> files;
        try (Stream<Path> s = Files.list(config.logDir())) {
            files = s.filter(p -> p.getFileName().toString().startsWith("web.stdout.")).sorted().toList();
        }
        assertEquals(List.of("web.stdout.1", "web.stdout.2"),
                files.stream().map(p -> p.getFileName().toString()).toList());
        long expected = 0;
        for (Path f : files) {
            String text = Files.readString(f);
            assertTrue(Files.size(f) <= 1024 * 1024, f + " is " + Files.size(f));
            assertTrue(text.endsWith("\n"), f + " ends inside a line");
            for (String line : text.split("\n")) {
                assertEquals(49, line.length(), "a line was split: " + line);
                if (expected > 0) {
                    assertEquals(expected, Long.parseLong(line), "lines lost or reordered");
                }
                expected = Long.parseLong(line) + 1;
            }
        }
        assertEquals(60000, expected, "the last line is the last one written");
    }

    @Test
    void threadsDoNotGrowWithTasks() throws Exception {
        RawExecDriver d = driver();
        TaskHandle warm = d.startTask(task("exit 0"));
        exit(d, warm);
        int before = Thread.activeCount();
        List<TaskHandle> handles = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            handles.add(d.startTask(task("sleep 300")));
        }
        int during = Thread.activeCount();
        for (TaskHandle h : handles) {
            d.stopTask(h.taskId(), Duration.ofSeconds(1), "SIGTERM");
        }
        for (TaskHandle h : handles) {
            assertEquals(ExitResult.signaled(15), exit(d, h));
        }
        assertTrue(during - before <= 3, "threads grew from " + before + " to " + during + " for 50 tasks");
    }

    @Test
    void signalsReachTheTaskOnDemand() throws Exception {
        RawExecDriver d = driver();
        Path ready = tmp.resolve("ready");
        TaskHandle h = d.startTask(task("trap 'exit 42' USR1; touch " + ready + "; while true; do sleep 0.05; done"));
        await(() -> Files.exists(ready));
        d.signalTask(h.taskId(), "SIGUSR1");
        assertEquals(ExitResult.exited(42), exit(d, h));
    }

    @Test
    void aReusedPidIsNotMistakenForTheTask() throws Exception {
        RawExecDriver first = driver();
        TaskHandle h = first.startTask(task("sleep 300"));
        MonitoredTask real = state(h);
        first.deactivate();
        // Another run naming the same pids with other start times: what runs there now is not its,
        // so its monitor is gone without an exit, and nothing of it is left to kill.
        Path staleRun = Files.createDirectories(real.runDir.resolveSibling("stale"));
        MonitoredTask impostor = new MonitoredTask(real.id, staleRun,
                new MonitoredTask.Proc(real.task.pid(), real.task.start() + 1),
                new MonitoredTask.Proc(real.monitor.pid(), real.monitor.start() + 1), bootId(), List.of(), true);
        TaskHandle stale = new TaskHandle(h.version(), h.driver(), h.config(), impostor.encode());
        RawExecDriver second = driver();
        second.recoverTask(stale);
        assertEquals(new ExitResult(0, 0, false, "executor: error waiting on process: the task's monitor (pid "
                + real.monitor.pid() + ") died without recording the task's exit"), exit(second, stale));
        assertTrue(alive(real.task) && alive(real.monitor), "the processes at those pids are not touched");

        RawExecDriver third = driver();
        third.recoverTask(h);
        third.stopTask(h.taskId(), Duration.ofSeconds(1), "SIGTERM");
        assertEquals(ExitResult.signaled(15), exit(third, h));
    }

    static MonitoredTask state(TaskHandle h) {
        return MonitoredTask.decode(h.taskId(), h.version(), h.driverState());
    }

    static String bootId() throws IOException {
        return Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim();
    }

    /** Whether the process lives (a zombie has died) and is the one that started then. */
    static boolean alive(MonitoredTask.Proc p) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return !f[0].equals("Z") && Long.parseLong(f[19]) == p.start();
        } catch (IOException e) {
            return false;
        }
    }

    /** Every process below {@code pid} now, with its start time. */
    static List<MonitoredTask.Proc> tree(long pid) {
        List<MonitoredTask.Proc> all = new ArrayList<>();
        for (long child : children(pid)) {
            start(child).ifPresent(start -> all.add(new MonitoredTask.Proc(child, start)));
            all.addAll(tree(child));
        }
        return all;
    }

    static java.util.OptionalLong start(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return java.util.OptionalLong.of(Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19]));
        } catch (IOException e) {
            return java.util.OptionalLong.empty();
        }
    }

    static void killMonitor(TaskHandle h) {
        assertTrue(ProcessHandle.of(state(h).monitor.pid()).orElseThrow().destroyForcibly(), "kill -9 of the monitor");
    }

    static ExitResult lost(MonitoredTask run, String what) {
        return new ExitResult(0, 0, false, "executor: error waiting on process: the task's monitor (pid "
                + run.monitor.pid() + ") " + what);
    }

    /** Checked the moment the exit is reported: it is reported only once nothing of the run lives. */
    static void assertAllGone(List<MonitoredTask.Proc> processes) {
        List<MonitoredTask.Proc> alive = processes.stream().filter(RawExecDriverTest::alive).toList();
        assertTrue(alive.isEmpty(), "survived: " + alive + " of " + processes);
    }

    @Test
    void outputWrittenWhileNoDriverWatchesIsNotLost() throws Exception {
        RawExecDriver first = driver();
        Path gate = tmp.resolve("gate");
        TaskConfig config = task("i=0; while [ ! -e " + gate + " ]; do echo $i; i=$((i+1)); sleep 0.01; done; echo $i");
        TaskHandle h = first.startTask(config);
        await(() -> lines(config.stdoutFile(0)) > 5);
        first.deactivate();
        int whileDown = lines(config.stdoutFile(0));
        await(() -> lines(config.stdoutFile(0)) > whileDown + 5); // the task wrote on, unwatched
        RawExecDriver second = driver();
        second.recoverTask(h);
        Files.writeString(gate, "go");
        assertEquals(ExitResult.exited(0), exit(second, h));
        List<String> out = Files.readAllLines(config.stdoutFile(0));
        for (int i = 0; i < out.size(); i++) {
            assertEquals(Integer.toString(i), out.get(i), "line " + i);
        }
    }

    @Test
    void statsReportTheWholeGroupsMemoryAndCpu() throws Exception {
        RawExecDriver d = driver();
        TaskHandle h = d.startTask(task("while true; do :; done & while true; do :; done & wait"));
        long pid = Long.parseLong(d.inspectTask(h.taskId()).attributes().get("pid"));
        await(() -> children(pid).size() == 2);
        d.taskStats(h.taskId());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        var usage = d.taskStats(h.taskId());
        while (usage.cpuPercent() < 50 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(600); // a sampling interval, not a synchronisation
            usage = d.taskStats(h.taskId());
        }
        assertTrue(usage.cpuPercent() >= 50, "two busy loops use at least half a core: " + usage);
        assertTrue(usage.memoryRssBytes() > 3 * 4096, "three shells are resident: " + usage);
        d.stopTask(h.taskId(), Duration.ofSeconds(1), "SIGKILL");
        exit(d, h);
    }

    /**
     * What a task leaves when its monitor is killed: a child in its group, one in a session of its own,
     * an orphan (reparented to the monitor), all ignoring SIGTERM.
     */
    static final String TREE = "trap '' TERM; sleep 300 & setsid sleep 300 & (sleep 300 &); touch ready; wait";
    static final int TREE_SIZE = 4; // the shell and its three sleeps

    List<MonitoredTask.Proc> startedTree(RawExecDriver d, TaskHandle h) throws InterruptedException {
        long monitor = state(h).monitor.pid();
        Path ready = h.config().taskDir().resolve("ready");
        await(() -> Files.exists(ready) && tree(monitor).size() == TREE_SIZE);
        return tree(monitor);
    }

    TaskConfig treeTask() {
        return task(TREE);
    }

    /** A tree task whose monitor was killed while no driver watched it: the agent was down. */
    record Unwatched(TaskHandle handle, List<MonitoredTask.Proc> tree) {
    }

    Unwatched monitorKilledWhileUnwatched(TaskConfig config) throws Exception {
        RawExecDriver first = driver();
        TaskHandle h = first.startTask(config);
        List<MonitoredTask.Proc> tree = startedTree(first, h);
        first.deactivate();
        killMonitor(h);
        return new Unwatched(h, tree);
    }

    @Test
    void aKilledMonitorIsNoticedAndTheTasksWholeTreeIsKilledBeforeTheLossIsReported() throws Exception {
        RawExecDriver d = driver();
        TaskHandle h = d.startTask(treeTask());
        List<MonitoredTask.Proc> tree = startedTree(d, h);
        killMonitor(h);
        assertEquals(lost(state(h), "died; its processes were killed"), exit(d, h));
        assertAllGone(tree);
        d.destroyTask(h, false);
        assertFalse(Files.exists(state(h).runDir));
    }

    @Test
    void aStopOfATaskWhoseMonitorIsGoneCompletes() throws Exception {
        RawExecDriver d = driver();
        TaskHandle h = d.startTask(treeTask());
        List<MonitoredTask.Proc> tree = startedTree(d, h);
        killMonitor(h);
        d.stopTask(h.taskId(), Duration.ofMinutes(5), "SIGINT").toCompletableFuture()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertAllGone(tree);
        assertEquals(lost(state(h), "died; its processes were killed"), exit(d, h));
    }

    @Test
    void aMonitorKilledWhileNoDriverWatchedIsFoundAtRecoveryItsTreeKilledAndTheLossReported() throws Exception {
        Unwatched killed = monitorKilledWhileUnwatched(treeTask());
        TaskHandle h = killed.handle();
        RawExecDriver second = driver();
        second.recoverTask(h);
        assertEquals(lost(state(h), "died; its processes were killed"), exit(second, h));
        assertAllGone(killed.tree());
    }

    @Test
    void aStartTheAgentDidNotRecordWhoseMonitorThenDiedIsFoundFromItsRunDirAndItsTreeKilled() throws Exception {
        TaskConfig config = treeTask();
        Unwatched killed = monitorKilledWhileUnwatched(config); // the agent died before persisting its handle
        RawExecDriver second = driver();
        TaskHandle provisional = TaskHandle.provisional("raw_exec", config);
        second.recoverTask(provisional);
        assertEquals(lost(state(killed.handle()), "died; its processes were killed"), exit(second, provisional));
        assertAllGone(killed.tree());
    }

    @Test
    void aFreshInstanceDestroysARunWhoseMonitorIsGoneKillingItsTree() throws Exception {
        Unwatched killed = monitorKilledWhileUnwatched(treeTask());
        TaskHandle h = killed.handle();
        RawExecDriver second = driver();
        second.destroyTask(h, true);
        assertAllGone(killed.tree());
        assertFalse(Files.exists(state(h).runDir), "its run dir is gone");
        second.destroyTask(h, true); // destroyed again: nothing to do
        assertThrows(org.drover.runner.api.driver.TaskNotFoundException.class, () -> second.recoverTask(h));
    }

    @Test
    void aVersion1HandleIsReadItsMonitorFoundAndWatched() throws Exception {
        RawExecDriver first = driver();
        TaskHandle h = first.startTask(treeTask());
        List<MonitoredTask.Proc> tree = startedTree(first, h);
        first.deactivate();
        MonitoredTask run = state(h);
        String v1 = run.runDir + "\n" + run.task.pid() + "\n" + run.task.start() + "\n";
        TaskHandle old = new TaskHandle(1, h.driver(), h.config(), v1.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        RawExecDriver second = driver();
        second.recoverTask(old);
        assertEquals(Long.toString(run.monitor.pid()), second.inspectTask(h.taskId()).attributes().get("monitor_pid"),
                "the task's parent is its monitor");
        killMonitor(h); // a version 1 monitor has no socket: found by looking
        assertEquals(lost(run, "died; its processes were killed"), exit(second, old));
        assertAllGone(tree);
    }

    @Test
    void closingADriverNeverTakesItsTasksForDead() throws Exception {
        // Closing lets go of every monitor's connection: the watcher must not read that as the monitors' end.
        RawExecDriver first = driver();
        List<TaskHandle> handles = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            handles.add(first.startTask(task("sleep 300")));
        }
        first.deactivate();
        for (int cycle = 0; cycle < 20; cycle++) {
            RawExecDriver d = driver();
            handles.forEach(d::recoverTask);
            d.deactivate();
        }
        for (TaskHandle h : handles) {
            assertTrue(alive(state(h).task) && alive(state(h).monitor), h.taskId() + " was killed");
        }
        RawExecDriver last = driver();
        for (TaskHandle h : handles) {
            last.recoverTask(h);
            last.stopTask(h.taskId(), Duration.ofSeconds(5), "SIGTERM");
        }
        for (TaskHandle h : handles) {
            assertEquals(ExitResult.signaled(15), exit(last, h));
        }
    }

    @Test
    void everyKillSignalReachesATaskStartedByTheJvm() throws Exception {
        // The JVM's threads block SIGQUIT, and a child keeps a blocked signal across exec; a shell
        // would unblock it for itself, so the task is no shell.
        RawExecDriver d = driver();
        Map<String, Integer> signals = Map.of("SIGINT", 2, "SIGTERM", 15, "SIGQUIT", 3, "SIGHUP", 1, "SIGUSR1", 10);
        for (Map.Entry<String, Integer> signal : signals.entrySet()) {
            TaskConfig shell = task("");
            TaskConfig config = new TaskConfig(shell.id(), shell.allocId(), shell.jobName(), shell.groupName(),
                    shell.taskName(), Map.of("command", "/bin/sleep", "args", List.of("300")), shell.env(),
                    shell.resources(), shell.user(), shell.allocDir(), shell.taskDir(), shell.logDir(), shell.logs());
            TaskHandle h = d.startTask(config);
            List<String> status = Files.readAllLines(Path.of("/proc", Long.toString(state(h).task.pid()), "status"))
                    .stream().filter(l -> l.startsWith("SigBlk:") || l.startsWith("SigIgn:")).toList();
            assertEquals(List.of("SigBlk:\t0000000000000000", "SigIgn:\t0000000000000000"), status,
                    "nothing blocked, nothing ignored");
            d.stopTask(h.taskId(), Duration.ofSeconds(20), signal.getKey());
            assertEquals(ExitResult.signaled(signal.getValue()), exit(d, h), signal.getKey());
        }
    }

    static int lines(Path file) {
        try {
            return Files.readAllLines(file).size();
        } catch (IOException e) {
            return 0;
        }
    }

    @Test
    void destroyRefusesARunningTaskUnlessForcedAndThenLeavesNothing() throws Exception {
        RawExecDriver d = driver();
        TaskHandle h = d.startTask(task("sleep 300 & wait"));
        long pid = Long.parseLong(d.inspectTask(h.taskId()).attributes().get("pid"));
        await(() -> children(pid).size() == 1);
        long child = children(pid).get(0);
        org.junit.jupiter.api.Assertions.assertThrows(org.drover.runner.api.driver.DriverException.class,
                () -> d.destroyTask(h, false));
        d.destroyTask(h, true);
        assertFalse(Files.exists(Path.of("/proc", Long.toString(pid))), "the task is gone");
        await(() -> !Files.exists(Path.of("/proc", Long.toString(child))));
        assertFalse(Files.exists(state(h).runDir), "its run dir is gone");
        org.junit.jupiter.api.Assertions.assertThrows(org.drover.runner.api.driver.TaskNotFoundException.class,
                () -> d.inspectTask(h.taskId()));
    }

    static List<Long> children(long pid) {
        try {
            String text = Files.readString(Path.of("/proc", Long.toString(pid), "task", Long.toString(pid), "children"));
            return Stream.of(text.trim().split(" ")).filter(s -> !s.isEmpty()).map(Long::parseLong).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met in time");
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }
}
