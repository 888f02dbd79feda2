package org.drover.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The agent's logging through logback, in the real distribution: the files an operator gets. */
class AgentLoggingIT {

    @TempDir
    Path tmp;

    /** What an agent logs through slf4j (the launcher, a bundle) and java.util.logging (FileInstall). */
    private static void readyThenDeployMockThenStop(AgentProcess agent, Path deploy) throws Exception {
        agent.awaitLine(LauncherIT.READY);
        int mark = agent.lineCount();
        LauncherIT.deploy(LauncherIT.MOCK_DRIVER, deploy.resolve("mock.jar"), 0);
        agent.awaitLine(LauncherIT.MOCK_UP, mark, LauncherIT.DEPLOY_TIMEOUT);
        agent.awaitLine("INFO  fileinstall - Started bundle: ", mark, LauncherIT.DEPLOY_TIMEOUT);
        assertEquals(0, agent.terminate(LauncherIT.STOP_TIMEOUT));
    }

    @Test
    void aLogbackXmlInTheDataDirRollsAgentLogBySizeWithBundleAndJulLinesInIt() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        AgentLogFileTest.operatorsFile(data.resolve("logback.xml"));
        try (AgentProcess agent = AgentProcess.start(tmp.resolve("console.txt"), "agent", "--data-dir",
                data.toString())) {
            readyThenDeployMockThenStop(agent, data.resolve("deploy"));
        }
        Path logs = data.resolve("logs");
        List<Path> rolled;
        try (var files = Files.list(logs)) {
            rolled = files.filter(p -> p.getFileName().toString().matches("agent\\.\\d{4}-\\d\\d-\\d\\d\\.\\d+\\.log"))
                    .sorted().toList();
        }
        assertFalse(rolled.isEmpty(), "agent.log rolled past 1 KB");
        List<String> lines = new ArrayList<>();
        for (Path p : rolled) {
            assertTrue(Files.size(p) < 1024 + 512, p + " is " + Files.size(p) + " bytes");
            lines.addAll(Files.readAllLines(p));
        }
        lines.addAll(Files.readAllLines(logs.resolve("agent.log")));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("INFO org.drover.launcher.Agent - Drover agent ready")),
                lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith(
                "INFO org.drover.runner.core.drivers.DriverRegistry - Driver mock available from bundle")),
                "runner-core logs through slf4j: " + lines);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("INFO fileinstall - Started bundle: ")),
                "FileInstall logs through java.util.logging: " + lines);
        assertEquals("INFO org.drover.launcher.Agent - Drover agent stopped", lines.get(lines.size() - 1));
    }

    @Test
    void logbacksOwnPropertyNamesTheOperatorsFile() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path mine = tmp.resolve("mine.xml");
        Files.writeString(mine, """
                <configuration>
                  <appender name="FILE" class="ch.qos.logback.core.FileAppender">
                    <file>${drover.log.dir}/mine.log</file>
                    <encoder><pattern>mine %logger{0} %msg%n</pattern></encoder>
                  </appender>
                  <root level="INFO"><appender-ref ref="FILE"/></root>
                </configuration>
                """);
        try (AgentProcess agent = AgentProcess.startWithJvmOptions(List.of("-Dlogback.configurationFile=" + mine),
                tmp.resolve("console.txt"), "agent", "--data-dir", data.toString())) {
            Path log = data.resolve("logs/mine.log");
            Poll.until(() -> readyIn(log), AgentProcess.START_TIMEOUT, () -> log + " has no ready line");
            assertEquals(0, agent.terminate(LauncherIT.STOP_TIMEOUT));
            assertFalse(agent.console().contains("Drover agent ready"), "the operator's file has no console");
        }
        assertFalse(Files.exists(data.resolve("logs/agent.log")));
    }

    private static boolean readyIn(Path log) {
        try {
            return Files.exists(log) && Files.readAllLines(log).stream()
                    .anyMatch(l -> l.startsWith("mine Agent Drover agent ready: "));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void withJsonFormatAgentLogIsJsonLinesAndTheConsoleStaysText() throws Exception {
        Path data = tmp.resolve("data");
        try (AgentProcess agent = AgentProcess.startWithJvmOptions(List.of("-Ddrover.log.format=json"),
                tmp.resolve("console.txt"), "agent", "--data-dir", data.toString())) {
            readyThenDeployMockThenStop(agent, data.resolve("deploy"));
        }
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> records = new ArrayList<>();
        for (String line : Files.readAllLines(data.resolve("logs/agent.log"))) {
            records.add(json.readTree(line));
        }
        JsonNode ready = records.stream()
                .filter(r -> r.path("formattedMessage").asText().startsWith("Drover agent ready: ")).findFirst()
                .orElseThrow(() -> new AssertionError("no ready record: " + records));
        assertEquals("INFO", ready.path("level").asText());
        assertEquals("org.drover.launcher.Agent", ready.path("loggerName").asText());
        assertEquals("main", ready.path("threadName").asText());
        assertTrue(ready.path("timestamp").isNumber(), ready.toString());
        assertTrue(records.stream().anyMatch(r -> r.path("loggerName").asText().equals("fileinstall")
                && r.path("formattedMessage").asText().startsWith("Started bundle: ")), records.toString());
        assertTrue(records.stream().anyMatch(r -> r.path("loggerName").asText()
                .equals("org.drover.runner.core.drivers.DriverRegistry")), records.toString());
    }
}
