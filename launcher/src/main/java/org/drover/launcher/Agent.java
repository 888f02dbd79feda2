package org.drover.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one node agent: a Felix framework with the distribution's bundles, until it is stopped. */
final class Agent {

    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
    static final Duration CORE_TIMEOUT = Duration.ofSeconds(30);
    static final Duration DEPLOY_TIMEOUT = Duration.ofSeconds(10);
    /** The Gogo shell's bundles, installed only for {@code --shell}: a daemon reads no console. */
    private static final String GOGO = "org.apache.felix.gogo.";

    private final AgentLayout layout;
    private final Distribution distribution;
    private final HttpAddress http;
    private final String token;
    private final boolean shell;
    private final boolean ownsSignals;
    private final Map<String, String> nodeProperties;
    private volatile Framework framework;
    /** Set before {@link #framework} is read, which the start sets before it reads this: no stop is missed. */
    private volatile boolean stopRequested;
    private final java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);

    /**
     * @param http  where the HTTP API listens
     * @param token required on the API's mutating requests; empty for none
     * @param shell whether the Gogo shell reads commands from the console
     * @param ownsSignals whether SIGINT and SIGTERM stop this agent; not when a command embeds it
     *     and decides what they mean
     */
    Agent(AgentLayout layout, Distribution distribution, HttpAddress http, String token, boolean shell,
            boolean ownsSignals) {
        this(layout, distribution, http, token, shell, ownsSignals, Map.of());
    }

    /** @param nodeProperties the node's settings from the flags ({@link NodeFlags#properties}) */
    Agent(AgentLayout layout, Distribution distribution, HttpAddress http, String token, boolean shell,
            boolean ownsSignals, Map<String, String> nodeProperties) {
        this.nodeProperties = Map.copyOf(nodeProperties);
        this.layout = layout;
        this.distribution = distribution;
        this.http = http;
        this.token = token;
        this.shell = shell;
        this.ownsSignals = ownsSignals;
    }

    /** Waits until the agent is ready (or has failed to start): for an agent embedded in a command. */
    boolean awaitReady(Duration timeout) throws InterruptedException {
        return ready.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS) && framework != null;
    }

    /** Stops an embedded agent as SIGTERM stops a standalone one; its tasks keep running. */
    void stop() {
        stopRequested = true;
        Framework f = framework;
        if (f != null) {
            try {
                f.stop();
            } catch (BundleException e) {
                LOG.error("Stopping the framework: {}", e.getMessage());
            }
        }
    }

    /** Returns the exit code: 0 after a requested stop. */
    int run() throws LaunchException {
        layout.createDataDirs();
        try (DataDirLock lock = DataDirLock.acquire(layout.lockFile())) {
            layout.createOwnedDirs();
            http.checkFree();
            AgentLogging.start(layout.dataDir(), layout.logDir());
            try {
                return runFramework();
            } finally {
                AgentLogging.stop();
            }
        }
    }

    private int runFramework() throws LaunchException {
        // The JDK's HTTP server leaves Nagle's algorithm on unless told otherwise: it writes an
        // answer's headers and body apart, and the second write then waits out the client's delayed
        // ACK, 40 ms on Linux, on every request. Read once, when the JVM's first server is made, so
        // set before any bundle starts: JVM-wide settings are the launcher's, not a bundle's.
        System.getProperties().putIfAbsent("sun.net.httpserver.nodelay", "true");
        List<Path> deployedAtLaunch = RuntimeBundles.jars(layout.deployDir());
        Framework framework = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new LaunchException("no OSGi framework on the class path"))
                .newFramework(frameworkProperties());
        try {
            framework.init();
            this.framework = framework;
            if (stopRequested) {
                return 0;
            }
            List<Bundle> bundles = RuntimeBundles.install(framework.getBundleContext(), distribution.bundlesDir(),
                    name -> shell || !name.startsWith(GOGO));
            framework.start();
            RuntimeBundles.start(bundles);
            if (ownsSignals) {
                ShutdownSignals.install(framework);
            }

            Readiness readiness = new Readiness(framework.getBundleContext());
            readiness.awaitCore(CORE_TIMEOUT);
            readiness.awaitDeployed(deployedAtLaunch, DEPLOY_TIMEOUT);
            readiness.awaitHttp(http, CORE_TIMEOUT);
            List<String> drivers = readiness.drivers();
            if (!http.loopback() && token.isEmpty()) {
                LOG.warn("WARNING: the HTTP API listens on {} without a token: anyone who reaches this address"
                        + " can run programs on this node. Set --token (or DROVER_TOKEN), or listen on 127.0.0.1.",
                        http.url());
            }
            LOG.info("Drover agent ready: version {}, data dir {}, deploy dir {}, API {}, drivers: {}",
                    Drover.Version.current(), layout.dataDir(), layout.deployDir(), http.url(),
                    drivers.isEmpty() ? "none" : String.join(", ", drivers));
            ready.countDown();

            FrameworkEvent stopped = framework.waitForStop(0);
            LOG.info("Drover agent stopped");
            return stopped.getType() == FrameworkEvent.STOPPED ? 0 : 1;
        } catch (BundleException e) {
            throw new LaunchException("the OSGi framework did not start: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("interrupted while starting", e);
        } finally {
            ready.countDown();
            stopQuietly(framework);
            this.framework = null;
        }
    }

    private static void stopQuietly(Framework framework) {
        if ((framework.getState() & (Bundle.STARTING | Bundle.ACTIVE)) == 0) {
            return;
        }
        try {
            framework.stop();
            framework.waitForStop(ShutdownSignals.STOP_TIMEOUT_MILLIS);
        } catch (BundleException e) {
            LOG.error("The framework did not stop cleanly: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The framework configuration. Typed as strings by the OSGi API, but Felix
     * takes a {@code Logger} instance under {@code felix.log.logger}: the map is
     * passed raw for that one entry.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private Map<String, String> frameworkProperties() throws LaunchException {
        Map props = new HashMap<>();
        props.put(Constants.FRAMEWORK_STORAGE, layout.frameworkCache().toString());
        props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        props.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, SystemPackages.extra());
        props.put("felix.log.logger", new FelixLogBridge());
        props.put("ds.loglevel", "warn");
        // A few dozen bundles resolve in milliseconds on the calling thread; a pool would
        // keep one thread per core for the agent's whole life.
        props.put("felix.resolver.parallelism", "1");

        // FileInstall: a jar copied in is installed and started, replaced is updated, deleted is
        // uninstalled; a PID.cfg file is that configuration in ConfigAdmin, changed or deleted with
        // the file. Only those: operators deploy by writing a temporary name and renaming.
        props.put("felix.fileinstall.dir", layout.deployDir().toString());
        props.put("felix.fileinstall.filter", ".*\\.(jar|cfg)");
        // The operator's file is the only source: ConfigAdmin never writes back into it.
        props.put("felix.fileinstall.enableConfigSave", "false");
        props.put("felix.fileinstall.poll", "1000");
        props.put("felix.fileinstall.noInitialDelay", "true");
        props.put("felix.fileinstall.tmpdir", layout.tmpDir().toString());
        props.put("felix.fileinstall.log.default", "jul");
        props.put("felix.fileinstall.log.level", "3");

        props.put("drover.version", Drover.Version.current());
        props.put("drover.data.dir", layout.dataDir().toString());
        props.put("drover.deploy.dir", layout.deployDir().toString());
        props.put("drover.alloc.dir", layout.allocDir().toString());

        // The API bundle's address and token.
        props.put("drover.http.host", http.host());
        props.put("drover.http.port", Integer.toString(http.port()));
        props.put("drover.api.token", token);
        // The node's settings given as flags; the core's node component reads them over its configuration.
        props.putAll(nodeProperties);
        // Leaving the Gogo console never stops the agent.
        props.put("gosh.args", "--noshutdown");
        return (Map<String, String>) props;
    }
}
