package org.drover.launcher.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code drover stop JOB}: stops a job's tasks and waits until they are dead. */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = "Stops a job: its tasks get their kill signal, then are killed after their kill_timeout.")
public final class StopCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Parameters(paramLabel = "JOB", description = "A job's ID.")
    String job;

    @Option(names = "-purge", description = "Forget the job and its allocations once its tasks are dead, as"
            + " Nomad's job stop -purge.")
    boolean purge;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("==> Stopping job \"%s\"%n", job);
        out.flush();
        client.client().delete("/v1/job/" + ApiClient.q(job) + "?wait=true" + (purge ? "&purge=true" : ""));
        out.printf("==> Job \"%s\" %s%n", job, purge ? "stopped and purged" : "stopped");
        out.flush();
        return 0;
    }
}
