package org.drover.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * P8's second baseline: the parts Drover is built on and does not choose per
 * feature, with none of Drover's own above them. Felix with SCR, ConfigAdmin
 * and FileInstall watching a deploy dir, and the state store bundle with MapDB
 * and its libraries (Kotlin, Eclipse Collections, Guava, Elsa, LZ4), its store
 * open; slf4j's API for the bundles that import it, without a provider. No
 * logging backend, runner, driver, HTTP API, JSON library or command line.
 * Ready once the store's service is registered.
 */
public final class PlatformFloor {

    /** Drover's own bundles that the platform keeps: the store needs the API's interfaces. */
    private static final Set<String> DROVER_KEPT = Set.of("org.drover.runner.api", "org.drover.state.mapdb");
    private static final Set<String> LEFT_OUT_PREFIXES = Set.of("org.drover.", "com.fasterxml.jackson.",
            "org.apache.felix.gogo.");

    public static void main(String[] args) throws Exception {
        Path bundles = Path.of(args[0]);
        Path data = Path.of(args[1]);
        Files.createDirectories(data.resolve("deploy"));
        Map<String, String> props = new HashMap<>();
        props.put(Constants.FRAMEWORK_STORAGE, data.resolve("felix-cache").toString());
        props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        props.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, slf4jExports());
        props.put("felix.resolver.parallelism", "1");
        props.put("felix.fileinstall.dir", data.resolve("deploy").toString());
        props.put("felix.fileinstall.filter", ".*\\.jar");
        props.put("felix.fileinstall.poll", "1000");
        props.put("drover.data.dir", data.toString());
        Framework framework = ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow()
                .newFramework(props);
        framework.init();
        BundleContext context = framework.getBundleContext();
        List<Bundle> installed = new ArrayList<>();
        // As the launcher does: installed from a thread that ends, so Felix's manifest buffer goes too.
        Thread installer = new Thread(() -> {
            try {
                for (Path jar : platformJars(bundles)) {
                    installed.add(context.installBundle(jar.toUri().toString()));
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        installer.start();
        installer.join();
        framework.start();
        for (Bundle b : installed) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                b.start();
            }
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (context.getServiceReference("org.drover.runner.api.state.StateStore") == null) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the store did not come up");
            }
            Thread.sleep(20);
        }
        System.out.println("platform ready");
        framework.waitForStop(0);
    }

    private static List<Path> platformJars(Path dir) throws IOException {
        List<Path> kept = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                String name = symbolicName(jar);
                if (DROVER_KEPT.contains(name) || LEFT_OUT_PREFIXES.stream().noneMatch(name::startsWith)) {
                    kept.add(jar);
                }
            }
        }
        return kept;
    }

    private static String symbolicName(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            String name = file.getManifest().getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
            return name == null ? "" : name.split(";", 2)[0].trim();
        }
    }

    private static String slf4jExports() throws Exception {
        Path jar = Path.of(org.slf4j.LoggerFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest().getMainAttributes().getValue("Export-Package");
        }
    }
}
