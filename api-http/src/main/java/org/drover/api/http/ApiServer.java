package org.drover.api.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.drover.api.http.spi.ApiEndpoint;
import org.drover.runner.api.alloc.AllocLayout;
import org.drover.runner.api.alloc.AllocationService;
import org.drover.runner.api.driver.DriverCatalog;
import org.drover.runner.api.job.JobService;
import org.drover.runner.api.node.NodeService;
import org.drover.runner.api.state.StateStore;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.HttpServer;

/**
 * The API's listener: the JDK's own HTTP server, bound while this component is
 * active. A servlet container would cost the idle agent some 700 classes and a
 * dozen threads for the one handler the API needs (P8 in docs/benchmarks.md);
 * this server adds a dispatcher thread and workers that exist only while
 * requests do. The process that owns the JVM sets {@code sun.net.httpserver.nodelay}
 * (the launcher does): a bundle has no business changing JVM-wide settings.
 */
@Component(immediate = true, configurationPid = ApiServer.PID)
public final class ApiServer {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    static final String PID = "org.drover.api";
    /** A request that has not ended after this long keeps its worker; the others queue for the next. */
    private static final int WORKERS = 16;

    /** Settings, from ConfigAdmin under {@value #PID}. */
    public @interface Config {
        /** Required on mutating requests when not empty. */
        String token() default "";
    }

    /**
     * Registered once the port is bound, with {@value #ADDRESS} (what it is bound to), or with
     * {@value #FAILURE} (why it could not be): the launcher's readiness reads it in the agent's own
     * registry, so an API that answers on the port is known to be this agent's, not another
     * process's that holds the port.
     */
    static final String ADDRESS = "drover.http.address";
    static final String FAILURE = "drover.http.failure";

    private final HttpServer server;
    private final ThreadPoolExecutor workers;
    private final ServiceRegistration<ApiServer> status;
    private final Endpoints endpoints;
    private String bindFailure;

    @Activate
    public ApiServer(@Reference JobService jobs, @Reference AllocationService allocs,
            @Reference DriverCatalog drivers, @Reference NodeService node, @Reference StateStore store,
            BundleContext bundle, Config config)
            throws IOException {
        String t = config.token().isEmpty() ? bundle.getProperty("drover.api.token") : config.token();
        String dir = AllocLayout.configured(bundle::getProperty).map(l -> l.root().toString()).orElse(null);
        ApiHandler handler = new ApiHandler(jobs, allocs, drivers, node, store, t, dir);
        endpoints = handler.endpoints();
        InetSocketAddress address = address(bundle);
        server = bind(address);
        Hashtable<String, Object> props = new Hashtable<>();
        if (server == null) {
            workers = null;
            props.put(FAILURE, bindFailure);
        } else {
            server.createContext("/", handler);
            workers = workers();
            server.setExecutor(workers);
            server.start();
            LOG.info("HTTP API listening on {}", server.getAddress());
            InetSocketAddress at = server.getAddress();
            props.put(ADDRESS, at.getAddress().getHostAddress() + ":" + at.getPort());
        }
        status = bundle.registerService(ApiServer.class, this, props);
    }

    /** The listener, or null with {@link #bindFailure} saying why (one log line: the operator's to fix). */
    private HttpServer bind(InetSocketAddress address) {
        try {
            return HttpServer.create(address, 128);
        } catch (IOException | IllegalArgumentException e) {
            bindFailure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            LOG.error("HTTP API cannot listen on {}:{}: {}", address.getHostString(), address.getPort(), bindFailure);
            LOG.debug("Binding the HTTP API", e);
            return null;
        }
    }

    private static InetSocketAddress address(BundleContext bundle) {
        String host = bundle.getProperty("drover.http.host");
        String port = bundle.getProperty("drover.http.port");
        return new InetSocketAddress(host == null ? "127.0.0.1" : host,
                port == null ? 4646 : Integer.parseInt(port.trim()));
    }

    private static ThreadPoolExecutor workers() {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(WORKERS, WORKERS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "drover-api-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * The whiteboard: every endpoint service other bundles register is served while it is, and
     * bound after this component starts, so a bundle coming or going never restarts the API.
     */
    @Reference(service = ApiEndpoint.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            updated = "updatedEndpoint")
    void addEndpoint(ApiEndpoint endpoint, Map<String, Object> properties) {
        endpoints.add(endpoint, properties);
    }

    void updatedEndpoint(ApiEndpoint endpoint, Map<String, Object> properties) {
        endpoints.add(endpoint, properties);
    }

    void removeEndpoint(ApiEndpoint endpoint, Map<String, Object> properties) {
        endpoints.remove(properties);
    }

    /** Closes the listener at once: a client following a log sees its stream end. */
    @Deactivate
    void deactivate() {
        status.unregister();
        if (server != null) {
            server.stop(0);
            workers.shutdownNow();
        }
    }
}
