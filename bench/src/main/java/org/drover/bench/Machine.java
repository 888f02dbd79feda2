package org.drover.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The machine a run was measured on, as one line. */
final class Machine {

    private Machine() {
    }

    static String describe() {
        return String.format("%d cores (%s), %s memory, %s %s, Linux %s",
                Runtime.getRuntime().availableProcessors(),
                read("/proc/cpuinfo", "model name").orElse("unknown CPU"),
                read("/proc/meminfo", "MemTotal").map(Machine::gib).orElse("unknown"),
                System.getProperty("java.vm.name"), System.getProperty("java.version"),
                firstLine("/proc/sys/kernel/osrelease").orElse(System.getProperty("os.version")));
    }

    private static Optional<String> read(String file, String key) {
        try {
            return Files.readAllLines(Path.of(file)).stream().filter(l -> l.startsWith(key))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> firstLine(String file) {
        try {
            return Files.readAllLines(Path.of(file)).stream().findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String gib(String kb) {
        long k = Long.parseLong(kb.replaceAll("[^0-9]", ""));
        return String.format("%.0f GiB", k / 1024.0 / 1024.0);
    }
}
