package org.drover.launcher;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The {@code drover} command line. */
@Command(
        name = "drover",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT,
        versionProvider = Drover.Version.class,
        description = "Drover runs workloads with Nomad's task semantics on an OSGi node agent.",
        subcommands = {AgentCommand.class, org.drover.launcher.cli.RunCommand.class,
            org.drover.launcher.cli.StatusCommand.class, org.drover.launcher.cli.AllocCommand.class,
            org.drover.launcher.cli.StopCommand.class, org.drover.launcher.cli.DriversCommand.class,
            org.drover.launcher.cli.ValidateCommand.class, CommandLine.HelpCommand.class})
public final class Drover implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is required");
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        AgentLogging.console();
        CommandLine cli = new CommandLine(new Drover());
        cli.setParameterExceptionHandler(Drover::usageError);
        cli.setExecutionExceptionHandler(Drover::failure);
        return cli.execute(args);
    }

    /** A bad flag is one line on stderr, not a usage dump, and exit code 2. */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.printf("%s: %s (see '%s --help')%n", cmd.getCommandSpec().root().name(), e.getMessage(),
                cmd.getCommandSpec().qualifiedName());
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** An expected failure (bad data dir, second agent, ...) is one line on stderr and exit code 1. */
    private static int failure(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        if (e instanceof LaunchException || e instanceof org.drover.launcher.cli.ApiClient.ApiException) {
            err.printf("drover: %s%n", e.getMessage());
        } else {
            err.printf("drover: unexpected error: %s%n", e);
            e.printStackTrace(err);
        }
        err.flush();
        return cmd.getCommandSpec().exitCodeOnExecutionException();
    }

    /** The version the build stamped into the launcher jar's manifest. */
    static final class Version implements IVersionProvider {
        static String current() {
            String v = Drover.class.getPackage().getImplementationVersion();
            return v == null ? "development" : v;
        }

        @Override
        public String[] getVersion() {
            return new String[] {"drover " + current()};
        }
    }
}
