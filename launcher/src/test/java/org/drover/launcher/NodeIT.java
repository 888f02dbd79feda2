package org.drover.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The node's settings from the agent's flags, as the API serves them and tasks see them. */
class NodeIT extends SharedAgent {

    @BeforeAll
    static void start() throws Exception {
        startAgent("-dc", "eu1", "-node", "web-3", "-node-pool", "edge", "-region", "europe", "-meta", "rack=r7");
    }

    JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(agent.api() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return ApiIT.JSON.readTree(r.body());
    }

    @Test
    void theNodeHasTheFlagsSettingsTheHostsAttributesAndAKeptId() throws Exception {
        JsonNode n = get("/v1/node/self");
        assertEquals("eu1", n.path("Datacenter").asText());
        assertEquals("web-3", n.path("Name").asText());
        assertEquals("edge", n.path("NodePool").asText());
        assertEquals("r7", n.path("Meta").path("rack").asText());
        assertEquals("linux", n.path("Attributes").path("kernel.name").asText());
        assertEquals("2.0.5", n.path("Attributes").path("nomad.version").asText());
        assertEquals("1", n.path("Attributes").path("driver.raw_exec").asText());
        assertTrue(n.path("Drivers").path("raw_exec").path("Healthy").asBoolean(), n.toString());
        String id = n.path("ID").asText();
        assertEquals(id + "\n", Files.readString(data.resolve("node-id")));
        assertEquals(id, get("/v1/nodes").path(0).path("ID").asText());
    }

    @Test
    void theCommandLineShowsIt() throws Exception {
        String id = get("/v1/node/self").path("ID").asText();
        AgentProcess.Result list = AgentProcess.run(tmp, "node", "status", "-address", agent.api());
        assertEquals(0, list.exitCode(), list.stderr());
        assertEquals(List.of("ID        Node Pool  DC   Name   Class   Drain  Eligibility  Status",
                id.substring(0, 8) + "  edge       eu1  web-3  <none>  false  eligible     ready"),
                list.stdout().lines().toList());
        AgentProcess.Result self = AgentProcess.run(tmp, "node", "status", "-self", "-verbose", "-address",
                agent.api());
        assertEquals(0, self.exitCode(), self.stderr());
        assertTrue(self.stdout().startsWith("ID              = " + id + "\nName            = web-3\n"), self.stdout());
        assertTrue(self.stdout().contains("\nMeta\nrack = r7\n"), self.stdout());
        AgentProcess.Result none = AgentProcess.run(tmp, "node", "status", "-address", agent.api(), "ffff");
        assertEquals(1, none.exitCode());
        assertEquals("drover: No node(s) with prefix \"ffff\" found\n", none.stderr());
    }

    /** This node is in pool "edge"; a job that names no pool is in "default" and is not placed here, as in Nomad. */
    private static String inEdgePool(String job) {
        return job.replaceFirst("\\{\"Job\": \\{", "{\"Job\": {\"NodePool\": \"edge\", ");
    }

    @Test
    void aTaskSeesTheNode() throws Exception {
        String script = "echo ${node.datacenter} ${node.unique.name} ${node.region} ${node.pool} ${meta.rack}"
                + " ${attr.kernel.name} $NOMAD_DC $NOMAD_REGION";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(agent.api() + "/v1/jobs"))
                .PUT(HttpRequest.BodyPublishers.ofString(inEdgePool(ApiIT.job("where", "batch", "raw_exec",
                        ApiIT.shell(script)))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        String allocId = ApiIT.JSON.readTree(r.body()).path("AllocIDs").get(0).asText();
        Poll.until(() -> {
            try {
                return get("/v1/allocation/" + allocId).path("TaskStates").path("t").path("State").asText()
                        .equals("dead");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, Duration.ofSeconds(60), () -> "the task did not end");
        HttpResponse<String> logs = http.send(HttpRequest.newBuilder(URI.create(agent.api()
                + "/v1/client/fs/logs/" + allocId + "?task=t&type=stdout")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("eu1 web-3 europe edge r7 linux eu1 europe\n", logs.body());
    }
}
