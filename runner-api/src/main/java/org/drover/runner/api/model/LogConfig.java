package org.drover.runner.api.model;

/**
 * Log rotation of a task's stdout and stderr.
 *
 * @param maxFiles      how many files of each stream to keep
 * @param maxFileSizeMb the size at which a file is rotated
 */
public record LogConfig(int maxFiles, int maxFileSizeMb) {
    /** Nomad's defaults: 10 files of 10 MB. */
    public static final LogConfig DEFAULT = new LogConfig(10, 10);

    public LogConfig {
        if (maxFiles < 1 || maxFileSizeMb < 1) {
            throw new IllegalArgumentException("logs need max_files >= 1 and max_file_size >= 1, got "
                    + maxFiles + " and " + maxFileSizeMb);
        }
    }
}
