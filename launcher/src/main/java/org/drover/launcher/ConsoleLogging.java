package org.drover.launcher;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * logback's first configuration, in every command: the console alone, set up
 * in code. An operator's {@code logback.configurationFile} is read only by an
 * agent, once its data dir is known ({@link AgentLogging#start}): read here, the
 * file appender it names would be opened before {@code drover.log.dir} is
 * defined. A {@code logback-test.xml} on the class path (a test's) still wins,
 * as in logback's own order.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_TOP_PRIORITY)
public final class ConsoleLogging extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (ConsoleLogging.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        AgentLogging.console(context, false);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
