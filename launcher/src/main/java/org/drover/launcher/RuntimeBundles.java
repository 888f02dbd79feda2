package org.drover.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
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

    /**
     * Started before the others, in this order: FileInstall's first scan, done as it starts, then
     * puts the deploy dir's configurations into ConfigAdmin before any component reads them, so
     * a setting in a file holds from the agent's first moment instead of reconfiguring it.
     */
    private static final List<String> FIRST = List.of("org.apache.felix.configadmin",
            "org.apache.felix.fileinstall");

    private RuntimeBundles() {
    }

    /**
     * Installs on a thread of its own: Felix keeps, per installing thread, a buffer as large as the
     * largest manifest it has read (Guava's is 700 KB), which the launcher's main thread would keep
     * for the agent's whole life.
     *
     * @param wanted which bundles, by symbolic name, the agent needs: a bundle left out costs
     *               nothing, where an installed one keeps its jar open and its manifest parsed
     */
    static List<Bundle> install(BundleContext context, Path dir, Predicate<String> wanted) throws LaunchException {
        List<Path> jars = jars(dir);
        List<Bundle> installed = new ArrayList<>();
        LaunchException[] failure = new LaunchException[1];
        Thread installer = new Thread(() -> {
            try {
                for (Path jar : jars) {
                    if (wanted.test(symbolicName(jar))) {
                        installed.add(install(context, jar));
                    }
                }
            } catch (LaunchException e) {
                failure[0] = e;
            }
        }, "drover-install");
        installer.start();
        try {
            installer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("interrupted while installing the bundles", e);
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        return installed;
    }

    private static Bundle install(BundleContext context, Path jar) throws LaunchException {
        try {
            return context.installBundle(jar.toUri().toString());
        } catch (BundleException e) {
            throw new LaunchException("cannot install " + jar.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Starts every bundle that is not a fragment. A bundle that fails is logged
     * and the others still start: a broken driver must not keep the agent, and
     * the tasks of the other drivers, down.
     */
    static void start(List<Bundle> bundles) {
        List<Bundle> ordered = new ArrayList<>(bundles);
        ordered.sort(Comparator.comparingInt(RuntimeBundles::startRank));
        for (Bundle bundle : ordered) {
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

    private static int startRank(Bundle bundle) {
        int rank = FIRST.indexOf(bundle.getSymbolicName());
        return rank < 0 ? FIRST.size() : rank;
    }

    private static String symbolicName(Path jar) throws LaunchException {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String name = manifest == null ? null : manifest.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
            return name == null ? "" : name.split(";", 2)[0].trim();
        } catch (IOException e) {
            throw new LaunchException("cannot read " + jar.getFileName() + ": " + AgentLayout.reason(e), e);
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
