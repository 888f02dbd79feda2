package org.drover.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as people use it: against a running agent, and on its own in dev mode. */
class CliIT {

    static final Path EXAMPLES = Path.of("../examples").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    static void assertSuccess(AgentProcess.Result r) {
        assertEquals(0, r.exitCode(), "stdout:\n" + r.stdout() + "\nstderr:\n" + r.stderr());
    }

    @Test
    void runWithNoAgentRunsTheJobInADevAgentAndPrintsItsOutput() throws Exception {
        String nowhere = "http://127.0.0.1:" + AgentProcess.freePort();
        AgentProcess.Result r = AgentProcess.run(tmp, "run", "--address", nowhere,
                EXAMPLES.resolve("hello.nomad").toString());
        assertSuccess(r);
        List<String> out = r.stdout().lines().toList();
        assertEquals("==> No agent at " + nowhere + ": running the job in a dev agent", out.get(0));
        assertTrue(out.get(1).startsWith("==> Job \"hello\" submitted; allocations: "), out.get(1));
        assertTrue(out.stream().anyMatch(l -> l.matches(" +\\S+ +\\p{XDigit}{8} +hello +Terminated +Exit Code: 0")),
                r.stdout());
        assertTrue(out.contains("==> Job \"hello\" finished"), r.stdout());
        assertTrue(out.contains("Hello from Drover, hello!"), r.stdout());
        assertTrue(out.contains("I am task hello of group greeter in job hello"), r.stdout());
        assertEquals("", r.stderr());
    }

    @Test
    void theCommandsAgainstARunningAgent() throws Exception {
        try (AgentProcess agent = AgentProcess.start(tmp.resolve("console.txt"), "agent", "--data-dir",
                tmp.resolve("data").toString())) {
            agent.awaitLine(LauncherIT.READY);
            String api = agent.api();

            AgentProcess.Result run = AgentProcess.run(tmp, "run", "--address", api,
                    EXAMPLES.resolve("leader.nomad").toString());
            assertSuccess(run);
            assertTrue(run.stdout().lines().anyMatch(l -> l.matches(".*sidecar +Leader Task Dead +Leader Task in"
                    + " Group dead")), run.stdout());
            String allocId = run.stdout().lines().filter(l -> l.startsWith("==> Job \"leader\" submitted"))
                    .findFirst().orElseThrow().replaceAll(".*allocations: ", "");

            AgentProcess.Result json = AgentProcess.run(tmp, "run", "-json", "--address", api,
                    EXAMPLES.resolve("hello.nomad").toString());
            assertSuccess(json);
            com.fasterxml.jackson.databind.JsonNode allocs = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(json.stdout());
            assertEquals("complete", allocs.get(0).path("ClientStatus").asText(), json.stdout());

            AgentProcess.Result status = AgentProcess.run(tmp, "status", "--address", api);
            assertSuccess(status);
            assertTrue(status.stdout().lines().anyMatch(l -> l.matches("leader +batch +dead +\\{\"complete\":1}")),
                    status.stdout());
            assertTrue(status.stdout().lines().anyMatch(l -> l.matches("hello +batch +dead +\\{\"complete\":1}")),
                    status.stdout());
            AgentProcess.Result job = AgentProcess.run(tmp, "status", "--address", api, "leader");
            assertSuccess(job);
            assertTrue(job.stdout().lines().anyMatch(l -> l.matches(allocId + " +pair +0 +complete +main=dead,"
                    + " sidecar=dead")), job.stdout());

            AgentProcess.Result alloc = AgentProcess.run(tmp, "alloc", "status", "--address", api, allocId);
            assertSuccess(alloc);
            assertTrue(alloc.stdout().contains("Task \"main\" is \"dead\""), alloc.stdout());
            assertTrue(alloc.stdout().lines().anyMatch(l -> l.matches("\\S+ +Terminated +Exit Code: 0")),
                    alloc.stdout());
            AgentProcess.Result logs = AgentProcess.run(tmp, "alloc", "logs", "--address", api, allocId, "main");
            assertSuccess(logs);
            assertEquals("main working\nmain done\n", logs.stdout());

            AgentProcess.Result drivers = AgentProcess.run(tmp, "drivers", "--address", api);
            assertSuccess(drivers);
            assertTrue(drivers.stdout().lines().anyMatch(l -> l.matches("raw_exec +true +\\S+ +Healthy")),
                    drivers.stdout());

            Path failing = tmp.resolve("fails.nomad");
            Files.writeString(failing, "job \"fails\" {\n  type = \"batch\"\n  group \"g\" {\n    restart {\n"
                    + "      attempts = 0\n      mode = \"fail\"\n    }\n    task \"t\" {\n      driver = \"raw_exec\"\n"
                    + "      config {\n        command = \"/bin/sh\"\n        args = [\"-c\", \"exit 4\"]\n      }\n"
                    + "    }\n  }\n}\n");
            AgentProcess.Result failed = AgentProcess.run(tmp, "run", "--address", api, failing.toString());
            assertEquals(1, failed.exitCode(), failed.stdout());
            assertTrue(failed.stdout().contains("==> Job \"fails\" failed"), failed.stdout());

            Path badConfig = tmp.resolve("bad.nomad");
            Files.writeString(badConfig, Files.readString(failing).replace("command =", "comand ="));
            AgentProcess.Result invalid = AgentProcess.run(tmp, "validate", "--address", api, badConfig.toString());
            assertEquals(1, invalid.exitCode(), invalid.stdout());
            assertTrue(invalid.stderr().contains(badConfig + ": Job.TaskGroups[\"g\"].Tasks[\"t\"].Config: driver"
                    + " raw_exec: unknown config key \"comand\""), invalid.stderr());

            AgentProcess.Result detached = AgentProcess.run(tmp, "run", "-detach", "--address", api,
                    EXAMPLES.resolve("service.nomad").toString());
            assertSuccess(detached);
            Poll.until(() -> statusOf(api, "heartbeat").contains("running"), Duration.ofSeconds(30),
                    () -> statusOf(api, "heartbeat"));
            AgentProcess.Result stop = AgentProcess.run(tmp, "stop", "--address", api, "heartbeat");
            assertSuccess(stop);
            assertEquals(List.of("==> Stopping job \"heartbeat\"", "==> Job \"heartbeat\" stopped"),
                    stop.stdout().lines().toList());
            assertTrue(statusOf(api, "heartbeat").contains("\"Status\" : \"dead\""));
        }
    }

    private String statusOf(String api, String job) {
        try {
            return AgentProcess.run(tmp, "status", "-json", "--address", api, job).stdout();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyCommandHasHelp() throws Exception {
        for (List<String> cmd : List.of(List.of("run"), List.of("status"), List.of("alloc", "status"),
                List.of("alloc", "logs"), List.of("stop"), List.of("drivers"), List.of("validate"))) {
            List<String> args = new java.util.ArrayList<>(cmd);
            args.add("--help");
            AgentProcess.Result r = AgentProcess.run(tmp, args.toArray(String[]::new));
            assertSuccess(r);
            assertTrue(r.stdout().startsWith("Usage: drover " + String.join(" ", cmd)), r.stdout());
        }
    }
}
