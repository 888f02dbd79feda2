package org.drover.runner.core.node;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.drover.runner.api.alloc.AllocLayout;
import org.drover.runner.api.driver.Driver;
import org.drover.runner.api.driver.DriverCatalog;
import org.drover.runner.api.node.DriverState;
import org.drover.runner.api.node.Node;
import org.drover.runner.api.node.NodeService;
import org.drover.runner.core.network.BridgeConfig;
import org.drover.runner.core.network.BridgeFingerprint;
import org.drover.runner.core.network.CniPath;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node service: the host fingerprinted once at activation, the drivers again whenever one
 * comes or goes and every {@value #DRIVER_PERIOD_SECONDS} seconds (how a driver's health change is
 * seen: drivers report it only when asked), the settings whenever ConfigAdmin changes them. All on
 * one thread of its own: no DS callback waits on a driver, and watchers hear of changes in order.
 */
@Component(service = NodeService.class, immediate = true, configurationPid = NodeSettings.PID)
public final class NodeFingerprint implements NodeService {

    /**
     * The Nomad release whose client Drover's behaviour follows (the source its semantics were read
     * from): job files constrain on {@code ${attr.nomad.version}}, and ask for a version with the
     * features they use.
     */
    static final String NOMAD_VERSION = "2.0.5";
    /** That release's commit. */
    static final String NOMAD_REVISION = "5c8612bba6eb8e44cc3fc434125cb1b13463c309";
    static final long DRIVER_PERIOD_SECONDS = 10;

    private static final Logger LOG = LoggerFactory.getLogger(NodeFingerprint.class);

    private final DriverCatalog catalog;
    private final BundleContext bundle;
    private final LocalNode node;
    private final Instant readySince;
    private final List<Runnable> watchers = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "drover-node");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public NodeFingerprint(@Reference DriverCatalog catalog, BundleContext bundle, Map<String, Object> config) {
        this.catalog = catalog;
        this.bundle = bundle;
        Path dataDir = dataDir(bundle);
        Map<String, String> host = hostAttributes(bundle, dataDir);
        NodeSettings settings = NodeSettings.of(config, bundle::getProperty, host.get("unique.hostname"));
        this.node = new LocalNode(NodeId.in(dataDir), settings, host, Clock.systemUTC());
        this.readySince = Instant.now();
        node.refresh(catalog);
        // Each CNI plugin is run for its version, some 25 ms apiece: off the agent's way to ready, as
        // Nomad's fingerprints arrive one by one. A bridge job submitted before waits until then.
        submit(() -> {
            if (node.hostAttributes(BridgeFingerprint.read(CniPath.of(bundle::getProperty, System::getenv),
                    BridgeConfig.DEFAULT))) {
                notifyWatchers();
            }
        });
        thread.scheduleWithFixedDelay(this::refresh, DRIVER_PERIOD_SECONDS, DRIVER_PERIOD_SECONDS, TimeUnit.SECONDS);
        Node n = node.node();
        LOG.info("Node {} ({}), datacenter {}, region {}, pool {}", n.id(), n.name(), n.datacenter(), n.region(),
                n.nodePool());
    }

    @Modified
    void modified(Map<String, Object> config) {
        NodeSettings settings = NodeSettings.of(config, bundle::getProperty, node.node().attributes()
                .get("unique.hostname"));
        submit(() -> {
            if (node.settings(settings)) {
                notifyWatchers();
            }
        });
    }

    /** Bound only to hear that drivers come and go; the catalog is where they are read. */
    @Reference(service = Driver.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindDriver(Driver driver) {
        submit(this::refresh);
    }

    void unbindDriver(Driver driver) {
        submit(this::refresh);
    }

    @Deactivate
    void deactivate() {
        thread.shutdownNow();
    }

    @Override
    public Node self() {
        return node.node();
    }

    @Override
    public SortedMap<String, DriverState> drivers() {
        return node.drivers();
    }

    @Override
    public Instant readySince() {
        return readySince;
    }

    @Override
    public AutoCloseable watch(Runnable onChange) {
        watchers.add(onChange);
        return () -> watchers.remove(onChange);
    }

    private void refresh() {
        try {
            if (node.refresh(catalog)) {
                notifyWatchers();
            }
        } catch (RuntimeException e) {
            LOG.warn("Fingerprinting the drivers failed: {}", e.toString());
        }
    }

    private void notifyWatchers() {
        for (Runnable w : watchers) {
            try {
                w.run();
            } catch (RuntimeException e) {
                LOG.warn("A node watcher failed: {}", e.toString());
            }
        }
    }

    private void submit(Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException e) {
            // deactivated: nobody is left to tell
        }
    }

    private static Path dataDir(BundleContext bundle) {
        String data = bundle.getProperty(AllocLayout.DATA_DIR_PROPERTY);
        return data != null ? Path.of(data) : bundle.getDataFile("").toPath();
    }

    private static Map<String, String> hostAttributes(BundleContext bundle, Path dataDir) {
        Map<String, String> a = new HashMap<>(HostFingerprint.read(HostFiles.HOST, System::getProperty));
        String ip = NetworkAddress.of(HostFiles.HOST);
        a.put(Node.IP_ADDRESS, ip);
        Path allocRoot = AllocLayout.configured(bundle::getProperty).orElseGet(() -> AllocLayout.under(dataDir)).root();
        a.putAll(storage(allocRoot));
        a.put("nomad.version", NOMAD_VERSION);
        a.put("nomad.revision", NOMAD_REVISION);
        a.put("unique.advertise.address", advertised(bundle, ip));
        return a;
    }

    /** Nomad's HTTP advertise address: the API's, with the node's address for a wildcard host. */
    static String advertised(BundleContext bundle, String ip) {
        String host = bundle.getProperty("drover.http.host");
        String port = bundle.getProperty("drover.http.port");
        boolean wildcard = host == null || host.isEmpty() || host.equals("0.0.0.0") || host.equals("::");
        return (wildcard ? ip : host) + ":" + (port == null ? "4646" : port.trim());
    }

    /** The volume holding the allocations and its size, as Nomad's storage fingerprint has them. */
    static Map<String, String> storage(Path dir) {
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return Map.of();
        }
        try {
            FileStore store = Files.getFileStore(existing);
            return Map.of("unique.storage.volume", store.name(),
                    "unique.storage.bytestotal", Long.toString(store.getTotalSpace()));
        } catch (IOException e) {
            LOG.warn("Cannot read the disk of {}: {}", existing, e.toString());
            return Map.of();
        }
    }
}
