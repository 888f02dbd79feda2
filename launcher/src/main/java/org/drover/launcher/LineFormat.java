package org.drover.launcher;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * One line a record, with slf4j's level names: the console shows the time of
 * day and the logger's simple name, the file the full timestamp, the thread and
 * the logger's full name.
 */
final class LineFormat extends Formatter {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

    private final boolean full;

    private LineFormat(boolean full) {
        this.full = full;
    }

    static LineFormat console() {
        return new LineFormat(false);
    }

    static LineFormat file() {
        return new LineFormat(true);
    }

    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder(128);
        var time = record.getInstant().atZone(ZoneId.systemDefault());
        line.append(full ? STAMP.format(time) : TIME.format(time)).append(' ');
        String level = level(record.getLevel());
        line.append(level).append(" ".repeat(Math.max(0, 5 - level.length()))).append(' ');
        String name = record.getLoggerName() == null ? "" : record.getLoggerName();
        if (full) {
            // Handlers publish on the thread that logged.
            line.append('[').append(Thread.currentThread().getName()).append("] ").append(name);
        } else {
            line.append(name.substring(name.lastIndexOf('.') + 1));
        }
        line.append(" - ").append(formatMessage(record)).append(System.lineSeparator());
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.append(trace);
        }
        return line.toString();
    }

    static String level(Level level) {
        int v = level.intValue();
        if (v >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (v >= Level.WARNING.intValue()) {
            return "WARN";
        }
        if (v >= Level.CONFIG.intValue()) {
            return "INFO";
        }
        return v >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
    }
}
