package org.drover.launcher.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.drover.launcher.LaunchException;
import org.drover.launcher.jobs.HclJobFile;
import org.drover.launcher.jobs.hcl.VariableInputs;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The job file a command takes, and how strictly: read and checked, its warnings printed, its errors one failure. */
public final class JobFileOptions {

    @Parameters(paramLabel = "FILE", description = "The job file.")
    Path file;

    @Option(names = {"-strict", "--strict"}, description = "Refuse stanzas Drover does not support instead of"
            + " warning about them.")
    boolean strict;

    @Option(names = {"-var", "--var"}, paramLabel = "NAME=VALUE", description = "Sets an input variable the job"
            + " file declares (repeatable; the last one wins). Lists, maps and objects are written in HCL syntax,"
            + " as -var 'ports=[\"http\", \"admin\"]'. Values come, lowest first, from the variable's default,"
            + " NOMAD_VAR_<name> in the environment, -var-file, then -var.")
    List<String> vars = new ArrayList<>();

    @Option(names = {"-var-file", "--var-file"}, paramLabel = "FILE", description = "An HCL (or JSON) file of"
            + " name = value lines setting input variables (repeatable; a later file wins). It overrides"
            + " NOMAD_VAR_<name> and is overridden by -var.")
    List<Path> varFiles = new ArrayList<>();

    /** The file as HCL or JSON, or its problems as they are (the caller shapes them). */
    HclJobFile.Converted parse() throws HclJobFile.JobFileException {
        return HclJobFile.read(file, strict, new VariableInputs(System.getenv(), varFiles, vars));
    }

    HclJobFile.Converted read(PrintWriter err) throws LaunchException {
        HclJobFile.Converted job;
        try {
            job = parse();
        } catch (HclJobFile.JobFileException e) {
            throw new LaunchException(e.getMessage(), e);
        }
        job.warnings().forEach(w -> err.println("Warning: " + w));
        err.flush();
        return job;
    }

    /** The agent checks the job as strictly as the file was read. */
    String query() {
        return strict ? "?strict=true" : "";
    }
}
