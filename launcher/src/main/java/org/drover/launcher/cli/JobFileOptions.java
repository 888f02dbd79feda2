package org.drover.launcher.cli;

import java.io.PrintWriter;
import java.nio.file.Path;

import org.drover.launcher.LaunchException;
import org.drover.launcher.jobs.HclJobFile;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The job file a command takes, and how strictly: read and checked, its warnings printed, its errors one failure. */
public final class JobFileOptions {

    @Parameters(paramLabel = "FILE", description = "The job file.")
    Path file;

    @Option(names = {"-strict", "--strict"}, description = "Refuse stanzas Drover does not support instead of"
            + " warning about them.")
    boolean strict;

    /** The file as HCL or JSON, or its problems as they are (the caller shapes them). */
    HclJobFile.Converted parse() throws HclJobFile.JobFileException {
        return HclJobFile.read(file, strict);
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
