package org.drover.launcher;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The unpacked distribution the launcher runs from: {@code lib/} (this jar and
 * its class path) and {@code bundles/} (the agent's runtime bundles).
 */
record Distribution(Path home) {

    static Distribution locate() throws LaunchException {
        Path jar;
        try {
            jar = Path.of(Drover.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | SecurityException e) {
            throw new LaunchException("cannot tell where the launcher runs from: " + e.getMessage(), e);
        }
        Distribution dist = new Distribution(jar.getParent().getParent());
        if (!Files.isDirectory(dist.bundlesDir())) {
            throw new LaunchException("no bundles directory at " + dist.bundlesDir()
                    + "; run drover from its distribution (launcher/target/drover after a build)");
        }
        return dist;
    }

    Path bundlesDir() {
        return home.resolve("bundles");
    }
}
