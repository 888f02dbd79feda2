package org.drover.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when the agent is ready: the core is up with its state store (so it
 * takes allocations), and the jars that were in the deploy dir at launch have
 * been installed and started by FileInstall.
 * Only then does the list of drivers mean something.
 *
 * <p>The launcher does not share the API classes with the bundles (runner-api
 * must stay updatable), so it looks services up by name and reads properties.
 */
final class Readiness {

    static final String CATALOG = "org.drover.runner.api.driver.DriverCatalog";
    /** Registered once the state store is open and the allocations in it are being restored. */
    static final String ALLOCATIONS = "org.drover.runner.api.alloc.AllocationService";
    static final String DRIVER = "org.drover.runner.api.driver.Driver";
    static final String DRIVER_NAME = "driver.name";
    /** The API bundle's listener, and its properties (see ApiServer). */
    static final String API_SERVER = "org.drover.api.http.ApiServer";
    static final String API_ADDRESS = "drover.http.address";
    static final String API_FAILURE = "drover.http.failure";

    private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);
    private static final long POLL_MILLIS = 10;

    private final BundleContext context;

    Readiness(BundleContext context) {
        this.context = context;
    }

    void awaitCore(Duration timeout) throws LaunchException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!registered(CATALOG) || !registered(ALLOCATIONS)) {
            if (System.nanoTime() > deadline) {
                throw new LaunchException("the runner core did not come up within " + timeout.toSeconds()
                        + "s; the agent log says why");
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /**
     * Any registration of the type, whatever class space it is in: the launcher's class path has
     * its own copy of the driver API (for job files), so the type-checked lookup would hide the
     * bundles' services from it.
     */
    private boolean registered(String type) {
        try {
            return context.getAllServiceReferences(type, null) != null;
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits for the deploy dir's initial jars to be active; names the ones that are not by the deadline. */
    void awaitDeployed(List<Path> jars, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Path> pending = new ArrayList<>(jars);
        while (!pending.isEmpty()) {
            Map<Path, Bundle> byPath = deployedBundles();
            pending.removeIf(jar -> Optional.ofNullable(byPath.get(jar))
                    .filter(b -> b.getState() == Bundle.ACTIVE)
                    .isPresent());
            if (!pending.isEmpty() && System.nanoTime() > deadline) {
                for (Path jar : pending) {
                    Bundle b = byPath.get(jar);
                    LOG.warn("{} in the deploy dir is {}", jar.getFileName(),
                            b == null ? "not installed" : "not active (" + stateName(b.getState()) + ")");
                }
                return;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /**
     * The HTTP API answers, and it is this agent's: its bundle says, in this framework's registry,
     * which address it bound (or why it could not), and only that address is asked for health. A
     * probe of the configured address alone would take another process's answer, another agent
     * that holds the port, for this one's. A bare socket and one HTTP/1.0 request: the JDK's HTTP
     * client would load some 200 classes and start its own threads in the agent, for this one question.
     */
    void awaitHttp(HttpAddress http, Duration timeout) throws LaunchException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "the API bundle has not bound it";
        while (System.nanoTime() < deadline) {
            ServiceReference<?> api = apiServer();
            if (api != null && api.getProperty(API_FAILURE) instanceof String failure) {
                throw HttpAddress.cannotListen(http, failure);
            }
            if (api != null && api.getProperty(API_ADDRESS) instanceof String bound) {
                try {
                    String status = healthStatusLine(bound);
                    if (status.matches("HTTP/1\\.[01] 200\\b.*")) {
                        return;
                    }
                    last = status;
                } catch (java.io.IOException e) {
                    last = e.toString();
                }
            }
            Thread.sleep(POLL_MILLIS);
        }
        throw new LaunchException("the HTTP API did not come up on " + http.url() + " within " + timeout + " ("
                + last + ")");
    }

    private ServiceReference<?> apiServer() {
        try {
            ServiceReference<?>[] refs = context.getAllServiceReferences(API_SERVER, null);
            return refs == null ? null : refs[0];
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e); // a null filter cannot be invalid
        }
    }

    /** The names of the driver services registered now, sorted. */
    /** @param bound {@code IP:PORT} as the API bundle bound it */
    private static String healthStatusLine(String bound) throws java.io.IOException {
        int colon = bound.lastIndexOf(':');
        String host = bound.substring(0, colon);
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress(host, Integer.parseInt(bound.substring(colon + 1))), 1000);
            s.setSoTimeout(2000);
            s.getOutputStream().write(("GET /v1/agent/health HTTP/1.0\r\nHost: " + (host.contains(":") ? "[" + host
                    + "]" : host) + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                    s.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII));
            String line = in.readLine();
            return line == null ? "connection closed" : line;
        }
    }

    List<String> drivers() {
        try {
            ServiceReference<?>[] refs = context.getAllServiceReferences(DRIVER, null);
            if (refs == null) {
                return List.of();
            }
            TreeSet<String> names = new TreeSet<>();
            for (ServiceReference<?> ref : refs) {
                if (ref.getProperty(DRIVER_NAME) instanceof String name) {
                    names.add(name);
                }
            }
            return List.copyOf(names);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e); // a null filter cannot be invalid
        }
    }

    private Map<Path, Bundle> deployedBundles() {
        List<Bundle> fromFiles = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (b.getLocation().startsWith("file:")) {
                fromFiles.add(b);
            }
        }
        return fromFiles.stream().collect(Collectors.toMap(
                b -> Path.of(java.net.URI.create(b.getLocation())).normalize(), Function.identity(), (a, b) -> a));
    }

    static String stateName(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "UNINSTALLED";
        };
    }
}
