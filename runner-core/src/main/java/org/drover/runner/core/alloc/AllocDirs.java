package org.drover.runner.core.alloc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Removes a finished allocation's directory. */
final class AllocDirs {

    private static final Logger LOG = LoggerFactory.getLogger(AllocDirs.class);

    private AllocDirs() {
    }

    /**
     * Deletes the tree with coreutils' {@code rm}: it works from open directories ({@code openat},
     * {@code unlinkat}) and never follows a link, so a process a task left behind that swaps a
     * directory for a link to the host's files mid-way redirects nothing; it has no depth limit a
     * task could build past; and {@code --one-file-system} leaves alone anything mounted inside.
     * The JDK's walk checks a name and then opens it by path, which such a swap defeats.
     */
    static void delete(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            // What rm says is not read: a tree of a million entries could fill any pipe and stall it.
            Process rm = new ProcessBuilder("rm", "-rf", "--one-file-system", "--", dir.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!rm.waitFor(5, TimeUnit.MINUTES)) {
                rm.destroyForcibly();
                LOG.warn("Deleting the directory {} of a collected allocation took over 5 minutes; stopped", dir);
                return;
            }
            if (rm.exitValue() != 0) {
                LOG.warn("Could not delete all of the directory {} of a collected allocation (rm exited {})", dir,
                        rm.exitValue());
            }
        } catch (IOException e) {
            LOG.warn("Could not delete the directory {} of a collected allocation: {}", dir, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
