package org.drover.runner.core.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's ID: a random UUID made on the first start and kept in {@code <data-dir>/node-id}, so
 * the node is the same node across restarts, as Nomad's client keeps its ID in its data dir.
 */
final class NodeId {

    static final String FILE = "node-id";
    private static final Logger LOG = LoggerFactory.getLogger(NodeId.class);

    private NodeId() {
    }

    /**
     * The ID kept in {@code dataDir}, made and kept there first if there is none (or it is not a
     * UUID). One that cannot be kept (the disk is full or read-only) serves this run, said in the
     * log: the agent still runs its tasks, as it does on a full disk otherwise.
     */
    static String in(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                String kept = Files.readString(file, StandardCharsets.US_ASCII).strip();
                if (isUuid(kept)) {
                    return kept;
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot read the node's ID in {}: {}; making another", file, e.toString());
        }
        String id = UUID.randomUUID().toString();
        try {
            Files.createDirectories(dataDir);
            // Written aside and moved: a crash mid-write never leaves half an ID to be replaced by another.
            Path part = Files.createTempFile(dataDir, ".node-id", ".part");
            Files.writeString(part, id + "\n", StandardCharsets.US_ASCII);
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.error("Cannot keep the node's ID in {}: {}; the node is {} until the agent restarts", file,
                    e.toString(), id);
        }
        return id;
    }

    private static boolean isUuid(String s) {
        try {
            return s.length() == 36 && UUID.fromString(s).toString().equals(s.toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
