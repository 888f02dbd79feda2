package org.drover.launcher;

import java.net.URL;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;

/**
 * An operator's logback configuration, read by Joran. Apart from
 * {@link AgentLogging} so that Joran, and the JDK's XML parser under it, are
 * loaded only by an agent that has such a file.
 */
final class OperatorsFile {

    private OperatorsFile() {
    }

    /** Null once read; else Joran's own message, whose details are in the context's statuses. */
    static String read(LoggerContext context, URL source) {
        JoranConfigurator joran = new JoranConfigurator();
        joran.setContext(context);
        try {
            joran.doConfigure(source);
            return null;
        } catch (JoranException e) {
            return e.getMessage(); // "see previously reported errors": the statuses say what
        }
    }
}
