package org.drover.runner.api.model;

/**
 * What a task may use.
 *
 * @param cpuMhz   CPU shares in MHz, as Nomad counts them
 * @param memoryMb memory limit in MB
 */
public record Resources(int cpuMhz, int memoryMb) {
    /** Nomad's defaults: 100 MHz and 300 MB. */
    public static final Resources DEFAULT = new Resources(100, 300);

    public Resources {
        if (cpuMhz < 0 || memoryMb < 0) {
            throw new IllegalArgumentException("resources must not be negative: cpu=" + cpuMhz + " memory=" + memoryMb);
        }
    }
}
