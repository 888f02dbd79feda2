package org.drover.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.jar.JarFile;

import org.slf4j.LoggerFactory;

/**
 * The packages the framework exports beyond the Java SE ones: exactly what the
 * slf4j-api jar on the launcher's class path declares, so bundles importing any
 * slf4j 1.7 or 2.x range wire to the one logging backend, and no logging
 * bundles (nor the ServiceLoader mediator that slf4j 2 would need inside OSGi)
 * are required; and the JDK's HTTP server, which the API bundle listens with.
 */
final class SystemPackages {

    static final String JDK_HTTP_SERVER = "com.sun.net.httpserver";

    private SystemPackages() {
    }

    static String extra() throws LaunchException {
        try {
            Path jar = Path.of(LoggerFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            try (JarFile file = new JarFile(jar.toFile())) {
                String exports = file.getManifest().getMainAttributes().getValue("Export-Package");
                if (exports == null) {
                    throw new LaunchException(jar + " declares no Export-Package");
                }
                return exports + "," + JDK_HTTP_SERVER;
            }
        } catch (IOException | java.net.URISyntaxException e) {
            throw new LaunchException("cannot read the slf4j-api manifest: " + e.getMessage(), e);
        }
    }
}
