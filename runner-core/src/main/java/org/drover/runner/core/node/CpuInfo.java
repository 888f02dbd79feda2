package org.drover.runner.core.node;

import java.util.List;
import java.util.Optional;

/**
 * The CPU as Nomad's client counts it: logical cores, the top speed of one in MHz (its cpufreq
 * maximum, else what {@code /proc/cpuinfo} says it runs at), and the cores the agent may use (its
 * cpuset). Compute is cores times MHz, Nomad's CPU shares.
 *
 * @param modelName  empty where the kernel names none (most ARM hosts)
 * @param cores      logical cores on the host
 * @param mhz        0 when no source says
 * @param usable     cores in the agent's cpuset
 */
record CpuInfo(String modelName, int cores, long mhz, int usable) {

    static CpuInfo of(HostFiles files) {
        List<String> cpuinfo = files.lines("/proc/cpuinfo");
        int processors = (int) cpuinfo.stream().filter(l -> key(l).equals("processor")).count();
        int cores = processors > 0 ? processors
                : files.line("/sys/devices/system/cpu/online").map(CpuInfo::count).orElse(
                        Runtime.getRuntime().availableProcessors());
        String model = cpuinfo.stream().filter(l -> key(l).equals("model name")).map(CpuInfo::value).findFirst()
                .orElse("");
        long mhz = files.line("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq").map(CpuInfo::number)
                .filter(khz -> khz > 0).map(khz -> khz / 1000)
                .orElseGet(() -> cpuinfo.stream().filter(l -> key(l).equals("cpu MHz")).map(CpuInfo::value)
                        .mapToLong(v -> (long) parse(v)).max().orElse(0));
        int usable = cpuset(files).map(CpuInfo::count).filter(n -> n > 0).orElse(cores);
        return new CpuInfo(model, cores, mhz, Math.min(usable, cores));
    }

    long totalCompute() {
        return cores * mhz;
    }

    long usableCompute() {
        return usable * mhz;
    }

    private static Optional<String> cpuset(HostFiles files) {
        return files.line("/sys/fs/cgroup/cpuset.cpus.effective")
                .or(() -> files.line("/sys/fs/cgroup/cpuset/cpuset.effective_cpus"));
    }

    /** The number of CPUs in a kernel CPU list such as {@code 0-3,8,10-11}. */
    static int count(String list) {
        int n = 0;
        for (String part : list.strip().split(",")) {
            if (part.isBlank()) {
                continue;
            }
            int dash = part.indexOf('-');
            n += dash < 0 ? 1 : (int) (number(part.substring(dash + 1)) - number(part.substring(0, dash)) + 1);
        }
        return n;
    }

    private static String key(String line) {
        int colon = line.indexOf(':');
        return colon < 0 ? "" : line.substring(0, colon).strip();
    }

    private static String value(String line) {
        return line.substring(line.indexOf(':') + 1).strip();
    }

    private static long number(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static double parse(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
