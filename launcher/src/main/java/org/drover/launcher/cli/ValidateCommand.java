package org.drover.launcher.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import org.drover.launcher.jobs.HclJobFile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code drover validate FILE}: checks a job file, against the agent's drivers when one answers. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Checks a job file without running it.",
            "With an agent reachable, each task's config is also checked against that agent's driver.",
            "With -json, prints the result as Nomad's validate endpoint answers it (DriverConfigValidated,"
                    + " ValidationErrors, Error, Warnings)."})
public final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Mixin
    JobFileOptions jobFile;

    @Override
    public Integer call() throws Exception {
        if (client.json) {
            return json();
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HclJobFile.Converted job = jobFile.read(err);
        ApiClient api = client.client();
        if (api.reachable()) {
            JsonNode r = api.put("/v1/validate/job" + jobFile.query(), job.json());
            if (!r.path("ValidationErrors").isEmpty()) {
                r.path("ValidationErrors").forEach(e -> err.println(jobFile.file + ": " + e.asText()));
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

    /** The file's own problems (its syntax, its fields) in the same shape as the agent's. */
    private int json() throws Exception {
        ObjectNode result = ApiClient.JSON.createObjectNode();
        ApiClient api = client.client();
        HclJobFile.Converted job;
        try {
            job = jobFile.parse();
        } catch (HclJobFile.JobFileException e) {
            return print(result, false, e.getMessage().lines().toList(), List.of());
        }
        if (!api.reachable()) {
            return print(result, false, List.of(), job.warnings());
        }
        JsonNode r = api.put("/v1/validate/job" + jobFile.query(), job.json());
        List<String> errors = new java.util.ArrayList<>();
        r.path("ValidationErrors").forEach(e -> errors.add(jobFile.file + ": " + e.asText()));
        return print(result, true, errors, job.warnings());
    }

    private int print(ObjectNode result, boolean driversChecked, List<String> errors, List<String> warnings) {
        result.put("DriverConfigValidated", driversChecked);
        errors.forEach(result.putArray("ValidationErrors")::add);
        result.put("Error", errors.isEmpty() ? null : String.join("\n", errors));
        result.put("Warnings", String.join("\n", warnings));
        PrintWriter out = spec.commandLine().getOut();
        out.println(result.toPrettyString());
        out.flush();
        return errors.isEmpty() ? 0 : 1;
    }
}
