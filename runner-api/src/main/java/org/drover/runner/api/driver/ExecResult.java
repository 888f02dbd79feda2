package org.drover.runner.api.driver;

import java.nio.charset.StandardCharsets;

/**
 * The outcome of a command run inside a task's context.
 *
 * @param exitCode the command's exit code
 * @param stdout   what it wrote to stdout
 * @param stderr   what it wrote to stderr
 */
public record ExecResult(int exitCode, byte[] stdout, byte[] stderr) {
    public ExecResult {
        stdout = stdout.clone();
        stderr = stderr.clone();
    }

    @Override
    public byte[] stdout() {
        return stdout.clone();
    }

    @Override
    public byte[] stderr() {
        return stderr.clone();
    }

    public String stdoutText() {
        return new String(stdout, StandardCharsets.UTF_8);
    }
}
