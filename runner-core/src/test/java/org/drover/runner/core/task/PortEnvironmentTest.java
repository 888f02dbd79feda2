package org.drover.runner.core.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.drover.runner.api.alloc.TaskDir;
import org.drover.runner.api.model.AllocatedNetwork;
import org.drover.runner.api.model.AllocatedPort;
import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.Job;
import org.drover.runner.api.model.JobType;
import org.drover.runner.api.model.LogConfig;
import org.drover.runner.api.model.Resources;
import org.drover.runner.api.model.RestartPolicy;
import org.drover.runner.api.model.Task;
import org.drover.runner.api.model.TaskGroup;
import org.junit.jupiter.api.Test;

/** The port variables a task sees, with Nomad's names and values, in host mode. */
class PortEnvironmentTest {

    static final String IP = "10.1.2.3";

    static Task task(String name, Map<String, String> env, Map<String, Object> config) {
        return new Task(name, "exec", config, env, Map.of(), Resources.DEFAULT, LogConfig.DEFAULT,
                Duration.ofSeconds(5), "SIGINT", Duration.ZERO, false, "");
    }

    static Allocation alloc(AllocatedNetwork network, Task... tasks) {
        Job job = new Job("web", "web", JobType.SERVICE, "global", "dc1", "default", Map.of("port", "from-meta"),
                List.of(new TaskGroup("g", 1, RestartPolicy.defaultFor(JobType.SERVICE), Map.of(), List.of(tasks))));
        return new Allocation("0a1b2c3d-0000-4000-8000-000000000001", job, "g", 0).withNetwork(network);
    }

    static Map<String, String> env(Allocation alloc, Task task, Map<String, String> host) {
        return TaskEnvironment.build(alloc, task, TaskDir.SANDBOX, true, host, Map.of(), InterpolationTest.NODE);
    }

    static Map<String, String> ports(Map<String, String> env) {
        Map<String, String> out = new TreeMap<>();
        env.forEach((k, v) -> {
            if (k.matches("NOMAD_(ADDR|HOST_ADDR|IP|HOST_IP|IPv4|IPv6|PORT|ALLOC_PORT|HOST_PORT)_.*")) {
                out.put(k, v);
            }
        });
        return out;
    }

    @Test
    void aGroupPortWithoutToIsTheHostPortEverywhere() {
        Task t = task("t", Map.of(), Map.of());
        Map<String, String> env = env(alloc(new AllocatedNetwork("host",
                List.of(new AllocatedPort("http", 24817, 0, IP, false)), Map.of()), t), t, Map.of());
        assertEquals(Map.of("NOMAD_ADDR_http", "10.1.2.3:24817", "NOMAD_HOST_ADDR_http", "10.1.2.3:24817",
                "NOMAD_IP_http", IP, "NOMAD_HOST_IP_http", IP, "NOMAD_PORT_http", "24817",
                "NOMAD_ALLOC_PORT_http", "24817", "NOMAD_HOST_PORT_http", "24817"), ports(env));
    }

    @Test
    void aGroupPortWithToIsToForThePortAndTheHostsForTheAddress() {
        Task t = task("t", Map.of(), Map.of());
        Map<String, String> env = env(alloc(new AllocatedNetwork("host",
                List.of(new AllocatedPort("http", 24817, 8080, IP, false)), Map.of()), t), t, Map.of());
        assertEquals(Map.of("NOMAD_ADDR_http", "10.1.2.3:24817", "NOMAD_HOST_ADDR_http", "10.1.2.3:24817",
                "NOMAD_IP_http", IP, "NOMAD_HOST_IP_http", IP, "NOMAD_PORT_http", "8080",
                "NOMAD_ALLOC_PORT_http", "8080", "NOMAD_HOST_PORT_http", "24817"), ports(env));
    }

    @Test
    void legacyTaskPortsAndTheOtherTasksOnes() {
        Task api = task("api", Map.of(), Map.of());
        Task side = task("side-car", Map.of(), Map.of());
        AllocatedNetwork n = new AllocatedNetwork("host", List.of(), Map.of(
                "api", List.of(new AllocatedPort("admin", 9000, 0, IP, false)),
                "side-car", List.of(new AllocatedPort("x", 20001, 0, IP, false))));
        Map<String, String> env = env(alloc(n, api, side), api, Map.of());
        assertEquals(Map.of("NOMAD_IP_admin", IP, "NOMAD_IPv4_admin", IP, "NOMAD_HOST_PORT_admin", "9000",
                "NOMAD_ADDR_admin", "10.1.2.3:9000", "NOMAD_PORT_admin", "9000",
                "NOMAD_ADDR_side_car_x", "10.1.2.3:20001", "NOMAD_IP_side_car_x", IP,
                "NOMAD_PORT_side_car_x", "20001"), ports(env));
    }

    @Test
    void anIpv6AddressIsBracketedAndNamedSo() {
        Task t = task("t", Map.of(), Map.of());
        AllocatedNetwork n = new AllocatedNetwork("host", List.of(new AllocatedPort("http", 8080, 0, "fd00::5", false)),
                Map.of("t", List.of(new AllocatedPort("admin", 9000, 0, "fd00::5", false))));
        Map<String, String> env = env(alloc(n, t), t, Map.of());
        assertEquals("[fd00::5]:8080", env.get("NOMAD_ADDR_http"));
        assertEquals("[fd00::5]:9000", env.get("NOMAD_ADDR_admin"));
        assertEquals("fd00::5", env.get("NOMAD_IPv6_admin"));
        assertFalse(env.containsKey("NOMAD_IPv4_admin"));
    }

    /** Nomad cleans NOMAD_ADDR_, _IP_, _PORT_ and _HOST_PORT_ keys (dots stay); the others keep the label. */
    @Test
    void keysAreCleanedAsNomadCleansThem() {
        Task t = task("t", Map.of(), Map.of());
        AllocatedNetwork n = new AllocatedNetwork("host", List.of(new AllocatedPort("my-api.v2", 8080, 0, IP, false)),
                Map.of());
        Map<String, String> env = env(alloc(n, t), t, Map.of());
        assertEquals(Map.of("NOMAD_ADDR_my_api.v2", "10.1.2.3:8080", "NOMAD_HOST_ADDR_my-api.v2", "10.1.2.3:8080",
                "NOMAD_IP_my_api.v2", IP, "NOMAD_HOST_IP_my-api.v2", IP, "NOMAD_PORT_my_api.v2", "8080",
                "NOMAD_ALLOC_PORT_my-api.v2", "8080", "NOMAD_HOST_PORT_my_api.v2", "8080"), ports(env));
    }

    @Test
    void portsInterpolateInEnvAndConfigAndTheHostsEnvNeverOverridesThem() {
        Task t = task("t", Map.of("LISTEN", ":${NOMAD_PORT_http}", "NOMAD_META_port", "task-env"),
                Map.of("args", List.of("--addr", "${NOMAD_ADDR_http}")));
        Map<String, String> env = env(alloc(new AllocatedNetwork("host",
                List.of(new AllocatedPort("http", 24817, 0, IP, false)), Map.of()), t), t,
                Map.of("NOMAD_PORT_http", "1", "PATH", "/usr/bin"));
        assertEquals(":24817", env.get("LISTEN"));
        assertEquals("24817", env.get("NOMAD_PORT_http"));
        assertEquals("/usr/bin", env.get("PATH"));
        assertEquals("task-env", env.get("NOMAD_META_port"));
        assertEquals(Map.of("args", List.of("--addr", "10.1.2.3:24817")),
                TaskEnvironment.interpolation(env, InterpolationTest.NODE).apply(t.config()));
    }

    @Test
    void noPortsNoPortVariables() {
        Task t = task("t", Map.of(), Map.of());
        assertEquals(Map.of(), ports(env(alloc(AllocatedNetwork.NONE, t), t, Map.of())));
    }
}
