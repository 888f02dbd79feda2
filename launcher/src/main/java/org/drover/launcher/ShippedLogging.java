package org.drover.launcher;

import java.nio.file.Path;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;

/**
 * The agent's logging when no operator's file is found: the console line and
 * {@code logs/agent.log}, set up through logback's own API. It is the
 * configuration, not a copy of one: the {@code logback.xml} in this jar is the
 * same setup written for Joran, an example for operators (a test proves they
 * build the same appenders). Set up in code, the JDK's XML parser and Joran's
 * model, some 400 classes that stay loaded, are left out of every agent that
 * has no file of its own (P8 in docs/benchmarks.md).
 */
final class ShippedLogging {

    /** The time with its UTC offset ({@code XXX}: {@code Z} at UTC, else {@code +01:00}), as ISO 8601 writes it. */
    static final String FILE_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger - %msg%n";
    static final String ROLLED = "agent.%d{yyyy-MM-dd}.%i.log";
    static final String MAX_FILE_SIZE = "10MB";
    static final String TOTAL_SIZE_CAP = "50MB";
    static final int MAX_HISTORY = 30;

    private ShippedLogging() {
    }

    /** Past 10 MB, or at midnight, agent.log moves to agent.DAY.N.log; 50 MB or 30 days of those are kept. */
    static void configure(LoggerContext context, Path logDir, String format, boolean quiet) {
        AgentLogging.console(context, quiet);
        RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
        file.setContext(context);
        file.setName("FILE");
        file.setFile(logDir + "/agent.log");
        SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
        policy.setContext(context);
        policy.setParent(file);
        policy.setFileNamePattern(logDir + "/" + ROLLED);
        policy.setMaxFileSize(FileSize.valueOf(MAX_FILE_SIZE));
        policy.setTotalSizeCap(FileSize.valueOf(TOTAL_SIZE_CAP));
        policy.setMaxHistory(MAX_HISTORY);
        policy.start();
        file.setRollingPolicy(policy);
        file.setEncoder("json".equals(format) ? json(context) : text(context));
        file.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(file);
    }

    private static Encoder<ILoggingEvent> text(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(FILE_PATTERN);
        encoder.start();
        return encoder;
    }

    /** One JSON object a line, for log shippers: the formatted message, not its template and arguments. */
    private static Encoder<ILoggingEvent> json(LoggerContext context) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.setWithFormattedMessage(true);
        encoder.start();
        return encoder;
    }
}
