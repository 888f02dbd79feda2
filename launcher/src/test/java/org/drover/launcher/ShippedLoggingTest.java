package org.drover.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.rolling.TimeBasedRollingPolicy;

/**
 * The agent's default logging is set up in code; the {@code logback.xml} in the
 * jar, the operators' example, must describe the same thing: the same appenders
 * with the same rolling, writing the same bytes for the same events.
 */
class ShippedLoggingTest {

    @TempDir
    Path dir;
    private final PrintStream savedOut = System.out;

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        System.clearProperty(AgentLogging.FORMAT);
        System.clearProperty(AgentLogging.LOG_DIR);
        System.clearProperty(AgentLogging.CONSOLE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text", "json"})
    void theJarsExampleFileConfiguresWhatTheCodeDoes(String format) throws Exception {
        Written example = written(format, true);
        Written code = written(format, false);
        assertEquals(example.setup(), code.setup());
        assertEquals(example.file(), code.file());
        assertEquals(example.console(), code.console());
    }

    @Test
    void noOperatorsFileMeansTheShippedConfiguration() throws Exception {
        assertNull(AgentLogging.configuration(dir));
    }

    private record Written(List<String> setup, String file, String console) {
    }

    /** Two events of fixed time and thread, one with a throwable, through either configuration. */
    private Written written(String format, boolean fromXml) throws Exception {
        Path logs = Files.createDirectories(dir.resolve(fromXml ? "xml" : "code"));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
        LoggerContext context = new LoggerContext();
        AgentLogging.configure(context, fromXml ? AgentLogging.class.getResource(AgentLogging.CONFIG_NAME) : null,
                logs, format, false);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        List<String> setup = describe(root, logs);
        Logger agent = context.getLogger("org.drover.launcher.Agent");
        root.callAppenders(event(agent, Level.INFO, "ready {}", null));
        root.callAppenders(event(agent, Level.WARN, "failed", new IllegalStateException("boom")));
        context.stop();
        return new Written(setup, Files.readString(logs.resolve("agent.log")), console.toString(StandardCharsets.UTF_8));
    }

    private static LoggingEvent event(Logger logger, Level level, String message, Throwable thrown) {
        LoggingEvent e = new LoggingEvent(Logger.class.getName(), logger, level, message, thrown, new Object[] {1});
        e.setTimeStamp(1_700_000_000_123L);
        e.setThreadName("main");
        return e;
    }

    private static List<String> describe(Logger root, Path logs) throws Exception {
        List<String> d = new ArrayList<>(List.of("root " + root.getLevel()));
        for (var it = root.iteratorForAppenders(); it.hasNext();) {
            Appender<?> a = it.next();
            d.add(a.getName() + " " + a.getClass().getName());
            if (a instanceof FileAppender<?> f) {
                d.add(f.getFile().replace(logs.toString(), "LOGS") + " " + f.getEncoder().getClass().getName());
            }
            if (a instanceof RollingFileAppender<?> r) {
                TimeBasedRollingPolicy<?> p = (TimeBasedRollingPolicy<?>) r.getRollingPolicy();
                d.add(p.getClass().getName() + " " + p.getFileNamePattern().replace(logs.toString(), "LOGS")
                        + " history " + p.getMaxHistory() + " file " + field(p, "maxFileSize")
                        + " cap " + field(p, "totalSizeCap"));
            }
        }
        return d;
    }

    /** logback has no getters for these two. */
    private static Object field(Object policy, String name) throws Exception {
        for (Class<?> c = SizeAndTimeBasedRollingPolicy.class; c != null; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getName().equals(name)) {
                    f.setAccessible(true);
                    return f.get(policy);
                }
            }
        }
        throw new NoSuchFieldException(name);
    }
}
