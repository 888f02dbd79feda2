package org.drover.driver.process;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The program a driver asks the monitor to run: its argument vector (the
 * first element is the executable, looked up on the task's PATH when not
 * absolute) and its working directory.
 */
public record Command(List<String> argv, Path workDir) {
    public Command {
        argv = List.copyOf(argv);
        Objects.requireNonNull(workDir, "workDir");
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
    }
}
