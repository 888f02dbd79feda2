package org.drover.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

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
        java.util.regex.Matcher first = Pattern.compile("==> No agent at " + Pattern.quote(nowhere)
                + ": running the job in a dev agent \\(data dir (\\S+)\\)").matcher(out.get(0));
        assertTrue(first.matches(), out.get(0));
        assertFalse(Files.exists(Path.of(first.group(1))), "the dev agent's data dir is removed");
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

            // A batch job's output, read over the API, as in dev mode; the address as --http-addr takes it.
            AgentProcess.Result hello = AgentProcess.run(tmp, "run", "--address", api.replace("http://", ""),
                    EXAMPLES.resolve("hello.nomad").toString());
            assertSuccess(hello);
            List<String> helloOut = hello.stdout().lines().toList();
            assertEquals(List.of("Hello from Drover, hello!", "I am task hello of group greeter in job hello"),
                    helloOut.subList(helloOut.indexOf("==> Job \"hello\" finished") + 1,
                            helloOut.indexOf("==> Job \"hello\" finished") + 3), hello.stdout());

            AgentProcess.Result json = AgentProcess.run(tmp, "run", "-json", "--address", api,
                    EXAMPLES.resolve("hello.nomad").toString());
            assertSuccess(json);
            com.fasterxml.jackson.databind.JsonNode allocs = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(json.stdout());
            assertEquals("complete", allocs.get(0).path("ClientStatus").asText(), json.stdout());

            AgentProcess.Result status = AgentProcess.run(tmp, "status", "--address", api);
            assertSuccess(status);
            assertEquals("ID      Type   Status  Queued  Starting  Running  Failed  Complete  Lost",
                    status.stdout().lines().findFirst().orElseThrow(), status.stdout());
            assertTrue(status.stdout().lines().anyMatch(l -> l.matches("leader +batch +dead +0 +0 +0 +0 +1 +0")),
                    status.stdout());
            assertTrue(status.stdout().lines().anyMatch(l -> l.matches("hello +batch +dead +0 +0 +0 +0 +1 +0")),
                    status.stdout());
            AgentProcess.Result job = AgentProcess.run(tmp, "status", "--address", api, "leader");
            assertSuccess(job);
            List<String> jobLines = job.stdout().lines().toList();
            int summary = jobLines.indexOf("Summary");
            assertEquals(List.of("Task Group  Queued  Starting  Running  Failed  Complete  Lost",
                    "pair        0       0         0        0       1         0"),
                    jobLines.subList(summary + 1, summary + 3), job.stdout());
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

            // A job this node cannot run waits, as Nomad's does: run exits 2, job status says why.
            Path windows = tmp.resolve("windows.nomad");
            Files.writeString(windows, Files.readString(failing).replace("job \"fails\" {", "job \"win\" {\n"
                    + "  constraint {\n    attribute = \"${attr.kernel.name}\"\n    value = \"windows\"\n  }"));
            AgentProcess.Result waits = AgentProcess.run(tmp, "job", "run", "--address", api, windows.toString());
            assertEquals(2, waits.exitCode(), waits.stdout() + waits.stderr());
            assertTrue(waits.stdout().contains("      * Constraint \"${attr.kernel.name} = windows\": 1 nodes excluded"
                    + " by filter\n"), waits.stdout());
            AgentProcess.Result why = AgentProcess.run(tmp, "job", "status", "--address", api, "win");
            assertSuccess(why);
            assertTrue(why.stdout().contains("Placement Failure\nTask Group \"g\":\n  * Constraint"
                    + " \"${attr.kernel.name} = windows\": 1 nodes excluded by filter\n"), why.stdout());

            Path badConfig = tmp.resolve("bad.nomad");
            Files.writeString(badConfig, Files.readString(failing).replace("command =", "comand ="));
            AgentProcess.Result invalid = AgentProcess.run(tmp, "validate", "--address", api, badConfig.toString());
            assertEquals(1, invalid.exitCode(), invalid.stdout());
            assertTrue(invalid.stderr().contains(badConfig + ": Job.TaskGroups[\"g\"].Tasks[\"t\"].Config: driver"
                    + " raw_exec: unknown config key \"comand\""), invalid.stderr());
            AgentProcess.Result invalidJson = AgentProcess.run(tmp, "validate", "-json", "--address", api,
                    badConfig.toString());
            assertEquals(1, invalidJson.exitCode(), invalidJson.stdout());
            com.fasterxml.jackson.databind.JsonNode result = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(invalidJson.stdout());
            assertEquals(List.of("DriverConfigValidated", "ValidationErrors", "Error", "Warnings"),
                    iterable(result.fieldNames()), "Nomad's JobValidateResponse");
            assertTrue(result.path("DriverConfigValidated").asBoolean());
            assertTrue(result.path("ValidationErrors").path(0).asText().startsWith(badConfig + ": Job.TaskGroups[\"g\"]"
                    + ".Tasks[\"t\"].Config: driver raw_exec: unknown config key \"comand\""), invalidJson.stdout());
            assertEquals(String.join("\n", iterableText(result.path("ValidationErrors"))),
                    result.path("Error").asText(), invalidJson.stdout());
            AgentProcess.Result validJson = AgentProcess.run(tmp, "validate", "-json", "--address", api,
                    failing.toString());
            assertSuccess(validJson);
            assertEquals("{\"DriverConfigValidated\":true,\"ValidationErrors\":[],\"Error\":null,\"Warnings\":\"\"}",
                    new com.fasterxml.jackson.databind.ObjectMapper().readTree(validJson.stdout()).toString());

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

            // Run again once stopped, it is the job's next version; purged, it is gone.
            assertSuccess(AgentProcess.run(tmp, "run", "-detach", "--address", api,
                    EXAMPLES.resolve("service.nomad").toString()));
            Poll.until(() -> statusOf(api, "heartbeat").contains("running"), Duration.ofSeconds(30),
                    () -> statusOf(api, "heartbeat"));
            assertTrue(statusOf(api, "heartbeat").contains("\"Version\" : 1"), statusOf(api, "heartbeat"));
            AgentProcess.Result purge = AgentProcess.run(tmp, "stop", "-purge", "--address", api, "heartbeat");
            assertSuccess(purge);
            assertEquals("==> Job \"heartbeat\" stopped and purged", purge.stdout().lines().toList().get(1));
            Poll.until(() -> statusOf(api, "heartbeat").isEmpty(), Duration.ofSeconds(30),
                    () -> statusOf(api, "heartbeat"));
        }
    }

    /** A job whose task runs for an hour, its processes found by a mark no other process has. */
    private Path forever(String type, String mark) throws IOException {
        Path file = tmp.resolve("forever.nomad");
        Files.writeString(file, "job \"forever\" {\n  type = \"" + type + "\"\n  group \"g\" {\n    task \"t\" {\n"
                + "      driver = \"raw_exec\"\n      config {\n        command = \"/bin/sh\"\n"
                + "        args = [\"-c\", \"echo up; sleep " + mark + "\"]\n      }\n      kill_timeout = \"5s\"\n"
                + "    }\n  }\n}\n");
        return file;
    }

    /** Seconds to sleep, unique to this run: the task's shell and its sleep both carry it. */
    private static String mark() {
        return "3600." + (System.nanoTime() % 1_000_000);
    }

    /** The task's processes still alive: its shell and its sleep (not the monitor that ran them). */
    private static List<Long> marked(String mark) {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(mark)
                && !p.info().command().orElse("").contains("drover-monitor")).map(ProcessHandle::pid).sorted().toList();
    }

    private static boolean sleeping(String mark) {
        return ProcessHandle.allProcesses().anyMatch(p -> p.info().command().orElse("").endsWith("/sleep")
                && p.info().commandLine().orElse("").endsWith(" " + mark));
    }

    private static void killMarked(String mark) {
        marked(mark).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    /** Ctrl-C in dev mode: the job's tasks are stopped, then the agent, its data dir removed; exit 130. */
    @Test
    void ctrlCInDevModeStopsTheJobAndTheAgentAndRemovesTheDataDir() throws Exception {
        String mark = mark();
        Path file = forever("service", mark);
        String nowhere = "http://127.0.0.1:" + AgentProcess.freePort();
        try (AgentProcess run = AgentProcess.start(tmp.resolve("run.txt"), "run", "--address", nowhere,
                file.toString())) {
            Path data = Path.of(run.awaitLine("running the job in a dev agent \\(data dir (\\S+)\\)").group(1));
            run.awaitLine("==> The job runs in the dev agent until Ctrl-C");
            Poll.until(() -> sleeping(mark), Duration.ofSeconds(30), () -> marked(mark).toString());
            assertTrue(Files.isDirectory(data));

            run.interrupt();
            assertEquals(130, run.awaitExit(Duration.ofSeconds(60)), run.console());
            assertEquals(List.of(), marked(mark), "the tasks do not outlive the dev agent");
            assertFalse(Files.exists(data), "data dir removed");
            assertTrue(run.console().contains("==> Interrupted: stopping job \"forever\" and the dev agent"),
                    run.console());
            assertFalse(run.console().contains("\tat "), run.console());
        } finally {
            killMarked(mark);
        }
    }

    /** Against a lasting agent, Ctrl-C only stops following, as Nomad's monitor: the job runs on. */
    @Test
    void ctrlCAgainstAnAgentOnlyStopsFollowing() throws Exception {
        String mark = mark();
        Path file = forever("batch", mark);
        try (AgentProcess agent = AgentProcess.start(tmp.resolve("console.txt"), "agent", "--data-dir",
                tmp.resolve("data").toString())) {
            agent.awaitLine(LauncherIT.READY);
            try (AgentProcess run = AgentProcess.start(tmp.resolve("run.txt"), "run", "--address", agent.api(),
                    file.toString())) {
                run.awaitLine(" t +Started +Task started by client");
                Poll.until(() -> sleeping(mark), Duration.ofSeconds(30), () -> marked(mark).toString());
                List<Long> task = marked(mark);
                run.interrupt();
                assertEquals(130, run.awaitExit(Duration.ofSeconds(30)), run.console());
                assertEquals(task, marked(mark), "the job runs on");
            }
            assertTrue(statusOf(agent.api(), "forever").contains("\"ClientStatus\" : \"running\""));
            assertSuccess(AgentProcess.run(tmp, "stop", "--address", agent.api(), "forever"));
            assertEquals(List.of(), marked(mark));
        } finally {
            killMarked(mark);
        }
    }

    private static List<String> iterableText(com.fasterxml.jackson.databind.JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> out = new java.util.ArrayList<>();
        names.forEachRemaining(out::add);
        return out;
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
                List.of("alloc", "logs"), List.of("stop"), List.of("drivers"), List.of("validate"),
                List.of("system", "gc"), List.of("version"))) {
            List<String> args = new java.util.ArrayList<>(cmd);
            args.add("--help");
            AgentProcess.Result r = AgentProcess.run(tmp, args.toArray(String[]::new));
            assertSuccess(r);
            assertTrue(r.stdout().startsWith("Usage: drover " + String.join(" ", cmd)), r.stdout());
        }
    }
}
