package org.drover.launcher.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code drover job run|stop|status|validate}: Nomad's {@code nomad job} verbs, the same commands as
 * their top-level aliases ({@code drover run} …), as Nomad keeps both.
 */
@Command(name = "job", mixinStandardHelpOptions = true, description = "Runs, stops, shows and checks jobs.",
        subcommands = {RunCommand.class, StopCommand.class, StatusCommand.class, ValidateCommand.class})
public final class JobCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a job command is required: run, stop, status or validate");
    }
}
