package org.drover.driver.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.drover.driver.docker.engine.Engine;
import org.drover.runner.api.alloc.TaskDir;
import org.drover.runner.api.driver.DriverException;
import org.drover.runner.api.driver.ExitResult;
import org.drover.runner.api.driver.NetworkIsolation;
import org.drover.runner.api.driver.TaskConfig;
import org.drover.runner.api.driver.TaskHandle;
import org.drover.runner.api.model.AllocatedPort;
import org.drover.runner.api.model.Dns;
import org.drover.runner.api.model.LogConfig;
import org.drover.runner.api.model.Resources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** The docker driver's networking against a real Engine: published ports, DNS, the allocation's namespace. */
class DockerNetworkTest {

    static final String IMAGE = DockerEngineAvailable.IMAGE;
    /** The pause image of these tests: no registry is reachable, so it is the test image, blocking forever. */
    static final String PAUSE_IMAGE = "drover-test/pause:latest";
    static final Dns DNS = new Dns(List.of("10.0.0.2"), List.of("svc.example"), List.of("ndots:2"));

    @TempDir
    Path tmp;

    final String nodeId = "test-" + UUID.randomUUID();
    final String allocId = UUID.randomUUID().toString();
    final List<DockerDriver> drivers = new ArrayList<>();
    ScheduledExecutorService timer;
    Engine engine;

    @BeforeEach
    void setUp() throws Exception {
        DockerEngineAvailable.require();
        timer = Executors.newSingleThreadScheduledExecutor();
        engine = new Engine(DockerEngineAvailable.ENDPOINT, timer, Duration.ofSeconds(30));
        pauseImage(engine);
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

    /** Commits the test image with a command that blocks until killed, as a pause image's does. */
    static synchronized void pauseImage(Engine engine) throws IOException {
        if (engine.inspectImage(PAUSE_IMAGE).isPresent()) {
            return;
        }
        var spec = Engine.object();
        spec.put("Image", IMAGE);
        spec.putArray("Cmd").add("sleep").add("infinity");
        String id = engine.create("drover-test-pause-" + UUID.randomUUID(), spec);
        try {
            var config = Engine.object();
            config.putArray("Cmd").add("sleep").add("infinity");
            engine.call("POST", "/commit?container=" + id + "&repo=drover-test/pause&tag=latest", config);
        } finally {
            engine.remove(id, true);
        }
    }

    DockerDriver driver() {
        DockerDriver d = new DockerDriver("test", DockerSettings.defaults().withInfraImage(PAUSE_IMAGE)
                .withEndpoint(DockerEngineAvailable.ENDPOINT), nodeId);
        drivers.add(d);
        return d;
    }

    TaskConfig task(String name, String script, List<AllocatedPort> ports, NetworkIsolation network, Dns dns)
            throws IOException {
        TaskDir dirs = TaskDir.of(tmp.resolve(allocId), name);
        dirs.create();
        return new TaskConfig(allocId + "/" + name + "/" + Long.toHexString(System.nanoTime()), allocId, "job", "g",
                name, Map.of("image", IMAGE, "command", "sh", "args", List.of("-c", script), "ports",
                        ports.stream().map(AllocatedPort::label).toList()),
                Map.of(), new Resources(100, 64), "", dirs.allocDir(), dirs.taskDir(), dirs.logDir(), LogConfig.DEFAULT,
                ports, List.of(), network, dns);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** What the listener at 127.0.0.1:{@code port} says before it closes; empty when nothing answers yet. */
    static String answer(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            s.setSoTimeout(5000);
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    static ExitResult exit(DockerDriver d, TaskHandle h) throws Exception {
        return d.waitTask(h.taskId()).toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    /** The task's stdout so far, without resolv.conf's comments and blank lines. */
    static List<String> lines(TaskConfig config) throws IOException {
        if (!Files.exists(config.stdoutFile(0))) {
            return List.of();
        }
        return Files.readAllLines(config.stdoutFile(0)).stream().filter(l -> !l.isBlank() && !l.startsWith("#"))
                .toList();
    }

    JsonNode inspect(TaskHandle h) throws IOException {
        return engine.inspect(DockerHandle.decode(h.driverState()).containerId()).orElseThrow();
    }

    @Test
    void labelledPortsAnswerOnTheHostAtTheirHostAddressMappedToTheirToOrTheSamePort() throws Exception {
        int http = freePort();
        int raw = freePort();
        DockerDriver d = driver();
        TaskConfig config = task("web", "nc -ll -p 8080 -e echo hello from http & nc -ll -p " + raw
                + " -e echo hello from raw & wait", List.of(new AllocatedPort("http", http, 8080, "127.0.0.1", false),
                        new AllocatedPort("raw", raw, 0, "127.0.0.1", false)), null, null);
        TaskHandle h = d.startTask(config);
        Poll.until(() -> answer(http).equals("hello from http\n"), () -> "http answers, got \"" + answer(http) + "\"");
        Poll.until(() -> answer(raw).equals("hello from raw\n"), () -> "raw answers, got \"" + answer(raw) + "\"");
        JsonNode bindings = inspect(h).path("HostConfig").path("PortBindings");
        assertEquals("[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"" + http + "\"}]",
                bindings.path("8080/udp").toString());
        assertEquals("[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"" + raw + "\"}]",
                bindings.path(raw + "/tcp").toString());
        d.destroyTask(h, true);
    }

    @Test
    void theDnsBlockIsTheContainersResolvConf() throws Exception {
        DockerDriver d = driver();
        TaskConfig config = task("dns", "cat /etc/resolv.conf", List.of(), null, DNS);
        TaskHandle h = d.startTask(config);
        assertEquals(ExitResult.exited(0), exit(d, h));
        Poll.until(() -> lines(config).size() == 3);
        assertEquals(List.of("search svc.example", "nameserver 10.0.0.2", "options ndots:2"), lines(config));
    }

    @Test
    void tasksOfAnAllocationShareThePauseContainersNamespaceWhichOutlivesADriverReload() throws Exception {
        DockerDriver first = driver();
        NetworkIsolation network = first.createNetwork(allocId, "web-host");
        assertTrue(network.path().matches("/proc/[0-9]+/ns/net"), network.path());
        assertEquals("web-host", network.hostname());
        List<JsonNode> pause = engine.containersLabelled(Labels.ALLOC + "=" + allocId, Labels.INFRA);
        assertEquals(1, pause.size());
        String pauseId = pause.get(0).path("Id").asText();
        assertEquals(network, first.createNetwork(allocId, "web-host"), "made once per allocation");

        int http = freePort();
        TaskConfig server = task("server", "hostname; cat /etc/resolv.conf; nc -ll -p 8080 -e echo shared",
                List.of(new AllocatedPort("http", http, 8080, "127.0.0.1", false)), network, DNS);
        TaskHandle serving = first.startTask(server);
        Poll.until(() -> lines(server).size() == 4);
        assertEquals(List.of("web-host", "search svc.example", "nameserver 10.0.0.2", "options ndots:2"),
                lines(server));
        JsonNode host = inspect(serving).path("HostConfig");
        assertEquals("container:" + pauseId, host.path("NetworkMode").asText());
        assertTrue(host.path("PortBindings").isEmpty(), "nothing published: " + host.path("PortBindings"));
        String client = "until nc 127.0.0.1 8080 > /local/got && [ -s /local/got ]; do sleep 0.05; done;"
                + " cat /local/got";
        TaskConfig neighbour = task("client", client, List.of(), network, null);
        TaskHandle asked = first.startTask(neighbour);
        assertEquals(ExitResult.exited(0), exit(first, asked));
        Poll.until(() -> lines(neighbour).size() == 1);
        assertEquals(List.of("shared"), lines(neighbour), "one namespace: its loopback reaches the other task");

        first.deactivate();
        DockerDriver second = driver();
        assertEquals(network, second.createNetwork(allocId, "web-host"), "found again by its labels");
        TaskConfig later = task("later", client, List.of(), network, null);
        TaskHandle again = second.startTask(later);
        assertEquals(ExitResult.exited(0), exit(second, again));
        Poll.until(() -> lines(later).size() == 1);
        assertEquals(List.of("shared"), lines(later));

        second.recoverTask(serving);
        second.destroyTask(serving, true);
        second.destroyNetwork(allocId, network);
        assertTrue(engine.inspect(pauseId).isEmpty(), "the pause container is removed");
        assertTrue(engine.containersLabelled(Labels.ALLOC + "=" + allocId, Labels.INFRA).isEmpty());
        second.destroyNetwork(allocId, network);
    }

    /** A reload forgets which pause containers are in use; a re-attached task of the allocation says so again. */
    @Test
    void theSweepLeavesThePauseContainersOfKnownAllocationsAlone() throws Exception {
        DockerSettings settings = DockerSettings.defaults().withInfraImage(PAUSE_IMAGE);
        InfraContainers before = new InfraContainers(engine, nodeId, settings);
        before.create(allocId, "", m -> { });
        String pauseId = engine.containersLabelled(Labels.ALLOC + "=" + allocId, Labels.INFRA).get(0).path("Id")
                .asText();
        java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();
        Duration grace = Duration.ofMinutes(5);
        Reaper first = new Reaper(engine, nodeId, grace, before::known, clock::get);
        assertEquals(java.util.Set.of(), first.sweep());
        clock.addAndGet(grace.toNanos());
        assertEquals(java.util.Set.of(), first.sweep(), "in use: kept past the grace");

        InfraContainers reloaded = new InfraContainers(engine, nodeId, settings);
        Reaper second = new Reaper(engine, nodeId, grace, reloaded::known, clock::get);
        assertEquals(java.util.Set.of(), second.sweep(), "untracked from now, within its grace");
        reloaded.adopt(allocId);
        clock.addAndGet(grace.toNanos());
        assertEquals(java.util.Set.of(), second.sweep(), "adopted again");
        assertTrue(engine.inspect(pauseId).isPresent());

        InfraContainers forgetful = new InfraContainers(engine, nodeId, settings);
        Reaper third = new Reaper(engine, nodeId, grace, forgetful::known, clock::get);
        assertEquals(java.util.Set.of(), third.sweep());
        clock.addAndGet(grace.toNanos());
        assertEquals(java.util.Set.of(pauseId), third.sweep(), "no allocation claims it: dangling");
    }

    @Test
    void aNamespaceTheDriverDidNotMakeCannotBeJoined() throws Exception {
        DockerDriver d = driver();
        NetworkIsolation elsewhere = new NetworkIsolation("/var/run/netns/drover-test", "eth0", "172.26.64.2", "");
        DriverException e = assertThrows(DriverException.class,
                () -> d.startTask(task("t", "true", List.of(), elsewhere, null)));
        assertEquals("the allocation's network namespace /var/run/netns/drover-test is not held by a pause container"
                + " of the docker driver: a docker task joins only a namespace the driver made", e.getMessage());
        assertFalse(e.isRecoverable());
        assertTrue(engine.containersLabelled(Labels.NODE + "=" + nodeId).isEmpty(), "nothing was created");
    }
}
