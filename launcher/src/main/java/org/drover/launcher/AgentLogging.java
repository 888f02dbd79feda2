package org.drover.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * The agent's logging: the JDK's own (java.util.logging), with slf4j-api and
 * its JUL provider on the launcher's class path. The framework exports
 * {@code org.slf4j} to bundles, so the launcher, the framework, FileInstall
 * (which logs to JUL directly) and every bundle write to the same console and
 * the same file. A logging backend of its own would cost the idle agent some
 * 300 classes (P8 in docs/benchmarks.md).
 *
 * <p>An operator who sets {@code java.util.logging.config.file} (or
 * {@code .class}) configures the console, levels included; the agent's file is
 * added beside whatever that configures.
 */
final class AgentLogging {

    static final String FILE_NAME = "agent.log";
    static final long FILE_LIMIT = 10L * 1024 * 1024;
    static final int FILES_KEPT = 5;

    /** Held here: JUL keeps loggers weakly, and a collected one forgets its level. */
    private static final Logger ROOT = Logger.getLogger("");
    private static Handler file;

    private AgentLogging() {
    }

    /** The console, INFO and up, one line a record: for every command, before anything logs. */
    static synchronized void console() {
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return;
        }
        for (Handler h : ROOT.getHandlers()) {
            ROOT.removeHandler(h);
        }
        ROOT.setLevel(Level.INFO);
        ROOT.addHandler(new ConsoleLines());
    }

    static synchronized void start(Path logDir) throws LaunchException {
        try {
            file = new RollingFileHandler(logDir, FILE_NAME, FILE_LIMIT, FILES_KEPT);
        } catch (IOException e) {
            throw new LaunchException("cannot open " + logDir.resolve(FILE_NAME) + ": " + AgentLayout.reason(e), e);
        }
        ROOT.addHandler(file);
    }

    /** An agent inside a command keeps the console for the command's own output. */
    static synchronized void quietConsole() {
        for (Handler h : ROOT.getHandlers()) {
            if (h instanceof ConsoleLines || h instanceof ConsoleHandler) {
                ROOT.removeHandler(h);
            }
        }
    }

    static synchronized void stop() {
        if (file != null) {
            ROOT.removeHandler(file);
            file.close();
            file = null;
        }
    }

    /** Standard output, flushed at every record, as a console log is read live. */
    private static final class ConsoleLines extends StreamHandler {
        ConsoleLines() {
            super(System.out, LineFormat.console());
        }

        @Override
        public synchronized void publish(java.util.logging.LogRecord record) {
            super.publish(record);
            flush();
        }

        /** System.out outlives the agent's logging: flushed, never closed. */
        @Override
        public synchronized void close() {
            flush();
        }
    }
}
