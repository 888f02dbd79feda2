package org.drover.launcher.cli;

import java.io.PrintWriter;
import java.nio.file.Path;

import org.drover.launcher.LaunchException;
import org.drover.launcher.jobs.HclJobFile;

/** A job file as the commands take it: read and checked, its warnings printed, its errors one failure. */
final class JobFiles {

    private JobFiles() {
    }

    static HclJobFile.Converted read(Path file, boolean strict, PrintWriter err) throws LaunchException {
        HclJobFile.Converted job;
        try {
            job = HclJobFile.read(file, strict);
        } catch (HclJobFile.JobFileException e) {
            throw new LaunchException(e.getMessage(), e);
        }
        job.warnings().forEach(w -> err.println("Warning: " + w));
        err.flush();
        return job;
    }
}
