package org.drover.testkit;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemPackage;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.drover.runner.api.alloc.AllocLayout;
import org.ops4j.pax.exam.Option;

/**
 * Pax Exam options for a Drover runtime in a native Felix container: the
 * driver API, the task runner, the state store and the bundles they need, and
 * this kit, all taken from the test's class path (so from the local Maven
 * repository, or the reactor's own jars, offline), plus the driver under test.
 */
public final class DroverTestKit {

    /** What a Drover runtime is made of, by Maven artifact ID: each must be on the test's class path. */
    public static final List<String> RUNTIME = List.of("runner-api", "runner-core", "state-mapdb",
            "org.apache.felix.scr", "org.apache.felix.configadmin", "org.osgi.service.component",
            "org.osgi.util.promise", "org.osgi.util.function", "mapdb", "kotlin-osgi-bundle", "eclipse-collections",
            "eclipse-collections-api", "guava", "failureaccess", "lz4", "elsa", "jackson-core", "jackson-databind",
            "jackson-annotations", "driver-testkit");

    private DroverTestKit() {
    }

    /**
     * The runtime and the given bundles (artifact IDs on the class path, or jar paths). The data dir
     * is a fresh temporary one, traversable by all: drivers that run tasks as {@code nobody} need it.
     */
    public static Option[] runtime(String... driverBundles) throws IOException {
        List<Option> options = new ArrayList<>();
        options.add(cleanCaches());
        // slf4j (with logback) comes from the class path, exported by the framework, as the launcher does.
        options.add(systemPackage("org.slf4j;version=2.0.17,org.slf4j.event;version=2.0.17,"
                + "org.slf4j.helpers;version=2.0.17,org.slf4j.spi;version=2.0.17"));
        Path data = Files.createTempDirectory("drover-testkit",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx--x--x")));
        options.add(frameworkProperty(AllocLayout.DATA_DIR_PROPERTY).value(data.toString()));
        options.add(frameworkProperty(AllocLayout.ROOT_PROPERTY).value(AllocLayout.under(data).root().toString()));
        for (String artifact : RUNTIME) {
            options.add(bundle(onClassPath(artifact).toUri().toString()));
        }
        for (String driver : driverBundles) {
            Path jar = driver.endsWith(".jar") ? Path.of(driver) : onClassPath(driver);
            options.add(bundle(jar.toAbsolutePath().toUri().toString()));
        }
        options.add(junitBundles());
        return options.toArray(Option[]::new);
    }

    /** The jar of {@code artifactId} on the class path: {@code <artifactId>-<version>.jar}. */
    public static Path onClassPath(String artifactId) {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.endsWith(".jar") && name.startsWith(artifactId + "-")
                    && Character.isDigit(name.charAt(artifactId.length() + 1))) {
                return Path.of(entry);
            }
        }
        throw new IllegalStateException(artifactId + " is not on the test's class path: add it as a test"
                + " dependency (Drover's test kit brings the runtime's own)");
    }
}
