package org.drover.driver.docker;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The docker driver's part of a task handle, version 1: the container's ID
 * and the run dir holding its log cursor, {@code "ID\nRUNDIR\n"}.
 */
record DockerHandle(String containerId, Path runDir) {

    static final int VERSION = 1;

    byte[] encode() {
        return (containerId + "\n" + runDir + "\n").getBytes(StandardCharsets.UTF_8);
    }

    static DockerHandle decode(byte[] state) {
        String[] lines = new String(state, StandardCharsets.UTF_8).split("\n");
        if (lines.length < 2 || lines[0].isBlank()) {
            throw new IllegalArgumentException("malformed docker handle state");
        }
        return new DockerHandle(lines[0], Path.of(lines[1]));
    }
}
