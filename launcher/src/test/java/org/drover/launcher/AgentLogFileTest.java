package org.drover.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's log file and line format, on the JDK's logging. */
class AgentLogFileTest {

    @TempDir
    Path dir;

    private static LogRecord record(Level level, String logger, String message) {
        LogRecord r = new LogRecord(level, message);
        r.setLoggerName(logger);
        r.setInstant(Instant.parse("2026-11-28T05:06:07.089Z"));
        return r;
    }

    @Test
    void theCurrentFileKeepsItsNameAndOlderOnesMoveUpUntilTheLimit() throws Exception {
        RollingFileHandler file = new RollingFileHandler(dir, "agent.log", 200, 3);
        for (int i = 0; i < 40; i++) {
            file.publish(record(Level.INFO, "org.drover.Test", "line " + i));
        }
        file.close();
        try (var files = Files.list(dir)) {
            assertEquals(List.of("agent.1.log", "agent.2.log", "agent.3.log", "agent.log"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        String current = Files.readString(dir.resolve("agent.log"));
        assertTrue(current.endsWith("org.drover.Test - line 39" + System.lineSeparator()), current);
        for (String name : List.of("agent.log", "agent.1.log", "agent.2.log", "agent.3.log")) {
            assertTrue(Files.size(dir.resolve(name)) <= 200, name + " is over the limit");
        }
        String newestOld = Files.readString(dir.resolve("agent.1.log"));
        String oldest = Files.readString(dir.resolve("agent.3.log"));
        assertTrue(lineNumber(newestOld) > lineNumber(oldest), "agent.1.log holds newer lines than agent.3.log");
        assertTrue(Files.readAllLines(dir.resolve("agent.3.log")).stream().noneMatch(l -> l.endsWith(" - line 0")),
                "the oldest lines, beyond the files kept, are gone");
    }

    private static int lineNumber(String text) {
        String last = text.strip().lines().reduce((a, b) -> b).orElseThrow();
        return Integer.parseInt(last.substring(last.lastIndexOf(' ') + 1));
    }

    @Test
    void aNewAgentAppendsToTheFileItFinds() throws Exception {
        Files.writeString(dir.resolve("agent.log"), "earlier\n");
        RollingFileHandler file = new RollingFileHandler(dir, "agent.log", 10_000, 3);
        file.publish(record(Level.WARNING, "org.drover.Test", "later"));
        file.close();
        List<String> lines = Files.readAllLines(dir.resolve("agent.log"));
        assertEquals("earlier", lines.get(0));
        assertTrue(lines.get(1).endsWith(" WARN  [" + Thread.currentThread().getName() + "] org.drover.Test - later"),
                lines.get(1));
    }

    @Test
    void levelsHaveSlf4jNamesAndTheConsoleShowsTheSimpleLoggerName() {
        assertEquals("ERROR", LineFormat.level(Level.SEVERE));
        assertEquals("WARN", LineFormat.level(Level.WARNING));
        assertEquals("INFO", LineFormat.level(Level.INFO));
        assertEquals("INFO", LineFormat.level(Level.CONFIG));
        assertEquals("DEBUG", LineFormat.level(Level.FINE));
        assertEquals("TRACE", LineFormat.level(Level.FINEST));
        String line = LineFormat.console().format(record(Level.INFO, "org.drover.launcher.Agent", "ready"));
        assertTrue(line.matches("\\d\\d:\\d\\d:\\d\\d\\.089 INFO  Agent - ready\\R"), line);
        LogRecord withArgs = record(Level.INFO, "x", "{0} of {1}");
        withArgs.setParameters(new Object[] {"one", "two"});
        assertTrue(LineFormat.console().format(withArgs).contains(" x - one of two"), "JUL parameters are filled in");
    }
}
