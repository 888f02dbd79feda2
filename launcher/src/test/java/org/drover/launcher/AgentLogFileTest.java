package org.drover.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ch.qos.logback.classic.LoggerContext;

/** The agent's logging on logback: the configuration it reads, the files and lines it writes. */
class AgentLogFileTest {

    private static final String STAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d)";

    @TempDir
    Path data;
    private Path logs;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private PrintStream savedOut;

    @BeforeEach
    void console() throws Exception {
        logs = Files.createDirectories(data.resolve("logs"));
        savedOut = System.out;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        AgentLogging.console();
        AgentLogging.stop(); // the console a command has, not this JVM's logback-test.xml
    }

    @AfterEach
    void restore() {
        AgentLogging.stop();
        System.setOut(savedOut);
        System.clearProperty("logback.configurationFile");
        System.clearProperty(AgentLogging.FORMAT);
        System.clearProperty(AgentLogging.LOG_DIR);
        System.clearProperty(AgentLogging.CONSOLE);
    }

    private static void julInfo(String logger, String message) {
        java.util.logging.Logger.getLogger(logger).info(message);
    }

    /** The operator's file the tests use: agent.log rolled past 1 KB, FileInstall from DEBUG. */
    static void operatorsFile(Path target) throws Exception {
        try (var in = AgentLogFileTest.class.getResourceAsStream("/operator-logback.xml")) {
            Files.write(target, in.readAllBytes());
        }
    }

    private List<String> lines(String file) throws Exception {
        return Files.readAllLines(logs.resolve(file));
    }

    @Test
    void theShippedConfigurationWritesTheConsoleLineAndAgentLogWithJulRecordsToo() throws Exception {
        AgentLogging.start(data, logs);
        LoggerFactory.getLogger("org.drover.launcher.Agent").info("ready {}", 1);
        julInfo("fileinstall", "Installed mock.jar");
        java.util.logging.Logger.getLogger("fileinstall").fine("below INFO");
        AgentLogging.stop();

        String thread = Pattern.quote(Thread.currentThread().getName());
        List<String> file = lines("agent.log");
        assertEquals(2, file.size(), file.toString());
        assertTrue(file.get(0).matches(STAMP + " INFO  \\[" + thread + "\\] org\\.drover\\.launcher\\.Agent - ready 1"),
                file.get(0));
        assertTrue(file.get(1).matches(STAMP + " INFO  \\[" + thread + "\\] fileinstall"
                + " - Installed mock\\.jar"), file.get(1));
        List<String> console = stdout.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(2, console.size(), console.toString());
        assertTrue(console.get(0).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  Agent - ready 1"), console.get(0));
        assertTrue(console.get(1).endsWith(" INFO  fileinstall - Installed mock.jar"), console.get(1));
    }

    @Test
    void aNewAgentAppendsToTheFileItFinds() throws Exception {
        Files.writeString(logs.resolve("agent.log"), "earlier\n");
        AgentLogging.start(data, logs);
        LoggerFactory.getLogger("org.drover.Test").warn("later");
        AgentLogging.stop();
        List<String> file = lines("agent.log");
        assertEquals("earlier", file.get(0));
        assertTrue(file.get(1).endsWith(" WARN  [" + Thread.currentThread().getName() + "] org.drover.Test - later"),
                file.get(1));
    }

    /** A logback.xml in the data dir replaces the shipped one; its levels reach java.util.logging too. */
    @Test
    void theDataDirsConfigurationWinsAndRollsAgentLogBySize() throws Exception {
        operatorsFile(data.resolve("logback.xml"));
        AgentLogging.start(data, logs);
        Logger log = LoggerFactory.getLogger("org.drover.Test");
        for (int i = 0; i < 100; i++) {
            log.info("line {} of forty-odd bytes", i);
        }
        java.util.logging.Logger.getLogger("fileinstall").fine("debug from JUL");
        AgentLogging.stop();

        assertEquals("DEBUG fileinstall - debug from JUL", lines("agent.log").get(
                lines("agent.log").size() - 1));
        List<Path> rolled;
        try (var files = Files.list(logs)) {
            rolled = files.filter(p -> p.getFileName().toString().matches("agent\\.\\d{4}-\\d\\d-\\d\\d\\.\\d+\\.log"))
                    .toList();
        }
        assertTrue(rolled.size() >= 3, "100 lines of ~45 bytes in files of 1 KB: " + rolled);
        for (Path p : rolled) {
            long size = Files.size(p);
            assertTrue(size >= 1024 && size < 1024 + 64, p + " holds " + size + " bytes");
        }
        assertTrue(stdout.toString(StandardCharsets.UTF_8).endsWith(" DEBUG fileinstall - debug from JUL"
                + System.lineSeparator()), "the operator's console line");
    }

    @Test
    void logbacksOwnPropertyWinsOverTheDataDirsFile() throws Exception {
        Files.writeString(data.resolve("logback.xml"), "<configuration/>");
        Path named = data.resolve("mine.xml");
        Files.writeString(named, """
                <configuration>
                  <appender name="file" class="ch.qos.logback.core.FileAppender">
                    <file>${drover.log.dir}/mine.log</file>
                    <encoder><pattern>mine %msg%n</pattern></encoder>
                  </appender>
                  <root level="INFO"><appender-ref ref="file"/></root>
                </configuration>
                """);
        System.setProperty("logback.configurationFile", named.toString());
        AgentLogging.start(data, logs);
        LoggerFactory.getLogger("org.drover.Test").info("hello");
        AgentLogging.stop();
        assertEquals(List.of("mine hello"), lines("mine.log"));
        assertFalse(Files.exists(logs.resolve("agent.log")));
    }

    /** logback reads a changed file again by itself; the agent's properties still hold then. */
    @Test
    void aScannedConfigurationKeepsTheAgentsPropertiesWhenReadAgain() throws Exception {
        String scanned = """
                <configuration scan="true" scanPeriod="100 milliseconds">
                  <appender name="FILE" class="ch.qos.logback.core.FileAppender">
                    <file>${drover.log.dir}/agent.log</file>
                    <encoder><pattern>%s %%msg%%n</pattern></encoder>
                  </appender>
                  <root level="INFO"><appender-ref ref="FILE"/></root>
                </configuration>
                """;
        Path file = data.resolve("logback.xml");
        Files.writeString(file, scanned.formatted("first"));
        AgentLogging.start(data, logs);
        Logger log = LoggerFactory.getLogger("org.drover.Test");
        log.info("one");
        Files.writeString(file, scanned.formatted("second"));
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        Poll.until(() -> {
            log.info("tick");
            try {
                return Files.readAllLines(logs.resolve("agent.log")).contains("second tick");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, Poll.TIMEOUT, () -> "the changed file was not read again into " + logs.resolve("agent.log"));
        assertEquals("first one", lines("agent.log").get(0));
    }

    @Test
    void withJsonFormatAgentLogHoldsOneJsonObjectALine() throws Exception {
        System.setProperty(AgentLogging.FORMAT, "json");
        AgentLogging.start(data, logs);
        LoggerFactory.getLogger("org.drover.launcher.Agent").info("ready {}", 1);
        LoggerFactory.getLogger("org.drover.Test").warn("failed", new IllegalStateException("boom"));
        julInfo("fileinstall", "Installed mock.jar");
        AgentLogging.stop();

        ObjectMapper json = new ObjectMapper();
        List<JsonNode> records = lines("agent.log").stream().map(l -> {
            try {
                return json.readTree(l);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + l, e);
            }
        }).toList();
        assertEquals(3, records.size());
        JsonNode ready = records.get(0);
        assertEquals("INFO", ready.path("level").asText());
        assertEquals("org.drover.launcher.Agent", ready.path("loggerName").asText());
        assertEquals(Thread.currentThread().getName(), ready.path("threadName").asText());
        assertEquals("ready 1", ready.path("formattedMessage").asText());
        assertTrue(Math.abs(ready.path("timestamp").asLong() - System.currentTimeMillis()) < 60_000, ready.toString());
        assertEquals("WARN", records.get(1).path("level").asText());
        assertEquals("java.lang.IllegalStateException", records.get(1).path("throwable").path("className").asText());
        assertEquals("boom", records.get(1).path("throwable").path("message").asText());
        assertEquals("Installed mock.jar", records.get(2).path("formattedMessage").asText());
        assertTrue(stdout.toString(StandardCharsets.UTF_8).contains(" INFO  Agent - ready 1"),
                "the console keeps its line");
    }

    @Test
    void anUnusableConfigurationIsOneLineAndTheConsoleGoesOn() throws Exception {
        Files.writeString(data.resolve("logback.xml"), "<configuration><appender name=");
        LaunchException e = assertThrows(LaunchException.class, () -> AgentLogging.start(data, logs));
        assertTrue(e.getMessage().startsWith("logging configuration " + data.resolve("logback.xml") + ": XML_PARSING"),
                e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());

        System.setProperty(AgentLogging.FORMAT, "yaml");
        Files.delete(data.resolve("logback.xml"));
        assertEquals("drover.log.format is yaml; it must be text or json",
                assertThrows(LaunchException.class, () -> AgentLogging.start(data, logs)).getMessage());
        System.setProperty("logback.configurationFile", data.resolve("absent.xml").toString());
        assertEquals("logback.configurationFile " + data.resolve("absent.xml") + ": no such file",
                assertThrows(LaunchException.class, () -> AgentLogging.start(data, logs)).getMessage());

        LoggerFactory.getLogger("org.drover.Test").info("still here");
        assertTrue(stdout.toString(StandardCharsets.UTF_8).endsWith(" INFO  Test - still here"
                + System.lineSeparator()), stdout.toString(StandardCharsets.UTF_8));
    }

    /** Bundles wire to the launcher's slf4j-api; logback, beside it on the class path, is not exported. */
    @Test
    void theFrameworkExportsSlf4jsPackagesAndNoneOfLogbacks() throws Exception {
        String clauses = SystemPackages.extra().replaceAll("\"[^\"]*\"", ""); // the commas of uses:="..."
        List<String> packages = java.util.Arrays.stream(clauses.split(","))
                .map(clause -> clause.split(";")[0].strip()).distinct().sorted().toList();
        assertEquals(List.of(SystemPackages.JDK_HTTP_SERVER, "org.slf4j", "org.slf4j.event", "org.slf4j.helpers",
                "org.slf4j.spi"), packages);
    }

    /** An agent inside a command (the dev agent) writes its file and leaves the console to the command. */
    @Test
    void aQuietConsoleStaysQuietThroughTheAgentsConfiguration() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        AgentLogging.configure(context, AgentLogging.configuration(data), logs, "text", true);
        LoggerFactory.getLogger("org.drover.Test").info("to the file only");
        AgentLogging.console(context, true);
        assertTrue(lines("agent.log").get(0).endsWith(" org.drover.Test - to the file only"));
        assertTrue(stdout.toString(StandardCharsets.UTF_8).isEmpty(), stdout.toString(StandardCharsets.UTF_8));
    }
}
