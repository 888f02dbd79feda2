package org.drover.launcher;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.status.Status;

/**
 * The agent's logging: slf4j-api and logback on the launcher's class path, the
 * framework exporting only {@code org.slf4j} (bundles never see logback), and
 * java.util.logging routed into slf4j. So the launcher, the framework,
 * FileInstall (which logs to JUL) and every bundle write to the same console
 * and the same file.
 *
 * <p>Every command starts with the console alone ({@link ConsoleLogging}). An
 * agent, once it holds its data dir, reads the operator's logback configuration,
 * {@code -Dlogback.configurationFile}, else {@code DATA_DIR/logback.xml}; with
 * neither it sets up the shipped one ({@link ShippedLogging}), which writes
 * {@code logs/agent.log} (as JSON lines with {@code -Ddrover.log.format=json}).
 * An operator's file may use {@value #LOG_DIR}, {@value #FORMAT} and
 * {@value #CONSOLE}.
 */
final class AgentLogging {

    static final String CONFIG_NAME = "logback.xml";
    static final String LOG_DIR = "drover.log.dir";
    static final String FORMAT = "drover.log.format";
    static final String CONSOLE = "drover.console.pattern";
    static final String CONSOLE_PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n";
    private static final List<String> FORMATS = List.of("text", "json");

    /** Set by an agent inside a command, which keeps the console for the command's own output. */
    private static volatile boolean quiet;

    private AgentLogging() {
    }

    /** For every command, before anything logs: logback configures itself through {@link ConsoleLogging}. */
    static void console() {
        LoggerFactory.getILoggerFactory();
        routeJul();
    }

    /** Reads the agent's configuration (see the class comment); the console stays quiet if it was. */
    static void start(Path dataDir, Path logDir) throws LaunchException {
        routeJul();
        configure(context(), configuration(dataDir), logDir, format(), quiet);
    }

    static void quietConsole() {
        quiet = true;
        dropConsole(context());
    }

    /** Closes the agent's file: a command goes on with the console it had. */
    static void stop() {
        console(context(), quiet);
    }

    private static LoggerContext context() {
        return (LoggerContext) LoggerFactory.getILoggerFactory();
    }

    /** FileInstall, Felix's resolver and the JDK log to JUL: into slf4j, at logback's levels. */
    private static synchronized void routeJul() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }

    /** The console, INFO and up, one line a record, on standard output (nothing when quiet). */
    static void console(LoggerContext context, boolean quiet) {
        reset(context);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        if (quiet) {
            return;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(CONSOLE_PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("CONSOLE");
        console.setEncoder(encoder);
        console.start();
        root.addAppender(console);
    }

    /**
     * Replaces the context's configuration with the operator's file at {@code source}, or with the
     * shipped one when it is null; one line if it is unusable.
     */
    static void configure(LoggerContext context, URL source, Path logDir, String format, boolean quiet)
            throws LaunchException {
        reset(context);
        // System properties, not the context's: a file with scan="true" is read again after a
        // reset of the context, which clears the context's own.
        System.setProperty(LOG_DIR, logDir.toString());
        System.setProperty(FORMAT, format);
        System.setProperty(CONSOLE, CONSOLE_PATTERN);
        long since = System.currentTimeMillis();
        String failure = null;
        if (source == null) {
            ShippedLogging.configure(context, logDir, format, quiet);
        } else {
            failure = OperatorsFile.read(context, source);
        }
        String error = firstError(context, since);
        error = error == null ? failure : error;
        if (error != null) {
            console(context, quiet);
            throw new LaunchException("logging configuration " + (source == null ? "of " + logDir : where(source))
                    + ": " + error);
        }
        if (quiet) {
            dropConsole(context);
        }
    }

    private static String where(URL source) {
        try {
            return "file".equals(source.getProtocol()) ? Path.of(source.toURI()).toString() : source.toString();
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            return source.toString();
        }
    }

    /** An empty context whose levels java.util.logging follows, so records below them cost nothing there. */
    private static void reset(LoggerContext context) {
        context.reset();
        LevelChangePropagator jul = new LevelChangePropagator();
        jul.setContext(context);
        jul.setResetJUL(true); // the levels of the configuration before go
        context.addListener(jul);
        jul.start();
    }

    private static String firstError(LoggerContext context, long since) {
        for (Status s : context.getStatusManager().getCopyOfStatusList()) {
            if (s.getLevel() == Status.ERROR && s.getTimestamp() >= since) {
                Throwable cause = s.getThrowable();
                return cause == null ? s.getMessage() : s.getMessage() + ": " + cause.getMessage();
            }
        }
        return null;
    }

    /** Detaches every console appender, whichever configuration added it. */
    static void dropConsole(LoggerContext context) {
        for (Logger logger : context.getLoggerList()) {
            List<Appender<ILoggingEvent>> consoles = new ArrayList<>();
            logger.iteratorForAppenders().forEachRemaining(a -> {
                if (a instanceof ConsoleAppender) {
                    consoles.add(a);
                }
            });
            for (Appender<ILoggingEvent> a : consoles) {
                logger.detachAppender(a);
                a.stop();
            }
        }
    }

    /** The operator's file named by logback's own property, else the data dir's, else null: the shipped one. */
    static URL configuration(Path dataDir) throws LaunchException {
        String named = System.getProperty("logback.configurationFile");
        if (named != null) {
            return named(named);
        }
        Path own = dataDir.resolve(CONFIG_NAME);
        if (Files.isRegularFile(own)) {
            return url(own);
        }
        return null;
    }

    /** As logback reads the property: a URL, a class path resource or a file. */
    private static URL named(String name) throws LaunchException {
        try {
            Path file = Path.of(name);
            if (Files.isRegularFile(file)) {
                return url(file);
            }
        } catch (InvalidPathException e) {
            // not a file name: a URL, perhaps
        }
        URL resource = AgentLogging.class.getClassLoader().getResource(name);
        if (resource != null) {
            return resource;
        }
        try {
            URI uri = new URI(name);
            if (uri.getScheme() != null && uri.getScheme().length() > 1) {
                return uri.toURL();
            }
        } catch (java.net.URISyntaxException | MalformedURLException | IllegalArgumentException e) {
            // reported below
        }
        throw new LaunchException("logback.configurationFile " + name + ": no such file");
    }

    private static URL url(Path file) throws LaunchException {
        try {
            return file.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new LaunchException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code text} (the default) or {@code json}, for the agent.log of the jar's configuration. */
    static String format() throws LaunchException {
        String format = System.getProperty(FORMAT, "text").toLowerCase(Locale.ROOT);
        if (!FORMATS.contains(format)) {
            throw new LaunchException(FORMAT + " is " + System.getProperty(FORMAT) + "; it must be text or json");
        }
        return format;
    }
}
