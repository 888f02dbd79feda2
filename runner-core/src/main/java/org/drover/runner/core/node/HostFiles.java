package org.drover.runner.core.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The host's files under a root ({@code /} on a node, a copy in a test): read whole, small, and
 * absent or unreadable as empty, since every fingerprint has a fallback.
 */
record HostFiles(Path root) {

    static final HostFiles HOST = new HostFiles(Path.of("/"));

    Optional<String> read(String path) {
        Path file = root.resolve(path.startsWith("/") ? path.substring(1) : path);
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The first line, trimmed; empty when the file is absent or blank. */
    Optional<String> line(String path) {
        return read(path).flatMap(s -> s.lines().findFirst()).map(String::strip).filter(s -> !s.isEmpty());
    }

    List<String> lines(String path) {
        return read(path).map(s -> s.lines().toList()).orElse(List.of());
    }

    boolean hasContents(String path) {
        return read(path).filter(s -> !s.isEmpty()).isPresent();
    }

    /** {@code KEY=value} lines, values unquoted: os-release and lsb-release. */
    Map<String, String> assignments(String path) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : lines(path)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                String value = line.substring(eq + 1).strip();
                if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                        || value.startsWith("'") && value.endsWith("'"))) {
                    value = value.substring(1, value.length() - 1);
                }
                out.put(line.substring(0, eq).strip(), value);
            }
        }
        return out;
    }
}
