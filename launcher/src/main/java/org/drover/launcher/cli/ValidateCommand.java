package org.drover.launcher.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.drover.launcher.jobs.HclJobFile;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code drover validate FILE}: checks a job file, against the agent's drivers when one answers. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Checks a job file without running it.",
            "With an agent reachable, each task's config is also checked against that agent's driver."})
public final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Parameters(paramLabel = "FILE", description = "The job file.")
    Path file;

    @Option(names = {"-strict", "--strict"}, description = "Stanzas Drover does not support are errors.")
    boolean strict;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HclJobFile.Converted job = JobFiles.read(file, strict, err);
        ApiClient api = client.client();
        if (api.reachable()) {
            JsonNode r = api.put("/v1/validate/job" + (strict ? "?strict=true" : ""), job.json());
            if (!r.path("ValidationErrors").isEmpty()) {
                r.path("ValidationErrors").forEach(e -> err.println(file + ": " + e.asText()));
                err.flush();
                return 1;
            }
        } else {
            out.println("No agent at " + api.address() + ": drivers' configs not checked");
        }
        out.println("Job validation successful");
        out.flush();
        return 0;
    }
}
