package org.drover.driver.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.drover.driver.process.Cgroups;
import org.drover.driver.process.MonitoredTask;
import org.drover.runner.api.driver.DriverException;
import org.drover.runner.api.driver.ExitResult;
import org.drover.runner.api.driver.Health;
import org.drover.runner.api.alloc.TaskDir;
import org.drover.runner.api.driver.TaskConfig;
import org.drover.runner.api.driver.TaskHandle;
import org.drover.runner.api.model.LogConfig;
import org.drover.runner.api.model.Resources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** exec on this host's real cgroups (CI runs as root), and its refusal where it cannot isolate. */
class ExecDriverTest {

    @TempDir
    Path tmp;

    ExecDriver driver;

    @AfterEach
    void tearDown() {
        if (driver != null) {
            driver.deactivate();
        }
    }

    ExecDriver hostDriver() {
        tmp.toFile().setExecutable(true, false); // the allocations' root, which nobody must enter
        driver = new ExecDriver(tmp.resolve("bin"), "test", Path.of("/sys/fs/cgroup"), Cgroups.runningAsRoot(),
                Path.of("/etc/passwd"), tmp);
        assertEquals(Health.HEALTHY, driver.fingerprint().health(),
                "exec must be usable on CI (root, cgroups): " + driver.fingerprint().description());
        return driver;
    }

    TaskConfig task(String script, int memoryMb) throws Exception {
        TaskDir dirs = TaskDir.of(tmp.resolve("a1"), "t");
        dirs.create();
        // The task's user must be able to reach its directory.
        for (Path p = dirs.taskDir(); p.startsWith(tmp.getParent()); p = p.getParent()) {
            p.toFile().setExecutable(true, false);
        }
        return new TaskConfig("a1/t/" + System.nanoTime(), "a1", "job", "g", "t",
                Map.of("command", "/bin/sh", "args", List.of("-c", script)), Map.of("PATH", "/usr/bin:/bin"),
                new Resources(250, memoryMb), "", dirs.allocDir(), dirs.taskDir(), dirs.logDir(), LogConfig.DEFAULT);
    }

    static ExitResult exit(ExecDriver d, TaskHandle h) throws Exception {
        return d.waitTask(h.taskId()).toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    @Test
    void runsAsNobodyInsideItsOwnLimitedCgroup() throws Exception {
        ExecDriver d = hostDriver();
        TaskConfig config = task("id -u; cat /proc/self/cgroup; touch $PWD/local/mine && echo wrote", 64);
        TaskHandle h = d.startTask(config);
        assertEquals(ExitResult.exited(0), exit(d, h));
        List<String> out = Files.readAllLines(config.stdoutFile(0));
        assertEquals("65534", out.get(0), "the default user is nobody");
        assertTrue(out.stream().anyMatch(l -> l.contains("memory") && l.contains("/drover/")), out.toString());
        assertEquals("wrote", out.get(out.size() - 1), "the task owns its local/ dir");
        assertEquals("nobody", Files.getOwner(config.taskDir().resolve("secrets")).getName(),
                "its secrets are the task user's, not the agent's");
    }

    @Test
    void aTaskCannotReadSecretsItDoesNotOwn() throws Exception {
        ExecDriver d = hostDriver();
        Path other = tmp.resolve("a2/t/secrets");
        Files.createDirectories(other);
        Files.writeString(other.resolve("token"), "theirs");
        Files.setPosixFilePermissions(other, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        for (Path p = other.getParent(); p.startsWith(tmp.getParent()); p = p.getParent()) {
            p.toFile().setExecutable(true, false);
        }
        TaskConfig config = task("cat " + other.resolve("token") + " || echo refused", 64);
        assertEquals(ExitResult.exited(0), exit(d, d.startTask(config)));
        List<String> out = Files.readAllLines(config.stdoutFile(0));
        assertEquals(List.of("refused"), out, "another allocation's secrets (0700, root's) stay closed to nobody");
    }

    @Test
    void aTaskOverItsMemoryLimitIsKilledAndReportedAsOom() throws Exception {
        ExecDriver d = hostDriver();
        // Doubles a string until it no longer fits in 32 MB.
        TaskHandle h = d.startTask(task("x=aaaaaaaaaaaaaaaa; while true; do x=$x$x; done", 32));
        assertEquals(new ExitResult(137, 9, true, ""), exit(d, h));
    }

    @Test
    void theMonitorStaysOutsideTheTasksCgroup() throws Exception {
        ExecDriver d = hostDriver();
        TaskConfig config = task("touch local/ready; sleep 300", 64);
        Path ready = config.taskDir().resolve("local/ready");
        TaskHandle h = d.startTask(config);
        RawExecDriverTest.await(() -> Files.exists(ready));
        long pid = Long.parseLong(d.inspectTask(h.taskId()).attributes().get("pid"));
        String monitorCgroup = Files.readString(Path.of("/proc", Long.toString(parentOf(pid)), "cgroup"));
        String taskCgroup = Files.readString(Path.of("/proc", Long.toString(pid), "cgroup"));
        assertTrue(taskCgroup.contains("/drover/"), taskCgroup);
        assertTrue(!monitorCgroup.contains("/drover/"), "the monitor does not count against the task: " + monitorCgroup);
        d.stopTask(h.taskId(), java.time.Duration.ofSeconds(1), "SIGTERM");
        assertEquals(ExitResult.signaled(15), exit(d, h));
    }

    @Test
    void statsComeFromTheTasksCgroup() throws Exception {
        ExecDriver d = hostDriver();
        TaskConfig config = task("touch local/ready; while true; do :; done", 64);
        TaskHandle h = d.startTask(config);
        RawExecDriverTest.await(() -> Files.exists(config.taskDir().resolve("local/ready")));
        d.taskStats(h.taskId());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        var usage = d.taskStats(h.taskId());
        while (usage.cpuPercent() < 50 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(600); // a sampling interval, not a synchronisation
            usage = d.taskStats(h.taskId());
        }
        assertTrue(usage.cpuPercent() >= 50 && usage.cpuUserPercent() > 0, "a busy loop: " + usage);
        assertTrue(usage.memoryRssBytes() > 0, "the cgroup counts the task's memory: " + usage);
        d.destroyTask(h, true);
        assertThrows(org.drover.runner.api.driver.TaskNotFoundException.class, () -> d.inspectTask(h.taskId()));
    }

    @Test
    void aKilledMonitorsTaskIsKilledWithAllItsCgroupHoldsEvenADaemonThatLeftItsSessionAndParent() throws Exception {
        ExecDriver d = hostDriver();
        TaskConfig config = task("trap '' TERM; sleep 300 & (setsid sleep 300 &); touch local/ready; wait", 64);
        TaskHandle h = d.startTask(config);
        MonitoredTask run = RawExecDriverTest.state(h);
        List<Path> cgroups = Files.readAllLines(run.runDir.resolve("cgroup")).stream().map(Path::of).toList();
        RawExecDriverTest.await(() -> Files.exists(config.taskDir().resolve("local/ready")) && members(cgroups).size() == 3);
        List<MonitoredTask.Proc> members = members(cgroups);
        RawExecDriverTest.killMonitor(h);
        assertEquals(RawExecDriverTest.lost(run, "died; its processes were killed"), exit(d, h));
        RawExecDriverTest.assertAllGone(members);
        for (Path cgroup : cgroups) {
            assertTrue(!Files.exists(cgroup), "the task's cgroup is removed: " + cgroup);
        }
    }

    static List<MonitoredTask.Proc> members(List<Path> cgroups) {
        try {
            return Files.readAllLines(cgroups.get(0).resolve("cgroup.procs")).stream().map(Long::parseLong)
                    .flatMap(pid -> RawExecDriverTest.start(pid).stream().mapToObj(s -> new MonitoredTask.Proc(pid, s)))
                    .toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    @Test
    void withoutRootOrCgroupsItIsUnhealthyAndRefusesToStartSayingWhy() throws Exception {
        driver = new ExecDriver(tmp.resolve("bin"), "test", Path.of("/sys/fs/cgroup"), false, Path.of("/etc/passwd"),
                null);
        assertEquals(Health.UNHEALTHY, driver.fingerprint().health());
        assertTrue(driver.fingerprint().description().contains("root"), driver.fingerprint().description());
        DriverException e = assertThrows(DriverException.class, () -> driver.startTask(task("true", 64)));
        assertTrue(e.getMessage().contains("exec cannot run tasks here") && e.getMessage().contains("root"),
                e.getMessage());

        ExecDriver noCgroups = new ExecDriver(tmp.resolve("bin"), "test", tmp.resolve("no-cgroups"), true,
                Path.of("/etc/passwd"), null);
        assertEquals(Health.UNHEALTHY, noCgroups.fingerprint().health());
        assertTrue(noCgroups.fingerprint().description().contains("no usable cgroup"),
                noCgroups.fingerprint().description());
        noCgroups.deactivate();
    }

    @Test
    void aDataDirNobodyCannotEnterMakesTheDriverUnhealthyNamingTheDirectoryAndTheRemedy() throws Exception {
        tmp.toFile().setExecutable(true, false);
        Path locked = Files.createDirectories(tmp.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        Path allocRoot = locked.resolve("data/alloc");
        driver = new ExecDriver(tmp.resolve("bin"), "test", Path.of("/sys/fs/cgroup"), Cgroups.runningAsRoot(),
                Path.of("/etc/passwd"), allocRoot);
        assertEquals(Health.UNHEALTHY, driver.fingerprint().health());
        assertEquals("the task user nobody cannot enter " + locked + " (drwx------ root root) on the way to the"
                + " allocation dir " + allocRoot + ": chmod o+x " + locked + ", or use a data dir that nobody can reach",
                driver.fingerprint().description());

        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx-----x"));
        assertEquals(Health.HEALTHY, driver.fingerprint().health(), "looked at again: " + driver.fingerprint());
    }

    @Test
    void aTaskWhoseUserCannotReachItsDirectoryIsRefusedSayingWhichDirectoryAndTheRemedy() throws Exception {
        ExecDriver d = hostDriver();
        TaskConfig nobodys = task("true", 64);
        Path closed = nobodys.allocDir();
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
        TaskConfig config = new TaskConfig(nobodys.id(), nobodys.allocId(), nobodys.jobName(), nobodys.groupName(),
                nobodys.taskName(), nobodys.config(), nobodys.env(), nobodys.resources(), "daemon", nobodys.allocDir(),
                nobodys.taskDir(), nobodys.logDir(), nobodys.logs());
        DriverException e = assertThrows(DriverException.class, () -> d.startTask(config));
        assertEquals("the task user daemon cannot enter " + closed + " (drwx------ root root) on the way to the task"
                + " dir " + config.taskDir() + ": chmod o+x " + closed + ", or use a data dir that daemon can reach",
                e.getMessage());
    }

    static long parentOf(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
    }
}
