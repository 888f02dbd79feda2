package org.drover.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import org.drover.runner.api.model.AllocatedNetwork;
import org.drover.runner.api.model.AllocatedPort;
import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.Job;
import org.drover.runner.api.model.JobType;
import org.drover.runner.api.model.NetworkResource;
import org.drover.runner.api.model.Port;
import org.drover.runner.api.model.RestartPolicy;
import org.drover.runner.api.model.Stanzas;
import org.drover.runner.api.model.Task;
import org.drover.runner.api.model.TaskGroup;
import org.drover.state.mapdb.MapDbStateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mode = "bridge"} on a real agent: two allocations of a job, each a raw_exec task listening
 * on port 8080 in its own namespace, each reached from the host through its own mapped port; a
 * kill -9 of the agent leaves them answering and the next agent sets up no network again; the
 * job's stop removes the namespaces.
 */
class BridgeNetworkIT {

    static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** host-local's record of each address it gave, named by the address, holding the container ID. */
    static final Path LEASES = Path.of("/var/run/cni/nomad");

    @TempDir
    Path tmp;

    static Allocation allocation(String jobId, int index, int hostPort) {
        Task task = Task.of("web", "raw_exec", Map.of("command", "/bin/busybox",
                "args", List.of("nc", "-ll", "-p", "8080", "-e", "echo", "alloc-" + index)));
        NetworkResource bridge = new NetworkResource(NetworkResource.BRIDGE, "", null,
                List.of(new Port("http", 0, 8080, "", false)));
        TaskGroup group = new TaskGroup("web", 2, RestartPolicy.defaultFor(JobType.SERVICE), Map.of(), List.of(task),
                List.of(), Stanzas.NONE, List.of(bridge));
        Allocation a = new Allocation(UUID.randomUUID().toString(), Job.of(jobId, JobType.SERVICE, List.of(group)),
                "web", index);
        return a.withNetwork(new AllocatedNetwork(NetworkResource.BRIDGE,
                List.of(new AllocatedPort("http", hostPort, 8080, "127.0.0.1", false)), Map.of()));
    }

    static Optional<String> ask(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            s.setSoTimeout(2000);
            InputStream in = s.getInputStream();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static void answers(int port, String expected, AgentProcess agent) throws Exception {
        Poll.until(() -> ask(port).isPresent(), TIMEOUT, () -> "nothing answers on " + port + console(agent));
        assertEquals(Optional.of(expected), ask(port));
    }

    /** The addresses host-local gave the allocation: one per ADD it went through. */
    static List<String> leases(String allocId) throws IOException {
        try (Stream<Path> s = Files.list(LEASES)) {
            return s.filter(p -> read(p).contains(allocId)).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }

    private static String console(AgentProcess agent) {
        try {
            return agent == null ? "" : "; agent console:\n" + agent.console();
        } catch (IOException e) {
            return "; " + e;
        }
    }

    @Test
    void twoAllocationsOnOnePortAnswerThroughTheirMappingsSurviveAKilledAgentAndGoWithTheirJob()
            throws Exception {
        Path data = tmp.resolve("data");
        String jobId = "bridge-" + UUID.randomUUID().toString().substring(0, 8);
        Allocation a1 = allocation(jobId, 1, 27081);
        Allocation a2 = allocation(jobId, 2, 27082);
        // The allocations as placement leaves them, ports included; the first agent restores and runs them.
        try (MapDbStateStore store = MapDbStateStore.open(data.resolve("state/state.db"), data.resolve("alloc"))) {
            store.putAllocations(List.of(a1, a2));
        }

        List<String> leases1;
        List<String> leases2;
        try (AgentProcess first = AgentProcess.start(tmp.resolve("first.txt"), "agent", "--data-dir",
                data.toString())) {
            first.awaitLine(LauncherIT.READY);
            answers(27081, "alloc-1\n", first);
            answers(27082, "alloc-2\n", first);
            leases1 = leases(a1.id());
            leases2 = leases(a2.id());
            assertEquals(1, leases1.size(), "one ADD for each allocation");
            assertEquals(1, leases2.size());
            first.close(); // SIGKILL: no shutdown of any kind
        }
        assertEquals(Optional.of("alloc-1\n"), ask(27081), "the tasks outlive the agent");

        try (AgentProcess second = AgentProcess.start(tmp.resolve("second.txt"), "agent", "--data-dir",
                data.toString())) {
            Path ns1 = Path.of("/var/run/netns", a1.id());
            Path ns2 = Path.of("/var/run/netns", a2.id());
            try {
                second.awaitLine(LauncherIT.READY);
                answers(27081, "alloc-1\n", second);
                answers(27082, "alloc-2\n", second);
                assertEquals(leases1, leases(a1.id()), "no second ADD");
                assertEquals(leases2, leases(a2.id()));

                HttpResponse<String> stop = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(second.api() + "/v1/job/" + jobId + "?wait=true")).DELETE().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, stop.statusCode(), stop.body());
                Poll.until(() -> !Files.exists(ns1) && !Files.exists(ns2), TIMEOUT,
                        () -> "the namespaces are still there" + console(second));
            } finally {
                second.terminate(TIMEOUT);
            }
            assertEquals(List.of(), leases(a1.id()), "DEL gave the address back");
            assertEquals(List.of(), leases(a2.id()));
            assertEquals(Optional.empty(), ask(27081));
            assertFalse(Files.exists(ns1));
        }
    }
}
