package org.drover.jobspec;

/**
 * One thing wrong with a job, at a field.
 *
 * @param path    where, as Nomad's API names it: {@code Job.TaskGroups["web"].Tasks["api"].Resources.MemoryMB}
 * @param message what is wrong and what is expected
 */
public record Problem(String path, String message) {
    @Override
    public String toString() {
        return path + ": " + message;
    }
}
