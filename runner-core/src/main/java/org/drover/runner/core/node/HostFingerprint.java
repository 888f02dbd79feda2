package org.drover.runner.core.node;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The host's attributes that hold for the agent's life, named and written as Nomad's
 * fingerprinters write them: {@code kernel.*}, {@code os.*}, {@code cpu.*},
 * {@code memory.totalbytes}, {@code unique.hostname}, {@code unique.host_id}. Read once.
 */
final class HostFingerprint {

    /**
     * Linux's signal names, the set Nomad lists in {@code os.signals} (in its map's random order;
     * sorted here, so the value is the same on every read).
     */
    static final String LINUX_SIGNALS = String.join(",", new java.util.TreeSet<>(java.util.List.of("SIGABRT",
            "SIGALRM", "SIGBUS", "SIGCHLD", "SIGCLD", "SIGCONT", "SIGFPE", "SIGHUP", "SIGILL", "SIGINT", "SIGIO",
            "SIGIOT", "SIGKILL", "SIGPIPE", "SIGPOLL", "SIGPROF", "SIGPWR", "SIGQUIT", "SIGSEGV", "SIGSTKFLT",
            "SIGSTOP", "SIGSYS", "SIGTERM", "SIGTRAP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGUNUSED", "SIGURG",
            "SIGUSR1", "SIGUSR2", "SIGVTALRM", "SIGWINCH", "SIGXCPU", "SIGXFSZ")));

    private HostFingerprint() {
    }

    /** @param jvm the JDK's view of the host: {@code System::getProperty} on a node */
    static Map<String, String> read(HostFiles files, java.util.function.UnaryOperator<String> jvm) {
        Map<String, String> a = new TreeMap<>();
        String kernel = kernelName(jvm.apply("os.name"));
        a.put("kernel.name", kernel);
        a.put("kernel.version", files.line("/proc/sys/kernel/osrelease").orElse(jvm.apply("os.version")));
        a.put("kernel.arch", files.line("/proc/sys/kernel/arch").orElse(unameMachine(jvm.apply("os.arch"))));
        a.put("cpu.arch", goArch(jvm.apply("os.arch")));
        OsRelease os = OsRelease.of(files);
        a.put("os.name", os.name());
        a.put("os.version", os.version());
        a.put("unique.hostname", files.line("/proc/sys/kernel/hostname").orElseGet(HostFingerprint::hostName));
        hostId(files).ifPresent(id -> a.put("unique.host_id", id));
        CpuInfo cpu = CpuInfo.of(files);
        if (!cpu.modelName().isEmpty()) {
            a.put("cpu.modelname", cpu.modelName());
        }
        a.put("cpu.numcores", Integer.toString(cpu.cores()));
        if (cpu.mhz() > 0) {
            a.put("cpu.frequency", Long.toString(cpu.mhz()));
        }
        a.put("cpu.totalcompute", Long.toString(cpu.totalCompute()));
        a.put("cpu.usablecompute", Long.toString(cpu.usableCompute()));
        a.put("cpu.reservablecores", kernel.equals("linux") ? Integer.toString(cpu.usable()) : "0");
        memoryBytes(files).ifPresent(bytes -> a.put("memory.totalbytes", Long.toString(bytes)));
        if (kernel.equals("linux")) {
            a.put("os.signals", LINUX_SIGNALS);
            cgroupsVersion(files).ifPresent(v -> a.put("os.cgroups.version", v));
        }
        return a;
    }

    /** Go's GOOS: {@code linux}, {@code darwin}, {@code windows}. */
    static String kernelName(String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            return "darwin";
        }
        if (os.startsWith("windows")) {
            return "windows";
        }
        return os.replace(" ", "");
    }

    /** Go's GOARCH spelling of the JDK's {@code os.arch}. */
    static String goArch(String osArch) {
        return switch (osArch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i486", "i586", "i686" -> "386";
            case "arm", "armv7l" -> "arm";
            default -> osArch;
        };
    }

    /** {@code uname -m}'s spelling, for kernels without {@code /proc/sys/kernel/arch}. */
    private static String unameMachine(String osArch) {
        return switch (osArch) {
            case "amd64" -> "x86_64";
            case "x86" -> "i686";
            default -> osArch;
        };
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** The machine's UUID where readable (root only), else systemd's machine ID written as one. */
    static Optional<String> hostId(HostFiles files) {
        Optional<String> product = files.line("/sys/class/dmi/id/product_uuid").map(s -> s.toLowerCase(Locale.ROOT));
        if (product.isPresent()) {
            return product;
        }
        Optional<String> machine = files.line("/etc/machine-id").filter(s -> s.length() == 32)
                .map(s -> s.substring(0, 8) + "-" + s.substring(8, 12) + "-" + s.substring(12, 16) + "-"
                        + s.substring(16, 20) + "-" + s.substring(20));
        return machine.or(() -> files.line("/proc/sys/kernel/random/boot_id").map(s -> s.toLowerCase(Locale.ROOT)));
    }

    static Optional<Long> memoryBytes(HostFiles files) {
        for (String line : files.lines("/proc/meminfo")) {
            if (line.startsWith("MemTotal:")) {
                String[] parts = line.substring(9).trim().split("\\s+");
                try {
                    return Optional.of(Long.parseLong(parts[0]) * 1024);
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** {@code 2} when {@code /sys/fs/cgroup} is the unified hierarchy, {@code 1} when v1 controllers are mounted. */
    static Optional<String> cgroupsVersion(HostFiles files) {
        boolean v1 = false;
        for (String line : files.lines("/proc/self/mountinfo")) {
            String[] fields = line.split(" ");
            int dash = java.util.Arrays.asList(fields).indexOf("-");
            if (dash < 5 || dash + 1 >= fields.length) {
                continue;
            }
            String mountPoint = fields[4];
            String type = fields[dash + 1];
            if (type.equals("cgroup2") && mountPoint.equals("/sys/fs/cgroup")) {
                return Optional.of("2");
            }
            v1 |= type.equals("cgroup") && mountPoint.startsWith("/sys/fs/cgroup/");
        }
        return v1 ? Optional.of("1") : Optional.empty();
    }
}
