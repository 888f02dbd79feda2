package org.drover.runner.core.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.drover.runner.api.model.AllocatedNetwork;
import org.drover.runner.api.model.AllocatedPort;
import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.Job;
import org.drover.runner.api.model.JobType;
import org.drover.runner.api.model.NetworkResource;
import org.drover.runner.api.model.Task;
import org.drover.runner.api.model.TaskGroup;
import org.drover.runner.api.state.HookState;
import org.junit.jupiter.api.Test;

/** The network hook's decisions, on a host and plugins that only record what they are asked. */
class NetworkHookTest {

    private final List<String> log = new ArrayList<>();
    private final Set<String> namespaces = new HashSet<>();
    private String failingPlugin;

    private final HostCommands host = new HostCommands() {
        @Override
        protected Result run(List<String> argv) {
            log.add(String.join(" ", argv));
            if (argv.get(0).equals("ip") && argv.get(2).equals("add")) {
                namespaces.add(argv.get(3));
            } else if (argv.get(0).equals("ip") && argv.get(2).equals("delete")) {
                namespaces.remove(argv.get(3));
            }
            return new Result(0, "");
        }

        @Override
        public boolean netnsExists(String name) {
            return namespaces.contains(name);
        }
    };

    /** Every plugin is "found": the fake runs none of them. */
    private static final java.nio.file.Path PLUGINS = plugins();

    private static java.nio.file.Path plugins() {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("cni");
            dir.toFile().deleteOnExit();
            for (String p : BridgeConfig.PLUGINS) {
                java.nio.file.Path f = java.nio.file.Files.createFile(dir.resolve(p));
                f.toFile().setExecutable(true);
                f.toFile().deleteOnExit();
            }
            return dir;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private final CniPlugins plugins = new CniPlugins(List.of(PLUGINS), (exe, env, stdin) -> {
        String type = String.valueOf(Json.read(stdin) instanceof Map<?, ?> m ? m.get("type") : "");
        log.add(env.get("CNI_COMMAND") + " " + type);
        if (type.equals(failingPlugin)) {
            return new CniPlugins.Output(1, "{\"code\":7,\"msg\":\"no room\"}", "");
        }
        return new CniPlugins.Output(0, "{\"interfaces\":[{\"name\":\"eth0\",\"sandbox\":\"" + env.get("CNI_NETNS")
                + "\"}],\"ips\":[{\"interface\":0,\"address\":\"172.26.64.7/20\"}]}", "");
    });

    private final NetworkHook hook = new NetworkHook(plugins, host, BridgeConfig.DEFAULT);

    private static Allocation alloc(String mode) {
        TaskGroup g = new TaskGroup("g", 1, org.drover.runner.api.model.RestartPolicy.defaultFor(JobType.SERVICE),
                Map.of(), List.of(Task.of("t", "raw_exec", Map.of())), List.of(),
                org.drover.runner.api.model.Stanzas.NONE, List.of(new NetworkResource(mode, "", null, List.of())));
        return new Allocation("a1", Job.of("web", JobType.SERVICE, List.of(g)), "g", 0).withNetwork(
                new AllocatedNetwork(mode, List.of(new AllocatedPort("http", 25000, 8080, "10.0.0.5", false)),
                        Map.of()));
    }

    private List<String> cni() {
        return log.stream().filter(l -> l.startsWith("ADD") || l.startsWith("DEL") || l.startsWith("ip ")).toList();
    }

    @Test
    void aNewAllocationGetsANamespaceAndOneAddThroughTheList() {
        HookState state = hook.prerun(alloc("bridge"), HookState.NONE);
        assertEquals(List.of("ip netns add a1", "ADD loopback", "ADD bridge", "ADD firewall", "ADD portmap"), cni());
        assertEquals(new AllocNetwork("/var/run/netns/a1", "eth0", "172.26.64.7", AllocNetwork.fromState(state)
                .orElseThrow().cniResult()), AllocNetwork.fromState(state).orElseThrow());
        assertEquals(List.of("iptables -w -t filter -S NOMAD-ADMIN",
                "iptables -w -t filter -C NOMAD-ADMIN -o nomad -d 172.26.64.0/20 -j ACCEPT"),
                log.stream().filter(l -> l.startsWith("iptables")).toList());
    }

    @Test
    void aRestoredAllocationWhoseNamespaceIsThereKeepsItWithoutAnAdd() {
        HookState state = hook.prerun(alloc("bridge"), HookState.NONE);
        log.clear();
        assertEquals(state, hook.prerun(alloc("bridge"), state));
        assertEquals(List.of(), cni());
    }

    @Test
    void aRecordWhoseNamespaceIsGoneIsCleanedUpAndSetUpAnew() {
        HookState state = hook.prerun(alloc("bridge"), HookState.NONE);
        namespaces.clear(); // a reboot
        log.clear();
        hook.prerun(alloc("bridge"), state);
        assertEquals(List.of("DEL portmap", "DEL firewall", "DEL bridge", "DEL loopback", "ip netns add a1",
                "ADD loopback", "ADD bridge", "ADD firewall", "ADD portmap"), cni());
    }

    @Test
    void aFailedAddIsUndoneAndSaysWhy() {
        failingPlugin = "firewall";
        CniException e = assertThrows(CniException.class, () -> hook.prerun(alloc("bridge"), HookState.NONE));
        assertEquals("failed to configure networking for alloc: plugin type=\"firewall\" failed (add): no room",
                e.getMessage());
        assertEquals(List.of("ip netns add a1", "ADD loopback", "ADD bridge", "ADD firewall", "DEL portmap",
                "DEL firewall", "DEL bridge", "DEL loopback", "ip netns delete a1"), cni());
        assertEquals(Set.of(), namespaces);
    }

    @Test
    void postrunDeletesWithTheAddsResultThenTheNamespace() {
        HookState state = hook.prerun(alloc("bridge"), HookState.NONE);
        log.clear();
        hook.postrun(alloc("bridge"), state);
        assertEquals(List.of("DEL portmap", "DEL firewall", "DEL bridge", "DEL loopback", "ip netns delete a1"),
                cni());
        assertEquals(Set.of(), namespaces);
    }

    @Test
    void hostModeIsNotItsConcernAndCniModesAreRefused() {
        assertEquals(false, hook.wants(alloc("host")));
        assertEquals(true, hook.wants(alloc("cni/mynet")));
        assertEquals("network mode \"cni/mynet\" is not supported on this node",
                assertThrows(CniException.class, () -> hook.prerun(alloc("cni/mynet"), HookState.NONE)).getMessage());
    }

    /** A driver that holds namespaces the way docker's pause containers do: a file per allocation. */
    private final class PauseDriver implements org.drover.runner.api.driver.DriverNetworkManager {
        final java.nio.file.Path dir;

        PauseDriver() throws java.io.IOException {
            dir = java.nio.file.Files.createTempDirectory("pause");
        }

        @Override
        public org.drover.runner.api.driver.NetworkIsolation createNetwork(String allocId, String hostname) {
            log.add("create " + allocId);
            try {
                java.nio.file.Path ns = dir.resolve(allocId);
                if (!java.nio.file.Files.exists(ns)) {
                    java.nio.file.Files.createFile(ns);
                }
                return new org.drover.runner.api.driver.NetworkIsolation(ns.toString(), "", "", hostname);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void destroyNetwork(String allocId, org.drover.runner.api.driver.NetworkIsolation network) {
            log.add("destroy " + allocId + " " + network.path());
            try {
                java.nio.file.Files.deleteIfExists(java.nio.file.Path.of(network.path()));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @Test
    void aDriverThatMakesTheNamespaceIsAskedForItConfiguredOnceAndAskedToRemoveIt() throws Exception {
        PauseDriver pause = new PauseDriver();
        NetworkHook withDriver = new NetworkHook(plugins, host, BridgeConfig.DEFAULT,
                a -> java.util.Optional.of(pause));
        HookState state = withDriver.prerun(alloc("bridge"), HookState.NONE);
        String path = pause.dir.resolve("a1").toString();
        assertEquals(path, AllocNetwork.fromState(state).orElseThrow().netnsPath());
        assertEquals(List.of("create a1", "ADD loopback", "ADD bridge", "ADD firewall", "ADD portmap"),
                log.stream().filter(l -> l.startsWith("create") || l.startsWith("ADD") || l.startsWith("ip ")).toList(),
                "no namespace of the hook's own");

        log.clear();
        assertEquals(state, withDriver.prerun(alloc("bridge"), state), "restored: the driver's namespace is there");
        assertEquals(List.of(), log.stream().filter(l -> !l.startsWith("iptables")).toList());

        withDriver.postrun(alloc("bridge"), state);
        assertEquals(List.of("DEL portmap", "DEL firewall", "DEL bridge", "DEL loopback", "destroy a1 " + path),
                log.stream().filter(l -> l.startsWith("DEL") || l.startsWith("destroy") || l.startsWith("ip ")).toList());
        assertEquals(false, java.nio.file.Files.exists(java.nio.file.Path.of(path)));
    }
}
