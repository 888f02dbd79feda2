package org.drover.driver.docker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.drover.driver.docker.engine.Engine;
import org.drover.runner.api.driver.DriverException;
import org.drover.runner.api.driver.ExecResult;
import org.drover.runner.api.driver.ExitResult;
import org.drover.runner.api.driver.Fingerprint;
import org.drover.runner.api.driver.Health;
import org.drover.runner.api.alloc.TaskDir;
import org.drover.runner.api.driver.TaskConfig;
import org.drover.runner.api.driver.TaskConfigException;
import org.drover.runner.api.driver.TaskHandle;
import org.drover.runner.api.driver.TaskNotFoundException;
import org.drover.runner.api.model.LogConfig;
import org.drover.runner.api.model.Resources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** The docker driver against a real Docker Engine and a local test image. */
class DockerDriverTest {

    static final String IMAGE = DockerEngineAvailable.IMAGE;

    @TempDir
    Path tmp;

    final String nodeId = "test-" + UUID.randomUUID();
    final List<DockerDriver> drivers = new ArrayList<>();
    final List<String> messages = new CopyOnWriteArrayList<>();
    ScheduledExecutorService timer;
    Engine engine;

    @BeforeEach
    void setUp() {
        DockerEngineAvailable.require();
        timer = Executors.newSingleThreadScheduledExecutor();
        engine = new Engine(DockerEngineAvailable.ENDPOINT, timer, Duration.ofSeconds(30));
    }

    @AfterEach
    void tearDown() throws Exception {
        drivers.forEach(DockerDriver::deactivate);
        if (engine != null) {
            for (JsonNode c : engine.containersLabelled(Labels.NODE + "=" + nodeId)) {
                engine.remove(c.path("Id").asText(), true);
            }
            timer.shutdownNow();
        }
    }

    DockerDriver driver(DockerSettings settings) {
        DockerDriver d = new DockerDriver("test", settings.withEndpoint(DockerEngineAvailable.ENDPOINT), nodeId);
        d.events = (id, message) -> messages.add(message);
        drivers.add(d);
        return d;
    }

    DockerDriver driver() {
        return driver(DockerSettings.defaults());
    }

    TaskConfig task(Map<String, Object> config, int memoryMb, LogConfig logs) throws Exception {
        TaskDir dirs = TaskDir.of(tmp.resolve("a1"), "t");
        dirs.create();
        return new TaskConfig("a1/t/" + Long.toHexString(System.nanoTime()), "a1", "job", "g", "t", config,
                Map.of("GREETING", "hello container", "NOMAD_TASK_DIR", "/local"), new Resources(100, memoryMb), "",
                dirs.allocDir(), dirs.taskDir(), dirs.logDir(), logs);
    }

    TaskConfig shell(String script) throws Exception {
        return task(Map.of("image", IMAGE, "command", "sh", "args", List.of("-c", script)), 64, LogConfig.DEFAULT);
    }

    static ExitResult exit(DockerDriver d, TaskHandle h) throws Exception {
        return d.waitTask(h.taskId()).toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    static void until(Poll.Check check) throws Exception {
        Poll.until(check);
    }

    @Test
    void aContainerRunsToItsExitCodeSeeingItsEnvAndTheAllocationDirectories() throws Exception {
        DockerDriver d = driver();
        TaskConfig config = shell("echo $GREETING; ls -d /alloc /local /secrets; echo written > /local/out;"
                + " echo shared > /alloc/shared; echo to stderr >&2; exit 5");
        TaskHandle h = d.startTask(config);
        assertEquals(new ExitResult(5, 0, false, ""), exit(d, h));
        until(() -> Files.readAllLines(config.stdoutFile(0)).size() == 4);
        assertEquals(List.of("hello container", "/alloc", "/local", "/secrets"),
                Files.readAllLines(config.stdoutFile(0)));
        assertEquals(List.of("to stderr"), Files.readAllLines(config.stderrFile(0)));
        assertEquals("written\n", Files.readString(config.taskDir().resolve("local/out")));
        assertEquals("shared\n", Files.readString(config.allocDir().resolve("alloc/shared")));

        JsonNode c = engine.inspect(DockerHandle.decode(h.driverState()).containerId()).orElseThrow();
        assertEquals(config.id(), c.path("Config").path("Labels").path(Labels.RUN).asText());
        assertEquals(nodeId, c.path("Config").path("Labels").path(Labels.NODE).asText());
        assertEquals(64L * 1024 * 1024, c.path("HostConfig").path("Memory").asLong());
    }

    @Test
    void aContainerCanReadItsLogsButPutNothingInTheirPlace() throws Exception {
        DockerDriver d = driver();
        // The driver makes the log file once the first line comes; until then a removal finds nothing.
        TaskConfig config = shell("echo first; while [ ! -s /alloc/logs/t.stdout.0 ]; do sleep 0.05; done; ln -s /etc/passwd /alloc/logs/t.stdout.1 2>/dev/null || echo no link;"
                + " mkfifo /alloc/logs/t.stderr.1 2>/dev/null || echo no pipe; rm -f /alloc/logs/t.stdout.0"
                + " 2>/dev/null || echo no removal; cat /alloc/logs/t.stdout.0 >/dev/null && echo readable; exit 0");
        TaskHandle h = d.startTask(config);
        assertEquals(0, exit(d, h).exitCode());
        Poll.until(() -> Files.readAllLines(config.stdoutFile(0)).size() == 5,
                () -> {
                    try {
                        return "five lines, stdout " + Files.readAllLines(config.stdoutFile(0)) + ", logs dir "
                                + listing(config.logDir());
                    } catch (java.io.IOException e) {
                        return "five lines, " + e;
                    }
                });
        assertEquals(List.of("first", "no link", "no pipe", "no removal", "readable"),
                Files.readAllLines(config.stdoutFile(0)));
        assertEquals(List.of("t.stderr.0", "t.stdout.0"), listing(config.logDir()));
    }

    static List<String> listing(Path dir) throws java.io.IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    @Test
    void aLineIsCopiedAsSoonAsItIsWrittenEvenWhenNothingFollowsIt() throws Exception {
        DockerDriver d = driver();
        TaskConfig config = shell("echo only line; sleep 600");
        TaskHandle h = d.startTask(config);
        until(() -> Files.exists(config.stdoutFile(0)) && Files.readAllLines(config.stdoutFile(0)).size() == 1);
        assertEquals(List.of("only line"), Files.readAllLines(config.stdoutFile(0)));
        d.destroyTask(h, true);
    }

    @Test
    void aContainerOverItsMemoryLimitIsReportedAsOom() throws Exception {
        DockerDriver d = driver();
        // tail keeps a line until it ends; /dev/zero never ends one.
        TaskConfig config = task(Map.of("image", IMAGE, "command", "sh", "args",
                List.of("-c", "head -c 200000000 /dev/zero | tail")), 32, LogConfig.DEFAULT);
        TaskHandle h = d.startTask(config);
        ExitResult result = exit(d, h);
        assertTrue(result.oomKilled(), "killed for memory: " + result);
        assertEquals(137, result.exitCode());
    }

    @Test
    void stopSendsTheSignalThenKillsAfterTheTimeout() throws Exception {
        DockerDriver d = driver();
        TaskHandle handles = d.startTask(shell("trap 'exit 3' INT; while :; do sleep 0.1; done"));
        until(() -> d.inspectTask(handles.taskId()).running());
        d.stopTask(handles.taskId(), Duration.ofSeconds(30), "SIGINT").toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertEquals(ExitResult.exited(3), exit(d, handles), "the task's own handler ran");

        // A task that ignores SIGINT is killed after kill_timeout.
        TaskHandle stubborn = d.startTask(shell("trap '' INT; while :; do sleep 0.1; done"));
        long start = System.nanoTime();
        d.stopTask(stubborn.taskId(), Duration.ofMillis(1500), "SIGINT").toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(1400), "it waited for kill_timeout");
        assertEquals(ExitResult.exited(137), exit(d, stubborn));
    }

    @Test
    void logsAreRotatedLikeEveryDriversWithNoLineLostOrRepeated() throws Exception {
        DockerDriver d = driver();
        TaskConfig config = task(Map.of("image", IMAGE, "command", "seq", "args", List.of("1", "400000")), 64,
                new LogConfig(3, 1));
        TaskHandle h = d.startTask(config);
        assertEquals(ExitResult.exited(0), exit(d, h));
        List<Integer> indexes = new ArrayList<>();
        try (var files = Files.list(config.logDir())) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("t.stdout."))
                    .forEach(n -> indexes.add(Integer.parseInt(n.substring("t.stdout.".length()))));
        }
        indexes.sort(null);
        assertEquals(3, indexes.size(), "max_files kept: " + indexes);
        List<String> lines = new ArrayList<>();
        for (int i : indexes) {
            Path f = config.stdoutFile(i);
            assertTrue(Files.size(f) <= 1024 * 1024, f + " is " + Files.size(f) + " bytes");
            lines.addAll(Files.readAllLines(f));
        }
        int first = Integer.parseInt(lines.get(0));
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(Integer.toString(first + i), lines.get(i), "line " + i + " of the kept files");
        }
        assertEquals("400000", lines.get(lines.size() - 1));
    }

    /** A container writing numbered lines until /local/gate exists, then "done". */
    TaskConfig counter() throws Exception {
        return shell("i=0; while [ ! -e /local/gate ]; do i=$((i+1)); echo line $i; sleep 0.01; done;"
                + " echo done; exit 4");
    }

    static int lastNumber(Path stdout) throws Exception {
        List<String> lines = Files.exists(stdout) ? Files.readAllLines(stdout) : List.of();
        return lines.isEmpty() ? 0 : Integer.parseInt(lines.get(lines.size() - 1).substring("line ".length()));
    }

    static void assertContinuous(Path stdout) throws Exception {
        List<String> lines = Files.readAllLines(stdout);
        assertEquals("done", lines.get(lines.size() - 1));
        for (int i = 0; i < lines.size() - 1; i++) {
            assertEquals("line " + (i + 1), lines.get(i), "no line lost, none repeated");
        }
    }

    /** How many lines the container has written so far, asked of the Engine. */
    int linesInEngine(TaskHandle h) throws Exception {
        String id = DockerHandle.decode(h.driverState()).containerId();
        try (Engine.Streaming s = engine.open("GET", "/containers/" + id + "/logs?stdout=true&tail=1", null,
                Duration.ofSeconds(10))) {
            org.drover.driver.docker.engine.Frames.Frame f =
                    new org.drover.driver.docker.engine.Frames(s.body()).next();
            String text = new String(f.payload(), StandardCharsets.UTF_8).trim();
            return Integer.parseInt(text.substring("line ".length()));
        }
    }

    @Test
    void aNewDriverInstanceReattachesAndResumesTheLogWhereItStopped() throws Exception {
        DockerDriver first = driver();
        TaskConfig config = counter();
        TaskHandle h = first.startTask(config);
        until(() -> lastNumber(config.stdoutFile(0)) >= 20);
        first.deactivate();
        int copied = lastNumber(config.stdoutFile(0));
        until(() -> linesInEngine(h) >= copied + 30); // the container goes on while no driver follows it

        DockerDriver second = driver();
        second.recoverTask(h);
        until(() -> lastNumber(config.stdoutFile(0)) >= copied + 30);
        Files.writeString(config.taskDir().resolve("local/gate"), "go");
        assertEquals(ExitResult.exited(4), exit(second, h));
        until(() -> Files.readAllLines(config.stdoutFile(0)).contains("done"));
        assertContinuous(config.stdoutFile(0));
    }

    /**
     * A driver deactivated while it recovers a task (a bundle stopped as the runner re-attaches):
     * the watch it made as it closed is closed with it, never left following beside a later driver.
     */
    @Test
    void aWatchMadeAsTheDriverDeactivatesIsClosedWithIt() throws Exception {
        DockerDriver first = driver();
        TaskHandle h = first.startTask(shell("while :; do sleep 0.1; done"));
        first.deactivate();
        String follower = "drover-docker-" + DockerHandle.decode(h.driverState()).containerId().substring(0, 12);
        java.util.Random random = new java.util.Random();
        for (int i = 0; i < 40; i++) {
            DockerDriver d = driver();
            java.util.concurrent.CyclicBarrier both = new java.util.concurrent.CyclicBarrier(2);
            Thread recovering = new Thread(() -> {
                try {
                    both.await();
                    d.recoverTask(h);
                } catch (Exception | Error e) {
                    // deactivated first: refused, which is what a stopping driver does
                }
            });
            recovering.start();
            both.await();
            // Where the deactivation falls in the recovery, drawn at random: fault injection, not a wait.
            java.util.concurrent.locks.LockSupport.parkNanos(random.nextInt(20_000_000));
            d.deactivate();
            recovering.join();
        }
        until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && t.getName().equals(follower)));
        DockerDriver last = driver();
        last.recoverTask(h);
        last.destroyTask(h, true);
    }

    /** Recovers of one run at once (a retry while a slow first call is under way): its log copied once. */
    @Test
    void recoversOfOneRunAtOnceCopyItsLogOnce() throws Exception {
        DockerDriver first = driver();
        TaskConfig config = counter();
        TaskHandle h = first.startTask(config);
        until(() -> lastNumber(config.stdoutFile(0)) >= 10);
        first.deactivate();
        DockerDriver second = driver();
        int callers = 8;
        java.util.concurrent.CyclicBarrier all = new java.util.concurrent.CyclicBarrier(callers);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        for (int i = 0; i < callers; i++) {
            Thread t = new Thread(() -> {
                try {
                    all.await();
                    second.recoverTask(h);
                } catch (Exception | Error e) {
                    failures.add(e);
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(List.of(), failures);
        String follower = "drover-docker-" + DockerHandle.decode(h.driverState()).containerId().substring(0, 12);
        assertEquals(1, Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals(follower)).count(), "one follower");
        Files.writeString(config.taskDir().resolve("local/gate"), "go");
        assertEquals(ExitResult.exited(4), exit(second, h));
        until(() -> Files.readAllLines(config.stdoutFile(0)).contains("done"));
        assertContinuous(config.stdoutFile(0));
    }

    @Test
    void linesWrittenAfterTheLastSavedCursorAreNotWrittenAgain() throws Exception {
        DockerDriver first = driver();
        TaskConfig config = counter();
        TaskHandle h = first.startTask(config);
        Path cursor = DockerHandle.decode(h.driverState()).runDir().resolve(ContainerWatch.CURSOR_FILE);
        until(() -> Files.exists(cursor) && lastNumber(config.stdoutFile(0)) >= 10);
        byte[] stale = Files.readAllBytes(cursor);
        until(() -> lastNumber(config.stdoutFile(0)) >= 60);
        first.deactivate();
        // As after a crash between writing lines and saving the cursor: the file is ahead of it,
        // by lines the container really wrote, the last one torn.
        Files.write(cursor, stale);
        int next = lastNumber(config.stdoutFile(0)) + 1;
        until(() -> linesInEngine(h) >= next);
        Files.writeString(config.stdoutFile(0), "line " + next + "\nline ", java.nio.file.StandardOpenOption.APPEND);

        DockerDriver second = driver();
        second.recoverTask(h);
        Files.writeString(config.taskDir().resolve("local/gate"), "go");
        assertEquals(ExitResult.exited(4), exit(second, h));
        until(() -> Files.readAllLines(config.stdoutFile(0)).contains("done"));
        assertContinuous(config.stdoutFile(0));
    }

    @Test
    void execSignalStatsInspectAndDestroyGoThroughTheEngine() throws Exception {
        DockerDriver d = driver();
        TaskHandle h = d.startTask(shell("trap 'exit 9' USR1; while :; do sleep 0.1; done"));
        until(() -> d.inspectTask(h.taskId()).running());
        ExecResult r = d.execTask(h.taskId(), List.of("sh", "-c", "echo out; echo err >&2; exit 2"),
                Duration.ofSeconds(30));
        assertEquals(2, r.exitCode());
        assertArrayEquals("out\n".getBytes(StandardCharsets.UTF_8), r.stdout());
        assertArrayEquals("err\n".getBytes(StandardCharsets.UTF_8), r.stderr());
        assertTrue(d.taskStats(h.taskId()).memoryRssBytes() > 0);
        assertEquals(IMAGE, d.inspectTask(h.taskId()).attributes().get("image"));

        assertThrows(DriverException.class, () -> d.destroyTask(h, false), "running: refused");
        d.signalTask(h.taskId(), "SIGUSR1");
        assertEquals(ExitResult.exited(9), exit(d, h));
        String id = DockerHandle.decode(h.driverState()).containerId();
        d.destroyTask(h, false);
        assertTrue(engine.inspect(id).isEmpty(), "the container is removed");
        assertFalse(Files.exists(DockerHandle.decode(h.driverState()).runDir()));
        assertThrows(TaskNotFoundException.class, () -> driver().recoverTask(h));
    }

    @Test
    void aProvisionalHandleAdoptsTheContainerOfItsRunOrIsNotFound() throws Exception {
        DockerDriver first = driver();
        TaskConfig config = shell("while [ ! -e /local/gate ]; do sleep 0.05; done; exit 6");
        TaskHandle real = first.startTask(config);
        first.deactivate();
        DockerDriver second = driver();
        TaskHandle provisional = TaskHandle.provisional("docker", config);
        second.recoverTask(provisional);
        Files.writeString(config.taskDir().resolve("local/gate"), "go");
        assertEquals(ExitResult.exited(6), exit(second, provisional));
        assertEquals(DockerHandle.decode(real.driverState()).containerId(),
                second.inspectTask(provisional.taskId()).attributes().get("container_id"));
        assertThrows(TaskNotFoundException.class,
                () -> second.recoverTask(TaskHandle.provisional("docker", shell("true"))));
    }

    @Test
    void containersOfThisNodeNoTaskTracksAreRemovedAfterTheGraceAndNoOthers() throws Exception {
        DockerDriver d = driver();
        TaskHandle forgotten = d.startTask(shell("sleep 600"));
        d.deactivate(); // its handle is lost: no driver will recover it
        String dangling = DockerHandle.decode(forgotten.driverState()).containerId();
        String foreign = engine.create("drover-test-foreign-" + UUID.randomUUID(), foreignSpec(Map.of()));
        String otherNode = engine.create("drover-test-other-" + UUID.randomUUID(),
                foreignSpec(Map.of(Labels.NODE, "another-node")));
        try {
            AtomicLong clock = new AtomicLong();
            Reaper reaper = new Reaper(engine, nodeId, Duration.ofMinutes(5), id -> false, clock::get);
            assertEquals(java.util.Set.of(), reaper.sweep(), "first seen now: within its grace");
            clock.addAndGet(Duration.ofMinutes(4).toNanos());
            assertEquals(java.util.Set.of(), reaper.sweep());
            clock.addAndGet(Duration.ofMinutes(1).toNanos());
            assertEquals(java.util.Set.of(dangling), reaper.sweep());
            assertTrue(engine.inspect(dangling).isEmpty());
            assertTrue(engine.inspect(foreign).isPresent(), "a container Drover did not make is never touched");
            assertTrue(engine.inspect(otherNode).isPresent(), "another node's container is never touched");
        } finally {
            engine.remove(foreign, true);
            engine.remove(otherNode, true);
        }
    }

    static JsonNode foreignSpec(Map<String, String> labels) {
        var spec = Engine.object();
        spec.put("Image", IMAGE);
        spec.putArray("Cmd").add("true");
        labels.forEach(spec.putObject("Labels")::put);
        return spec;
    }

    @Test
    void privilegedHostNetworkAndHostPathsAreRefusedUnlessTheOperatorEnablesThem() throws Exception {
        DockerDriver locked = driver();
        Map<String, String> refused = Map.of(
                "privileged", "allow_privileged",
                "network_mode", "allow_host_network",
                "volumes", "volumes_enabled");
        Map<String, Map<String, Object>> configs = Map.of(
                "privileged", Map.of("image", IMAGE, "privileged", true),
                "network_mode", Map.of("image", IMAGE, "network_mode", "host"),
                "volumes", Map.of("image", IMAGE, "volumes", List.of("/etc:/host-etc:ro")));
        for (var e : configs.entrySet()) {
            TaskConfig config = task(e.getValue(), 64, LogConfig.DEFAULT);
            TaskConfigException x = assertThrows(TaskConfigException.class, () -> locked.startTask(config));
            assertEquals(e.getKey(), x.field());
            assertTrue(x.getMessage().contains(refused.get(e.getKey()) + " = true in the configuration "
                    + DockerDriver.PID), x.getMessage());
        }
        assertTrue(engine.containersLabelled(Labels.NODE + "=" + nodeId).isEmpty(), "nothing was created");

        // Enabled, the options reach the Engine (a privileged container cannot start inside a
        // sandbox like CI's, so the spec is checked, and a volume inside the allocation is run).
        DockerSettings enabled = DockerSettings.defaults().allowing(true, true, true);
        JsonNode spec = ContainerSpec.of(task(Map.of("image", IMAGE, "privileged", true, "network_mode", "host",
                "volumes", List.of("/etc:/host-etc:ro")), 64, LogConfig.DEFAULT),
                DockerConfig.from(Map.of("image", IMAGE, "privileged", true, "network_mode", "host",
                        "volumes", List.of("/etc:/host-etc:ro"))), enabled, nodeId);
        assertTrue(spec.path("HostConfig").path("Privileged").asBoolean());
        assertEquals("host", spec.path("HostConfig").path("NetworkMode").asText());
        assertTrue(spec.path("HostConfig").path("Binds").toString().contains("/etc:/host-etc:ro"));
        DockerDriver d = driver();
        TaskConfig inside = task(Map.of("image", IMAGE, "command", "sh", "args", List.of("-c", "cat /data/in"),
                "volumes", List.of("local:/data:ro")), 64, LogConfig.DEFAULT);
        Files.writeString(inside.taskDir().resolve("local/in"), "from the task dir\n");
        TaskHandle h = d.startTask(inside);
        assertEquals(ExitResult.exited(0), exit(d, h));
        assertEquals(List.of("from the task dir"), Files.readAllLines(inside.stdoutFile(0)));
    }

    @Test
    void aMissingImageIsPulledAndAFailedPullNamesTheImageAndTheRegistrysAnswer() throws Exception {
        DockerDriver d = driver();
        TaskConfig config = task(Map.of("image", "drover-test/absent:1"), 64, LogConfig.DEFAULT);
        DriverException e = assertThrows(DriverException.class, () -> d.startTask(config));
        assertTrue(e.isRecoverable(), "a pull may succeed later");
        assertTrue(e.getMessage().startsWith("failed to pull image drover-test/absent:1 from registry docker.io: "),
                e.getMessage());
        assertTrue(e.getMessage().length() > "failed to pull image drover-test/absent:1 from registry docker.io: "
                .length() + 5, "the registry's answer is quoted: " + e.getMessage());
        assertEquals(List.of("Downloading image drover-test/absent:1"), messages);
        assertEquals("registry.example.com:5000",
                Images.Reference.parse("registry.example.com:5000/team/app:2").registry());
        assertEquals("team/app", Images.Reference.parse("team/app").repository());
    }

    @Test
    void theOptionsOfNomadJobsReachTheContainer() throws Exception {
        DockerDriver d = driver();
        TaskConfig config = task(Map.ofEntries(Map.entry("image", IMAGE),
                Map.entry("entrypoint", List.of("/bin/sh", "-c")),
                Map.entry("args", List.of("hostname; pwd; ulimit -n; df -k /scratch | tail -1")),
                Map.entry("hostname", "web-1"), Map.entry("work_dir", "/local"),
                Map.entry("labels", Map.of("team", "infra")), Map.entry("cap_drop", List.of("NET_RAW")),
                Map.entry("shm_size", 67108864), Map.entry("ulimit", Map.of("nofile", "512:1024")),
                Map.entry("memory_hard_limit", 128),
                Map.entry("mount", Map.of("type", "tmpfs", "target", "/scratch",
                        "tmpfs_options", Map.of("size", 8388608))),
                Map.entry("logging", Map.of("type", "json-file", "config", Map.of("max-size", "1m")))),
                64, LogConfig.DEFAULT);
        TaskHandle h = d.startTask(config);
        assertEquals(ExitResult.exited(0), exit(d, h));
        List<String> out = Files.readAllLines(config.stdoutFile(0));
        assertEquals(List.of("web-1", "/local", "512"), out.subList(0, 3));
        assertTrue(out.get(3).contains("8192"), "an 8 MiB tmpfs: " + out.get(3));

        JsonNode c = engine.inspect(DockerHandle.decode(h.driverState()).containerId()).orElseThrow();
        JsonNode host = c.path("HostConfig");
        assertEquals("infra", c.path("Config").path("Labels").path("team").asText());
        assertEquals("[\"NET_RAW\"]", host.path("CapDrop").toString());
        assertEquals(67108864L, host.path("ShmSize").asLong());
        assertEquals(128L * 1024 * 1024, host.path("Memory").asLong(), "the hard limit is the limit");
        assertEquals(64L * 1024 * 1024, host.path("MemoryReservation").asLong(), "the memory is reserved");
        assertEquals("1m", host.path("LogConfig").path("Config").path("max-size").asText());

        JsonNode spec = ContainerSpec.of(config, DockerConfig.from(Map.of("image", IMAGE,
                "cap_add", List.of("NET_ADMIN"))), DockerSettings.defaults(), nodeId);
        assertEquals("[\"NET_ADMIN\"]", spec.path("HostConfig").path("CapAdd").toString());
    }

    @Test
    void forcePullPullsEvenWhenTheImageIsLocal() throws Exception {
        DockerDriver d = driver();
        TaskConfig config = task(Map.of("image", IMAGE, "force_pull", true, "command", "true"), 64,
                LogConfig.DEFAULT);
        DriverException e = assertThrows(DriverException.class, () -> d.startTask(config),
                "this machine reaches no registry: the forced pull fails");
        assertTrue(e.getMessage().startsWith("failed to pull image " + IMAGE + " from registry docker.io"),
                e.getMessage());
        assertEquals(List.of("Downloading image " + IMAGE), messages);
    }

    @Test
    void theFingerprintReportsTheEngineOrWhyItCannotBeReached() {
        Fingerprint f = driver().fingerprint();
        assertEquals(Health.HEALTHY, f.health());
        assertFalse(f.attributes().get("driver.docker.version").isEmpty());
        assertEquals("false", f.attributes().get("driver.docker.privileged.enabled"));

        DockerDriver nowhere = new DockerDriver("test", DockerSettings.defaults()
                .withEndpoint(java.net.URI.create("unix://" + tmp.resolve("no.sock"))), nodeId);
        drivers.add(nowhere);
        Fingerprint down = nowhere.fingerprint();
        assertEquals(Health.UNHEALTHY, down.health());
        assertTrue(down.description().startsWith("no Docker Engine answers at unix://" + tmp.resolve("no.sock")),
                down.description());
    }
}
