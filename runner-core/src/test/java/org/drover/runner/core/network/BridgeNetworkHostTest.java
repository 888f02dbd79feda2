package org.drover.runner.core.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.drover.driver.exec.RawExecDriver;
import org.drover.runner.api.model.AllocatedNetwork;
import org.drover.runner.api.model.AllocatedPort;
import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.ClientStatus;
import org.drover.runner.api.model.Job;
import org.drover.runner.api.model.JobType;
import org.drover.runner.api.model.NetworkResource;
import org.drover.runner.api.model.Port;
import org.drover.runner.api.model.RestartPolicy;
import org.drover.runner.api.model.Stanzas;
import org.drover.runner.api.model.Task;
import org.drover.runner.api.model.TaskGroup;
import org.drover.runner.core.alloc.AllocRunner;
import org.drover.runner.core.alloc.DefaultHooks;
import org.drover.runner.core.drivers.DriverTable;
import org.drover.runner.core.exec.PooledScheduler;
import org.drover.runner.core.hooks.AllocHook;
import org.drover.runner.core.support.MemoryStore;
import org.drover.runner.core.task.RunnerConfig;
import org.drover.runner.core.task.RunnerContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bridge mode on this host: the CNI plugins, namespaces and iptables for real, raw_exec tasks
 * under their monitors. Two allocations listen on the same port, each in its own namespace, each
 * reached through its own host port; a restarted runner keeps their namespaces; a stop removes them.
 */
class BridgeNetworkHostTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private final MemoryStore store = new MemoryStore();
    private final PooledScheduler scheduler = new PooledScheduler(4, 8);
    private final List<RawExecDriver> drivers = new ArrayList<>();
    private final AtomicInteger adds = new AtomicInteger();
    private final List<AllocRunner> runners = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (AllocRunner r : runners) {
            r.stop(r.allocation()).get(30, TimeUnit.SECONDS);
            r.whenDone().get(30, TimeUnit.SECONDS);
        }
        drivers.forEach(RawExecDriver::deactivate);
        scheduler.close();
    }

    /** A node's runner context and network hook, as one agent has them; the hook counts the ADDs it runs. */
    private RunnerContext agent(List<AllocHook> hooks) {
        RawExecDriver raw = RawExecDriver.standalone(tmp.resolve("bin"));
        drivers.add(raw);
        DriverTable<Integer> table = new DriverTable<>();
        table.add("raw_exec", drivers.size(), raw);
        CniPlugins.Exec real = (exe, env, stdin) -> {
            if ("ADD".equals(env.get("CNI_COMMAND")) && exe.getFileName().toString().equals("bridge")) {
                adds.incrementAndGet();
            }
            return SYSTEM.run(exe, env, stdin);
        };
        hooks.add(new NetworkHook(new CniPlugins(CniPath.of(k -> null, k -> null), real), new HostCommands(),
                BridgeConfig.DEFAULT));
        return new RunnerContext(table, store, scheduler, RunnerConfig.DEFAULT, tmp.resolve("alloc"), () -> 0.0,
                new DefaultHooks(RunnerConfig.DEFAULT));
    }

    private static final CniPlugins.Exec SYSTEM = (exe, env, stdin) -> {
        ProcessBuilder pb = new ProcessBuilder(exe.toString());
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
        return new CniPlugins.Output(p.exitValue(), out, err);
    };

    /** An allocation of a bridge group whose one raw_exec task answers {@code reply} on port 8080. */
    private static Allocation alloc(int index, int hostPort, String reply) {
        Task task = Task.of("web", "raw_exec", Map.of("command", "/bin/busybox",
                "args", List.of("nc", "-ll", "-p", "8080", "-e", "echo", reply, "${NOMAD_ALLOC_ADDR_http}")));
        NetworkResource bridge = new NetworkResource(NetworkResource.BRIDGE, "", null,
                List.of(new Port("http", hostPort, 8080, "", false)));
        TaskGroup group = new TaskGroup("g", 2, RestartPolicy.defaultFor(JobType.SERVICE), Map.of(), List.of(task),
                List.of(), Stanzas.NONE, List.of(bridge));
        Allocation a = new Allocation(UUID.randomUUID().toString(), Job.of("web", JobType.SERVICE, List.of(group)),
                "g", index);
        return a.withNetwork(new AllocatedNetwork(NetworkResource.BRIDGE,
                List.of(new AllocatedPort("http", hostPort, 8080, "127.0.0.1", false)), Map.of()));
    }

    private AllocRunner run(Allocation a, RunnerContext ctx, List<AllocHook> hooks) {
        AllocRunner r = new AllocRunner(a, ctx, hooks);
        runners.add(r);
        r.run();
        return r;
    }

    /** What the task answers on the host port, or empty while nothing does. */
    private static Optional<String> ask(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            s.setSoTimeout(2000);
            InputStream in = s.getInputStream();
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String answer(int port) {
        Instant end = Instant.now().plus(DEADLINE);
        while (Instant.now().isBefore(end)) {
            Optional<String> a = ask(port);
            if (a.isPresent() && !a.get().isEmpty()) {
                return a.get();
            }
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        }
        throw new AssertionError("nothing answered on port " + port + " within " + DEADLINE);
    }

    private static void await(String what, BooleanSupplier condition) {
        Instant end = Instant.now().plus(DEADLINE);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError(what + " within " + DEADLINE);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        }
    }

    @Test
    void twoAllocationsOnOnePortEachReachedThroughItsMappingKeptAcrossARestartAndRemovedAtTheStop()
            throws Exception {
        List<AllocHook> hooks = new ArrayList<>();
        RunnerContext ctx = agent(hooks);
        Allocation a1 = alloc(0, 26081, "alloc-1");
        Allocation a2 = alloc(1, 26082, "alloc-2");
        AllocRunner r1 = run(a1, ctx, hooks);
        AllocRunner r2 = run(a2, ctx, hooks);

        String answer1 = answer(26081);
        String answer2 = answer(26082);
        assertEquals(2, adds.get());
        AllocNetwork n1 = AllocNetwork.stored(store, a1.id()).orElseThrow();
        AllocNetwork n2 = AllocNetwork.stored(store, a2.id()).orElseThrow();
        // Each task learned its own address in the namespace, NOMAD_ALLOC_ADDR_http, interpolated in its args.
        assertEquals("alloc-1 " + n1.address() + ":8080\n", answer1);
        assertEquals("alloc-2 " + n2.address() + ":8080\n", answer2);
        assertEquals("/var/run/netns/" + a1.id(), n1.netnsPath());
        assertEquals("eth0", n1.interfaceName());
        assertTrue(n1.address().startsWith("172.26."), n1.address());
        assertFalse(n1.address().equals(n2.address()));

        // The agent goes away leaving its tasks; the next one restores them and keeps their namespaces.
        r1.shutdown().get(30, TimeUnit.SECONDS);
        r2.shutdown().get(30, TimeUnit.SECONDS);
        runners.clear();
        List<AllocHook> next = new ArrayList<>();
        RunnerContext ctx2 = agent(next);
        AllocRunner back1 = new AllocRunner(a1, ctx2, next);
        AllocRunner back2 = new AllocRunner(a2, ctx2, next);
        runners.add(back1);
        runners.add(back2);
        back1.restore();
        back2.restore();
        await("both restored running", () -> back1.view().status() == ClientStatus.RUNNING
                && back2.view().status() == ClientStatus.RUNNING);
        assertEquals(answer1, answer(26081));
        assertEquals(answer2, answer(26082));
        assertEquals(2, adds.get());
        assertEquals(Optional.of(n1), AllocNetwork.stored(store, a1.id()));

        back1.stop(a1).get(30, TimeUnit.SECONDS);
        back1.whenDone().get(30, TimeUnit.SECONDS);
        assertFalse(Files.exists(Path.of(n1.netnsPath())));
        assertEquals(Optional.empty(), store.allocHookState(a1.id(), NetworkHook.NAME));
        assertEquals(Optional.empty(), ask(26081));
        assertEquals(answer2, answer(26082));
    }
}
