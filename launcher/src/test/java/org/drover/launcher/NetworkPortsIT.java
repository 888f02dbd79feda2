package org.drover.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A group's ports on a real agent, with real sockets: each task serves HTTP on the port the node
 * picked for it and is reached at the address its environment names; a static port another job
 * holds leaves the second job waiting with Nomad's reason; the ports are the same after the agent
 * is killed and started again.
 */
class NetworkPortsIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path tmp;

    /**
     * A service whose task writes the address it was given and serves a page naming its allocation,
     * with busybox's httpd on {@code ${NOMAD_PORT_http}} (interpolated into the args by the agent).
     */
    static String webJob(String id, int count, String port) {
        return """
                job "%s" {
                  type = "service"
                  group "web" {
                    count = %d
                    network {
                      port "http" {%s}
                      port "admin" {}
                    }
                    task "server" {
                      driver       = "raw_exec"
                      kill_timeout = "1s"
                      config {
                        command = "/bin/sh"
                        args = ["-c", "echo \\"$NOMAD_ADDR_http $NOMAD_PORT_admin\\" > local/addr && mkdir -p local/www && echo \\"%s ${NOMAD_ALLOC_INDEX}\\" > local/www/index.html && exec /bin/busybox httpd -f -p ${NOMAD_PORT_http} -h local/www"]
                      }
                    }
                  }
                }
                """.formatted(id, count, port, id);
    }

    Path write(String name, String text) throws Exception {
        return Files.writeString(tmp.resolve(name), text);
    }

    JsonNode get(AgentProcess agent, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(agent.api() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    List<JsonNode> running(AgentProcess agent, String job, int n) throws Exception {
        Poll.until(() -> {
            try {
                List<JsonNode> all = new ArrayList<>();
                get(agent, "/v1/job/" + job + "/allocations").forEach(all::add);
                return all.stream().filter(a -> a.path("ClientStatus").asText().equals("running")).count() == n;
            } catch (Exception e) {
                return false;
            }
        }, TIMEOUT, () -> job + ": not " + n + " running allocations");
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode stub : get(agent, "/v1/job/" + job + "/allocations")) {
            if (stub.path("ClientStatus").asText().equals("running")) {
                out.add(get(agent, "/v1/allocation/" + stub.path("ID").asText()));
            }
        }
        return out;
    }

    /** The allocation's placed port of that label, as Nomad's {@code Shared.Ports} has it. */
    static JsonNode port(JsonNode alloc, String label) {
        for (JsonNode p : alloc.path("AllocatedResources").path("Shared").path("Ports")) {
            if (p.path("Label").asText().equals(label)) {
                return p;
            }
        }
        throw new AssertionError("no port " + label + " in " + alloc);
    }

    static String address(JsonNode port) {
        return port.path("HostIP").asText() + ":" + port.path("Value").asInt();
    }

    /** The page served at {@code address}, polled until it answers. */
    String page(String address) throws Exception {
        String[] body = {null};
        Poll.until(() -> {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + address + "/"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                body[0] = r.statusCode() == 200 ? r.body() : null;
                return body[0] != null;
            } catch (Exception e) {
                return false;
            }
        }, TIMEOUT, () -> "nothing answers at " + address);
        return body[0];
    }

    static Path local(Path data, JsonNode alloc) {
        return data.resolve("alloc").resolve(alloc.path("ID").asText()).resolve("server/local");
    }

    AgentProcess agent(Path data, String console) throws Exception {
        AgentProcess agent = AgentProcess.start(tmp.resolve(console), "agent", "--data-dir", data.toString());
        agent.awaitLine(LauncherIT.READY);
        // The CNI plugins are fingerprinted just after the agent is ready; a bridge job before then waits.
        Poll.until(() -> {
            try {
                return get(agent, "/v1/node/self").path("Attributes").has("nomad.bridge.hairpin_mode");
            } catch (Exception e) {
                return false;
            }
        }, TIMEOUT, () -> "the node has no bridge network");
        return agent;
    }

    @Test
    void eachTaskIsReachedAtTheAddressItsEnvironmentNames() throws Exception {
        Path data = tmp.resolve("data");
        try (AgentProcess agent = agent(data, "console.txt")) {
            AgentProcess.Result run = AgentProcess.run(tmp, "run", "-detach", "--address", agent.api(),
                    write("web.nomad.hcl", webJob("web", 3, "")).toString());
            CliIT.assertSuccess(run);
            List<JsonNode> allocs = running(agent, "web", 3);
            Set<Integer> ports = new HashSet<>();
            Set<String> pages = new HashSet<>();
            for (JsonNode a : allocs) {
                JsonNode http = port(a, "http");
                JsonNode admin = port(a, "admin");
                for (JsonNode p : List.of(http, admin)) {
                    int value = p.path("Value").asInt();
                    assertTrue(value >= 20000 && value <= 32000, "in Nomad's dynamic range: " + p);
                    assertTrue(ports.add(value), "a port given twice: " + value);
                    assertEquals(0, p.path("To").asInt());
                }
                Path addr = local(data, a).resolve("addr");
                Poll.until(() -> Files.exists(addr), TIMEOUT, () -> addr + " not written");
                assertEquals(address(http) + " " + admin.path("Value").asInt(), Files.readString(addr).strip(),
                        "NOMAD_ADDR_http and NOMAD_PORT_admin are the host's address and ports");
                pages.add(page(address(http)).strip());
            }
            assertEquals(Set.of("web 0", "web 1", "web 2"), pages, "each allocation answers on its own port");
            assertEquals(6, ports.size());

            AgentProcess.Result status = AgentProcess.run(tmp, "alloc", "status", "--address", agent.api(),
                    allocs.get(0).path("ID").asText());
            CliIT.assertSuccess(status);
            assertTrue(status.stdout().contains("\nAllocation Addresses (mode = \"host\"):\nLabel   Dynamic  Address\n"
                    + "*http   yes      " + address(port(allocs.get(0), "http")) + "\n*admin  yes      "
                    + address(port(allocs.get(0), "admin")) + "\n"), status.stdout());
            CliIT.assertSuccess(AgentProcess.run(tmp, "stop", "--address", agent.api(), "web"));
        }
    }

    @Test
    void aStaticPortAnotherJobHoldsLeavesTheJobWaitingUntilItIsFree() throws Exception {
        Path data = tmp.resolve("data");
        int port = AgentProcess.freePort();
        try (AgentProcess agent = agent(data, "console.txt")) {
            String fixed = "\n        static = " + port + "\n      ";
            CliIT.assertSuccess(AgentProcess.run(tmp, "run", "-detach", "--address", agent.api(),
                    write("first.nomad.hcl", webJob("first", 1, fixed)).toString()));
            JsonNode first = running(agent, "first", 1).get(0);
            assertEquals(port, port(first, "http").path("Value").asInt());
            String at = address(port(first, "http"));
            assertEquals("first 0", page(at).strip());

            AgentProcess.Result second = AgentProcess.run(tmp, "run", "--address", agent.api(),
                    write("second.nomad.hcl", webJob("second", 1, fixed)).toString());
            assertEquals(2, second.exitCode(), second.stdout() + second.stderr());
            assertTrue(second.stdout().contains("    Task Group \"web\" (failed to place 1 allocation):\n"
                    + "      * Resources exhausted on 1 nodes\n"
                    + "      * Dimension \"network: reserved port collision http=" + port + "\" exhausted on 1 nodes\n"),
                    second.stdout());
            assertEquals("first 0", page(at).strip(), "the running job is untouched");
            assertEquals(first.path("ID"), running(agent, "first", 1).get(0).path("ID"));

            CliIT.assertSuccess(AgentProcess.run(tmp, "stop", "--address", agent.api(), "first"));
            JsonNode placed = running(agent, "second", 1).get(0);
            assertEquals(port, port(placed, "http").path("Value").asInt());
            assertEquals("second 0", page(at).strip(), "placed once the port was free");
            CliIT.assertSuccess(AgentProcess.run(tmp, "stop", "--address", agent.api(), "second"));
        }
    }

    @Test
    void portsAreTheSameAfterTheAgentIsKilledAndStartedAgain() throws Exception {
        Path data = tmp.resolve("data");
        JsonNode before;
        try (AgentProcess first = agent(data, "first.txt")) {
            CliIT.assertSuccess(AgentProcess.run(tmp, "run", "-detach", "--address", first.api(),
                    write("web.nomad.hcl", webJob("web", 1, "")).toString()));
            before = running(first, "web", 1).get(0);
            assertEquals("web 0", page(address(port(before, "http"))).strip());
        } // SIGKILL
        try (AgentProcess second = agent(data, "second.txt")) {
            JsonNode after = running(second, "web", 1).get(0);
            assertEquals(before.path("ID"), after.path("ID"));
            assertEquals(before.path("AllocatedResources"), after.path("AllocatedResources"));
            assertEquals("web 0", page(address(port(after, "http"))).strip(), "still answering, never restarted");
            assertEquals(List.of("Received", "Task Setup", "Started"), types(after, "server"));
            CliIT.assertSuccess(AgentProcess.run(tmp, "stop", "--address", second.api(), "web"));
        }
    }

    @Test
    void aContainersLabelledPortAnswersOnTheHost() throws Exception {
        DockerEngine.require();
        String job = """
                job "boxed" {
                  group "g" {
                    network {
                      port "http" {
                        to = 8080
                      }
                    }
                    task "web" {
                      driver = "docker"
                      config {
                        image   = "%s"
                        command = "/bin/sh"
                        args    = ["-c", "echo \\"$NOMAD_PORT_http $NOMAD_HOST_PORT_http $NOMAD_ADDR_http\\" > /local/env && mkdir -p /local/www && echo boxed > /local/www/index.html && exec httpd -f -p 8080 -h /local/www"]
                        ports   = ["http"]
                      }
                    }
                  }
                }
                """.formatted(DockerEngine.IMAGE);
        Path data = tmp.resolve("data");
        try (AgentProcess agent = agent(data, "console.txt")) {
            CliIT.assertSuccess(AgentProcess.run(tmp, "run", "-detach", "--address", agent.api(),
                    write("boxed.nomad.hcl", job).toString()));
            JsonNode alloc = running(agent, "boxed", 1).get(0);
            JsonNode http = port(alloc, "http");
            assertEquals(8080, http.path("To").asInt());
            assertEquals("boxed", page(address(http)).strip(), "the host port is published to the container's 8080");
            Path env = data.resolve("alloc").resolve(alloc.path("ID").asText()).resolve("web/local/env");
            Poll.until(() -> Files.exists(env), TIMEOUT, () -> env + " not written");
            assertEquals("8080 " + http.path("Value").asInt() + " " + address(http), Files.readString(env).strip(),
                    "inside, NOMAD_PORT is the container's port and the host's are the host's");
            CliIT.assertSuccess(AgentProcess.run(tmp, "stop", "--address", agent.api(), "boxed"));
        }
    }

    /**
     * Bridge mode from a job file: two allocations whose tasks both listen on 8080 in namespaces of
     * their own, a raw_exec task and a docker one sharing each namespace, each allocation reached from
     * the host through its own mapped port.
     */
    @Test
    void bridgeAllocationsListenOnOnePortEachReachedThroughItsMapping() throws Exception {
        DockerEngine.require();
        String job = """
                job "bridged" {
                  group "pair" {
                    count = 2
                    network {
                      mode = "bridge"
                      port "http" {
                        to = 8080
                      }
                      port "side" {
                        to = 9090
                      }
                    }
                    task "web" {
                      driver = "raw_exec"
                      config {
                        command = "/bin/sh"
                        args    = ["-c", "mkdir -p local/www && echo \\"pair ${NOMAD_ALLOC_INDEX} at $NOMAD_ALLOC_IP_http\\" > local/www/index.html && exec /bin/busybox httpd -f -p 8080 -h local/www"]
                      }
                    }
                    task "box" {
                      driver = "docker"
                      config {
                        image   = "%s"
                        command = "/bin/sh"
                        args    = ["-c", "mkdir -p /local/www && echo \\"box ${NOMAD_ALLOC_INDEX}\\" > /local/www/index.html && exec httpd -f -p 9090 -h /local/www"]
                      }
                    }
                  }
                }
                """.formatted(DockerEngine.IMAGE);
        Path data = tmp.resolve("data");
        // No registry is reachable: the pause container is of the local image.
        Files.writeString(Files.createDirectories(data.resolve("deploy")).resolve("org.drover.driver.docker.cfg"),
                "infra_image = " + DockerEngine.PAUSE + "\n");
        try (AgentProcess agent = agent(data, "console.txt")) {
            CliIT.assertSuccess(AgentProcess.run(tmp, "run", "-detach", "--address", agent.api(),
                    write("bridged.nomad.hcl", job).toString()));
            List<JsonNode> allocs = running(agent, "bridged", 2);
            Set<String> pages = new HashSet<>();
            for (JsonNode a : allocs) {
                String page = page(address(port(a, "http"))).strip();
                assertTrue(page.matches("pair [01] at 172\\.26\\.(6[4-9]|7[0-9])\\.\\d+"), page);
                pages.add(page.substring(0, 6));
                String index = page.substring(5, 6);
                assertEquals("box " + index, page(address(port(a, "side"))).strip(),
                        "the docker task is in the same namespace, behind the same allocation's mapping");
            }
            assertEquals(Set.of("pair 0", "pair 1"), pages, "both listen on 8080, each in its own namespace");
            CliIT.assertSuccess(AgentProcess.run(tmp, "stop", "--address", agent.api(), "bridged"));
            // The namespace goes after the tasks are dead: its pause container is removed by the hook's teardown.
            for (JsonNode a : allocs) {
                String id = a.path("ID").asText();
                Poll.until(() -> {
                    try {
                        return DockerEngine.docker("ps", "-aq", "--filter", "name=drover-init-" + id).output()
                                .isBlank();
                    } catch (Exception e) {
                        return false;
                    }
                }, TIMEOUT, () -> "the pause container of " + id + " left after the stop");
            }
        }
    }

    static List<String> types(JsonNode alloc, String task) {
        List<String> out = new ArrayList<>();
        alloc.path("TaskStates").path(task).path("Events").forEach(e -> out.add(e.path("Type").asText()));
        return out;
    }
}
