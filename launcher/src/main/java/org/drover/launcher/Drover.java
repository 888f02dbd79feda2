package org.drover.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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
            org.drover.launcher.cli.NodeCommand.class, org.drover.launcher.cli.JobCommand.class,
            org.drover.launcher.cli.ValidateCommand.class, org.drover.launcher.cli.SystemCommand.class,
            Drover.VersionCommand.class, CommandLine.HelpCommand.class})
public final class Drover implements Runnable {

    /** Set by {@code -v} on any command: failures print their stack trace. One process, one command. */
    private static volatile boolean verbose;

    @Spec
    CommandSpec spec;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Print the stack trace of a failure after its one line.")
    void verbose(boolean on) {
        verbose |= on;
    }

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
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /**
     * A failure is one line on stderr and exit code 1: the message of one the user can act on (bad
     * data dir, second agent, the agent's refusal, ...), else the exception's own text. The stack
     * trace only with {@code -v}.
     */
    private static int failure(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        if (e instanceof LaunchException || e instanceof org.drover.launcher.cli.ApiClient.ApiException) {
            err.printf("drover: %s%n", e.getMessage());
        } else {
            err.printf("drover: unexpected error: %s%s%n", String.valueOf(e).lines().findFirst().orElse(""),
                    verbose ? "" : " (-v prints where)");
        }
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return cmd.getCommandSpec().exitCodeOnExecutionException();
    }

    /** {@code drover version}, as {@code nomad version} prints it. */
    @Command(name = "version", mixinStandardHelpOptions = true, description = "Prints Drover's version.")
    static final class VersionCommand implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            for (String line : new Version().getVersion()) {
                out.println(line);
            }
            out.flush();
        }
    }

    /** The version the build stamped into the launcher jar's manifest, and the commit it was built from. */
    static final class Version implements IVersionProvider {
        static String current() {
            String v = Drover.class.getPackage().getImplementationVersion();
            return v == null ? "development" : v;
        }

        /** Written by the build from git; absent when built from a tree without its history. */
        static String revision() {
            try (InputStream in = Drover.class.getResourceAsStream("revision")) {
                return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
            } catch (IOException e) {
                return "";
            }
        }

        /** Nomad's layout: "Nomad v1.9.0", then "Revision <commit>" on a line of its own. */
        @Override
        public String[] getVersion() {
            String revision = revision();
            String first = "Drover v" + current();
            return revision.isEmpty() ? new String[] {first} : new String[] {first, "Revision " + revision};
        }
    }
}
