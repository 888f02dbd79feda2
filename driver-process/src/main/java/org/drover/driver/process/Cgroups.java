package org.drover.driver.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.drover.runner.api.model.Resources;

/**
 * Resource isolation for isolated tasks ({@code exec}, {@code java}): one cgroup per task under a
 * {@code drover} parent, v2 where the host runs the unified hierarchy at its
 * root, v1 (memory and cpu hierarchies) otherwise. The agent creates and
 * limits the cgroup; the task's monitor puts the task in it and removes it.
 */
public final class Cgroups {

    public enum Version { V1, V2 }

    private final Path root;
    private final Version version;

    private Cgroups(Path root, Version version) {
        this.root = root;
        this.version = version;
    }

    /** The host's cgroups, or why {@code exec} cannot isolate tasks here. */
    static Cgroups detect(Path root, boolean isRoot) throws IOException {
        if (!isRoot) {
            throw new IOException("the agent must run as root to put tasks in cgroups and run them as their user");
        }
        if (Files.exists(root.resolve("cgroup.controllers"))) {
            String controllers = Files.readString(root.resolve("cgroup.controllers"));
            if (!controllers.contains("memory") || !controllers.contains("cpu")) {
                throw new IOException("cgroup v2 at " + root + " lacks the memory or cpu controller");
            }
            return new Cgroups(root, Version.V2);
        }
        if (Files.isDirectory(root.resolve("memory")) && Files.isDirectory(root.resolve("cpu"))
                && Files.exists(root.resolve("memory/cgroup.procs"))) {
            return new Cgroups(root, Version.V1);
        }
        throw new IOException("no usable cgroup hierarchy (v2 or v1 memory and cpu) under " + root);
    }

    public static boolean runningAsRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("Uid:")).findFirst()
                    .map(l -> l.split("\\s+")[1].equals("0")).orElse(false);
        } catch (IOException e) {
            return false;
        }
    }

    Version version() {
        return version;
    }

    /** Creates the task's cgroup(s) with Nomad's limits and returns their directories. */
    List<Path> create(String name, Resources resources) throws IOException {
        long memory = resources.memoryMb() * 1024L * 1024L;
        List<Path> dirs = new ArrayList<>();
        if (version == Version.V2) {
            Path parent = root.resolve("drover");
            Files.createDirectories(parent);
            enable(root);
            enable(parent);
            Path dir = Files.createDirectories(parent.resolve(name));
            Files.writeString(dir.resolve("memory.max"), Long.toString(memory));
            // Nomad's CPU shares are MHz; v2's weight is 1..10000 around a default of 100.
            long weight = Math.max(1, Math.min(10_000, resources.cpuMhz() / 10));
            Files.writeString(dir.resolve("cpu.weight"), Long.toString(weight));
            dirs.add(dir);
        } else {
            Path mem = Files.createDirectories(root.resolve("memory/drover").resolve(name));
            Files.writeString(mem.resolve("memory.limit_in_bytes"), Long.toString(memory));
            Path swap = mem.resolve("memory.memsw.limit_in_bytes");
            if (Files.exists(swap)) {
                Files.writeString(swap, Long.toString(memory)); // no escaping the limit through swap
            }
            Path cpu = Files.createDirectories(root.resolve("cpu/drover").resolve(name));
            Files.writeString(cpu.resolve("cpu.shares"), Long.toString(Math.max(2, resources.cpuMhz())));
            dirs.add(mem);
            dirs.add(cpu);
            if (Files.isDirectory(root.resolve("cpuacct")) && !Files.isSameFile(root.resolve("cpuacct"), root.resolve("cpu"))) {
                dirs.add(Files.createDirectories(root.resolve("cpuacct/drover").resolve(name))); // CPU accounting
            }
        }
        return dirs;
    }

    private static void enable(Path dir) throws IOException {
        Files.writeString(dir.resolve("cgroup.subtree_control"), "+memory +cpu");
    }

    /**
     * CPU time of the task's cgroups in nanoseconds, user and system: v2's
     * cpu.stat (microseconds) or v1's cpuacct.stat (USER_HZ ticks).
     */
    static Optional<long[]> cpuTimes(List<Path> cgroups) {
        for (Path g : cgroups) {
            try {
                Path v2 = g.resolve("cpu.stat");
                if (Files.exists(v2) && Files.readString(v2).contains("user_usec")) {
                    java.util.Map<String, Long> f = fields(Files.readString(v2));
                    return Optional.of(new long[] {f.get("user_usec") * 1000, f.get("system_usec") * 1000});
                }
                Path v1 = g.resolve("cpuacct.stat");
                if (Files.exists(v1)) {
                    java.util.Map<String, Long> f = fields(Files.readString(v1));
                    long tick = 1_000_000_000L / ProcessGroups.TICKS_PER_SECOND;
                    return Optional.of(new long[] {f.get("user") * tick, f.get("system") * tick});
                }
            } catch (IOException | RuntimeException e) {
                // try the next one
            }
        }
        return Optional.empty();
    }

    private static java.util.Map<String, Long> fields(String text) {
        java.util.Map<String, Long> map = new java.util.HashMap<>();
        for (String line : text.split("\n")) {
            String[] kv = line.trim().split("\\s+");
            if (kv.length == 2) {
                map.put(kv[0], Long.parseLong(kv[1]));
            }
        }
        return map;
    }

    /** The task's memory use as its cgroup counts it. */
    static Optional<Long> memoryUsage(Path cgroup) {
        for (String file : new String[] {"memory.current", "memory.usage_in_bytes"}) {
            try {
                return Optional.of(Long.parseLong(Files.readString(cgroup.resolve(file)).trim()));
            } catch (IOException | NumberFormatException e) {
                // not this version's file
            }
        }
        return Optional.empty();
    }
}
