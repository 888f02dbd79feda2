package org.drover.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs and starts the distribution's bundles. The framework cache is
 * cleaned at every launch, so what runs is exactly the distribution plus the
 * deploy dir: nothing lingers from an earlier version.
 */
final class RuntimeBundles {

    private static final Logger LOG = LoggerFactory.getLogger(RuntimeBundles.class);

    private RuntimeBundles() {
    }

    static List<Bundle> install(BundleContext context, Path dir) throws LaunchException {
        List<Bundle> installed = new ArrayList<>();
        for (Path jar : jars(dir)) {
            try {
                installed.add(context.installBundle(jar.toUri().toString()));
            } catch (BundleException e) {
                throw new LaunchException("cannot install " + jar.getFileName() + ": " + e.getMessage(), e);
            }
        }
        return installed;
    }

    /**
     * Starts every bundle that is not a fragment. A bundle that fails is logged
     * and the others still start: a broken driver must not keep the agent, and
     * the tasks of the other drivers, down.
     */
    static void start(List<Bundle> bundles) {
        for (Bundle bundle : bundles) {
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
                continue;
            }
            try {
                bundle.start();
            } catch (BundleException e) {
                LOG.error("Bundle {} {} did not start: {}", bundle.getSymbolicName(), bundle.getVersion(),
                        e.getMessage());
            }
        }
    }

    static List<Path> jars(Path dir) throws LaunchException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new LaunchException("cannot list " + dir + ": " + AgentLayout.reason(e), e);
        }
    }
}
