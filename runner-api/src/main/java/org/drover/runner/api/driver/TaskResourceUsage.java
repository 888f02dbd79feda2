package org.drover.runner.api.driver;

/**
 * A task's resource usage at one moment.
 *
 * @param timestampNanos   when measured (Unix ns)
 * @param memoryRssBytes   resident memory of the task and its descendants
 * @param cpuPercent       CPU use since the previous measurement, in percent of one core
 * @param cpuUserPercent   the user-mode part of it
 * @param cpuSystemPercent the kernel-mode part of it
 */
public record TaskResourceUsage(long timestampNanos, long memoryRssBytes, double cpuPercent, double cpuUserPercent,
        double cpuSystemPercent) {
}
