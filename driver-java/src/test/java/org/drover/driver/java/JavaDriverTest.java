package org.drover.driver.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.drover.driver.process.Cgroups;
import org.drover.runner.api.driver.ExitResult;
import org.drover.runner.api.driver.Fingerprint;
import org.drover.runner.api.driver.Health;
import org.drover.runner.api.alloc.TaskDir;
import org.drover.runner.api.driver.TaskConfig;
import org.drover.runner.api.driver.TaskConfigException;
import org.drover.runner.api.driver.TaskHandle;
import org.drover.runner.api.driver.TaskResourceUsage;
import org.drover.runner.api.model.LogConfig;
import org.drover.runner.api.model.Resources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The java driver on this host's JVM and cgroups (CI runs as root), running
 * the fixture program the build makes ({@code target/fixtures/echo.jar}).
 */
class JavaDriverTest {

    static final Path FIXTURE = Path.of("target/fixtures/echo.jar").toAbsolutePath();
    static final Path AGENT_JAVA_HOME = Path.of(System.getProperty("java.home"));
    static final String ECHO = "org.drover.fixture.app.Echo";

    @TempDir
    Path tmp;

    final List<JavaDriver> drivers = new java.util.ArrayList<>();
    final List<String> messages = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        drivers.forEach(JavaDriver::deactivate);
    }

    JavaDriver driver(Path javaHome) {
        JavaDriver d = new JavaDriver(tmp.resolve("bin"), "test", Path.of("/sys/fs/cgroup"), Cgroups.runningAsRoot(),
                Path.of("/etc/passwd"), null, javaHome);
        d.events = (id, message) -> messages.add(id + " " + message);
        drivers.add(d);
        return d;
    }

    JavaDriver driver() {
        JavaDriver d = driver(AGENT_JAVA_HOME);
        assertEquals(Health.HEALTHY, d.fingerprint().health(),
                "java must be usable on CI (root, cgroups): " + d.fingerprint().description());
        return d;
    }

    /** A task whose local/ holds the fixture jar, reachable by the task's user. */
    TaskConfig task(Map<String, Object> config, int memoryMb) throws Exception {
        TaskDir dirs = TaskDir.of(tmp.resolve("a1"), "t");
        dirs.create();
        Files.copy(FIXTURE, dirs.localDir().resolve("echo.jar"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        for (Path p = dirs.taskDir(); p.startsWith(tmp.getParent()); p = p.getParent()) {
            p.toFile().setExecutable(true, false);
        }
        return new TaskConfig("a1/t/" + System.nanoTime(), "a1", "job", "g", "t", config,
                Map.of("GREETING", "hello from the job", "PATH", "/usr/bin:/bin"), new Resources(500, memoryMb), "",
                dirs.allocDir(), dirs.taskDir(), dirs.logDir(), LogConfig.DEFAULT);
    }

    /** Polls with a deadline, never a fixed sleep. */
    static final class Poll {
        interface Check {
            boolean ok() throws Exception;
        }

        static void until(Check check) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!check.ok()) {
                assertTrue(System.nanoTime() < deadline, "condition not met within 30s");
                Thread.sleep(20);
            }
        }
    }

    static ExitResult exit(JavaDriver d, TaskHandle h) throws Exception {
        return d.waitTask(h.taskId()).toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    @Test
    void aJarRunsAsNobodyWithTheTaskEnvironmentBothStreamsAndItsExitCode() throws Exception {
        JavaDriver d = driver();
        TaskConfig config = task(Map.of("jar_path", "local/echo.jar",
                "args", List.of("--exit", "3", "first arg", "--cgroup")), 256);
        TaskHandle h = d.startTask(config);
        assertEquals(ExitResult.exited(3), exit(d, h));
        List<String> out = Files.readAllLines(config.stdoutFile(0));
        assertEquals(List.of("arg: first arg", "GREETING=hello from the job"), List.of(out.get(0), out.get(2)));
        assertTrue(out.get(1).startsWith("cgroup: ") && out.get(1).contains("/drover/"),
                "the JVM runs in the task's own cgroup: " + out.get(1));
        assertEquals(List.of("echo to stderr"), Files.readAllLines(config.stderrFile(0)));
        assertEquals("nobody", Files.getOwner(config.taskDir().resolve("local")).getName());
    }

    @Test
    void aClassRunsFromTheClassPathWithTheJvmOptionsBeforeIt() throws Exception {
        JavaDriver d = driver();
        TaskConfig config = task(Map.of("class", ECHO, "class_path", "local/echo.jar",
                "jvm_options", List.of("-Xmx48m", "-Dunused=1"), "args", List.of("--heap", "--env", "PATH")), 256);
        TaskHandle h = d.startTask(config);
        assertEquals(ExitResult.exited(0), exit(d, h));
        List<String> out = Files.readAllLines(config.stdoutFile(0));
        assertEquals("PATH=/usr/bin:/bin", out.get(1));
        assertTrue(heapMib(out) <= 48, "the job's -Xmx48m is kept: " + out);
        assertEquals(List.of(), messages, "the job chose its heap: the driver says nothing");
    }

    @Test
    void withAMemoryLimitAndNoHeapOptionTheHeapFitsTheLimitAndTheTaskIsTold() throws Exception {
        JavaDriver d = driver();
        TaskConfig config = task(Map.of("jar_path", "local/echo.jar", "args", List.of("--heap")), 256);
        TaskHandle h = d.startTask(config);
        assertEquals(ExitResult.exited(0), exit(d, h));
        long heap = heapMib(Files.readAllLines(config.stdoutFile(0)));
        assertTrue(heap > 128 && heap <= 192, "max heap " + heap + " MiB for a 256 MB limit");
        assertEquals(List.of(config.id() + " Set the JVM heap to -Xmx192m to fit the task's 256 MB memory limit"
                + " (jvm_options sets no heap size)"), messages);
    }

    static long heapMib(List<String> stdout) {
        return Long.parseLong(stdout.stream().filter(l -> l.startsWith("max heap MiB: ")).findFirst().orElseThrow()
                .substring("max heap MiB: ".length()));
    }

    @Test
    void aRunningJvmIsRecoveredByANewDriverInstanceWithItsStatsAndStopsOnSigterm() throws Exception {
        Path gate = tmp.resolve("gate");
        JavaDriver first = driver();
        TaskConfig config = task(Map.of("jar_path", "local/echo.jar",
                "args", List.of("--wait-for", gate.toString(), "--exit", "4")), 256);
        TaskHandle h = first.startTask(config);
        first.deactivate();

        JavaDriver second = driver();
        second.recoverTask(h);
        TaskResourceUsage usage = second.taskStats(h.taskId());
        assertTrue(usage.memoryRssBytes() > 10L * 1024 * 1024, "a JVM's memory is counted: " + usage);
        assertTrue(second.inspectTask(h.taskId()).running());
        // A JVM prints a thread dump on SIGQUIT and goes on: signals reach the JVM itself.
        second.signalTask(h.taskId(), "SIGQUIT");
        Poll.until(() -> Files.readString(config.stdoutFile(0)).contains("Full thread dump"));

        Files.writeString(gate, "go");
        assertEquals(ExitResult.exited(4), exit(second, h));
        assertTrue(Files.readAllLines(config.stdoutFile(0)).contains("gate opened"));

        TaskHandle stopped = second.startTask(task(Map.of("jar_path", "local/echo.jar",
                "args", List.of("--wait-for", tmp.resolve("never").toString())), 256));
        second.stopTask(stopped.taskId(), Duration.ofSeconds(10), "SIGTERM").toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
        assertEquals(ExitResult.signaled(15), exit(second, stopped), "the JVM ends on SIGTERM after its shutdown hooks");
    }

    @Test
    void theSchemaNeedsAJarOrAClassAndNamesBadKeys() {
        JavaDriver d = driver();
        assertEquals(List.of("driver java: one of the config keys \"jar_path\", \"class\" is required"),
                d.taskConfigSchema().validate("java", Map.of("args", List.of("x"))));
        assertEquals(List.of("driver java: config key \"jvm_options\" must be a list of strings, got \"-Xmx1g\" (string)"),
                d.taskConfigSchema().validate("java", Map.of("class", ECHO, "jvm_options", "-Xmx1g")));
    }

    @Test
    void aConfigThatCannotRunHereIsRefusedNamingTheField() throws Exception {
        JavaDriver d = driver();
        Map<String, Map<String, Object>> cases = new java.util.LinkedHashMap<>();
        cases.put("jar_path", Map.of("jar_path", "local/missing.jar"));
        cases.put("java_home", Map.of("class", ECHO, "java_home", "/opt/no-such-jdk"));
        cases.put("class_path", Map.of("jar_path", "local/echo.jar", "class_path", "local/lib.jar"));
        cases.put("jvm_options", Map.of("class", ECHO, "jvm_options", List.of("Xmx1g")));
        for (var c : cases.entrySet()) {
            TaskConfig config = task(c.getValue(), 256);
            TaskConfigException e = assertThrows(TaskConfigException.class, () -> d.startTask(config), c.getKey());
            assertEquals(c.getKey(), e.field());
            assertTrue(e.getMessage().startsWith(c.getKey() + ": "), e.getMessage());
            assertFalse(Files.exists(config.stdoutFile(0)), "nothing ran for " + c.getKey());
        }
        assertEquals("jar_path: no file \"local/missing.jar\" in the task directory " + tmp.resolve("a1/t"),
                assertThrows(TaskConfigException.class,
                        () -> d.startTask(task(Map.of("jar_path", "local/missing.jar"), 256))).getMessage());
    }

    @Test
    void theFingerprintDescribesTheJvmItWillUse() {
        Fingerprint f = driver().fingerprint();
        assertEquals(System.getProperty("java.version"), f.attributes().get("driver.java.version"));
        assertTrue(f.attributes().get("driver.java.runtime").contains(System.getProperty("java.runtime.version")),
                f.attributes().toString());
        assertTrue(f.attributes().get("driver.java.vm").contains(System.getProperty("java.vm.name")),
                f.attributes().toString());
        assertEquals(AGENT_JAVA_HOME.toString(), f.attributes().get("driver.java.home"));
    }

    @Test
    void aConfiguredJavaHomeIsUsedAndAMissingOneMakesTheDriverUnhealthyNamingTheSetting() throws Exception {
        Fingerprint missing = driver(tmp.resolve("no-jdk")).fingerprint();
        assertEquals(Health.UNHEALTHY, missing.health());
        assertTrue(missing.description().contains("set java_home of org.drover.driver.java"), missing.description());

        // Another JVM, as the driver's own: a fake Java home whose bin/java is a script.
        Path fake = tmp.resolve("fake-jdk");
        Files.createDirectories(fake.resolve("bin"));
        Path java = fake.resolve("bin/java");
        Files.writeString(java, "#!/bin/sh\n"
                + "if [ \"$1\" = -version ]; then echo 'openjdk version \"99.0.1\" 2099-01-01' >&2;"
                + " echo 'Fake Runtime (build 99)' >&2; echo 'Fake VM (build 99)' >&2; exit 0; fi\n"
                + "echo \"fake java $*\"\n");
        java.toFile().setExecutable(true, false);
        for (Path p = fake; p.startsWith(tmp.getParent()); p = p.getParent()) {
            p.toFile().setExecutable(true, false);
        }
        JavaDriver d = driver(fake);
        assertEquals(Map.of("driver.java.version", "99.0.1", "driver.java.runtime", "Fake Runtime (build 99)",
                "driver.java.vm", "Fake VM (build 99)"), subset(d.fingerprint().attributes()));
        TaskConfig config = task(Map.of("class", "Main", "jvm_options", List.of("-Xmx64m")), 256);
        assertEquals(ExitResult.exited(0), exit(d, d.startTask(config)));
        assertEquals(List.of("fake java -Xmx64m Main"), Files.readAllLines(config.stdoutFile(0)));
    }

    static Map<String, String> subset(Map<String, String> attributes) {
        Map<String, String> m = new HashMap<>();
        for (String k : List.of("driver.java.version", "driver.java.runtime", "driver.java.vm")) {
            m.put(k, attributes.get(k));
        }
        return m;
    }
}
