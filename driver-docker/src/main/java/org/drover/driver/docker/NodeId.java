package org.drover.driver.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * This node's identity on its containers' labels, kept in the data dir so it
 * survives restarts: two agents sharing one Engine never remove each other's
 * containers.
 */
final class NodeId {

    private NodeId() {
    }

    static String of(Path dataDir) throws IOException {
        Path file = dataDir.resolve("docker").resolve("node-id");
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), "node-id", ".tmp");
        Files.writeString(tmp, UUID.randomUUID() + "\n");
        try {
            Files.createLink(file, tmp); // never replaces: the first instance to write it wins
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // another driver instance wrote it first
        } finally {
            Files.delete(tmp);
        }
        return Files.readString(file).trim();
    }
}
