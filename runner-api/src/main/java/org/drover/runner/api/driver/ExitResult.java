package org.drover.runner.api.driver;

/**
 * How a task ended.
 *
 * @param exitCode  the process's exit code; 128+n when killed by signal n
 * @param signal    the terminating signal, 0 if none
 * @param oomKilled whether it was killed for exceeding its memory limit
 * @param error     why the driver could not tell (e.g. lost while waiting), or empty
 */
public record ExitResult(int exitCode, int signal, boolean oomKilled, String error) {
    public ExitResult {
        error = error == null ? "" : error;
    }

    public static ExitResult exited(int exitCode) {
        return new ExitResult(exitCode, 0, false, "");
    }

    /** The result of a process killed by {@code signal}: exit code 128+signal, as a shell reports it. */
    public static ExitResult signaled(int signal) {
        return new ExitResult(128 + signal, signal, false, "");
    }

    public static ExitResult failed(String error) {
        return new ExitResult(-1, 0, false, error);
    }

    /** Exit code 0, no signal, no error: what Nomad calls successful. */
    public boolean successful() {
        return exitCode == 0 && signal == 0 && error.isEmpty();
    }
}
