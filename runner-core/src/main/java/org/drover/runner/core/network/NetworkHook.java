package org.drover.runner.core.network;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.drover.runner.api.driver.DriverNetworkManager;
import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.NetworkResource;
import org.drover.runner.api.state.HookState;
import org.drover.runner.core.hooks.AllocHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nomad's {@code network} alloc hook for {@code mode = "bridge"}: before the first task, a network
 * namespace named after the allocation, put on the bridge by the CNI plugins with the allocation's
 * port mappings; once the last task is dead, the plugins' DEL and the namespace removed. An agent
 * that restarts finds the namespace it recorded and keeps it: ADD is not idempotent, so it never
 * runs twice for one namespace. Where a task's driver makes the namespace itself (docker's pause
 * container, a {@link DriverNetworkManager}), the hook asks it for the namespace instead of making
 * one, as Nomad's client asks a driver that must initiate the network. Other modes need nothing.
 */
public final class NetworkHook implements AllocHook {

    public static final String NAME = "network";
    /** The allocation's interface: Nomad's prefix {@code eth} and the first index. */
    public static final String INTERFACE = "eth0";

    private static final Logger LOG = LoggerFactory.getLogger(NetworkHook.class);

    private final CniPlugins plugins;
    private final HostCommands host;
    private final BridgeConfig config;
    /** The driver of the allocation's tasks that makes its namespace, if one does. */
    private final Function<Allocation, Optional<DriverNetworkManager>> initiator;
    /**
     * One setup or teardown at a time on the node, as Nomad's client serialises them: two ADDs at
     * once may race to create the bridge.
     */
    private final Object serial = new Object();

    public NetworkHook(CniPlugins plugins, HostCommands host, BridgeConfig config) {
        this(plugins, host, config, a -> Optional.empty());
    }

    public NetworkHook(CniPlugins plugins, HostCommands host, BridgeConfig config,
            Function<Allocation, Optional<DriverNetworkManager>> initiator) {
        this.plugins = plugins;
        this.host = host;
        this.config = config;
        this.initiator = initiator;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean wants(Allocation alloc) {
        return mode(alloc).startsWith("cni/") || bridged(alloc);
    }

    /** Whether the allocation's group asks for a bridge namespace. */
    public static boolean bridged(Allocation alloc) {
        return mode(alloc).equals(NetworkResource.BRIDGE);
    }

    /** The group network's mode, as submitted or, once placed, as kept with the allocation's ports. */
    private static String mode(Allocation alloc) {
        String placed = alloc.network().mode();
        return placed.equals(NetworkResource.HOST)
                ? alloc.taskGroup().network().map(NetworkResource::mode).orElse(NetworkResource.HOST) : placed;
    }

    @Override
    public HookState prerun(Allocation alloc, HookState stored) {
        String mode = mode(alloc);
        if (mode.startsWith("cni/")) {
            throw new CniException("network mode \"" + mode + "\" is not supported on this node");
        }
        if (!bridged(alloc)) {
            return HookState.NONE;
        }
        String id = alloc.id();
        Optional<AllocNetwork> known = AllocNetwork.fromState(stored);
        if (known.isPresent() && present(known.get(), id)) {
            LOG.debug("Allocation {} keeps its network namespace {} ({})", id, known.get().netnsPath(),
                    known.get().address());
            return stored;
        }
        synchronized (serial) {
            Optional<DriverNetworkManager> driver = initiator.apply(alloc);
            if (known.isPresent() || (driver.isEmpty() && host.netnsExists(id))) {
                // A namespace without its record, or a record without its namespace (a reboot): neither
                // can be checked, so what is left of it goes and the allocation gets a new one.
                LOG.warn("Allocation {}: network namespace and its record disagree; setting it up anew", id);
                teardown(alloc, known.map(AllocNetwork::cniResult).orElse(""),
                        known.map(AllocNetwork::netnsPath).orElse(HostCommands.netnsPath(id)), driver);
            }
            host.ensureForwarding(config);
            String path = driver.isPresent() ? driver.get().createNetwork(id, hostname(alloc)).path()
                    : host.createNetns(id);
            CniResult result;
            try {
                result = plugins.add(config.plugins(), invocation(alloc, path));
            } catch (RuntimeException e) {
                teardown(alloc, "", path, driver);
                throw new CniException("failed to configure networking for alloc: " + e.getMessage());
            }
            LOG.info("Allocation {}: bridge network {} on {} in {}", id, result.address(), result.interfaceName(),
                    path);
            return new AllocNetwork(path, result.interfaceName(), result.address(), result.json()).toState();
        }
    }

    @Override
    public void postrun(Allocation alloc, HookState stored) {
        Optional<AllocNetwork> known = AllocNetwork.fromState(stored);
        if (known.isEmpty() && !host.netnsExists(alloc.id())) {
            return;
        }
        synchronized (serial) {
            teardown(alloc, known.map(AllocNetwork::cniResult).orElse(""),
                    known.map(AllocNetwork::netnsPath).orElse(HostCommands.netnsPath(alloc.id())),
                    initiator.apply(alloc));
        }
        LOG.info("Allocation {}: bridge network removed", alloc.id());
    }

    /** A recorded namespace still there: the hook's own by its name, a driver's by its file. */
    private boolean present(AllocNetwork known, String id) {
        return known.netnsPath().equals(HostCommands.netnsPath(id)) ? host.netnsExists(id)
                : Files.exists(Path.of(known.netnsPath()));
    }

    private static String hostname(Allocation alloc) {
        return alloc.taskGroup().network().map(NetworkResource::hostname).orElse("");
    }

    /**
     * DEL, then the namespace (the hook's own, or the driver's that made it); a DEL that fails is
     * logged, as Nomad does: the namespace goes all the same.
     */
    private void teardown(Allocation alloc, String addResult, String path, Optional<DriverNetworkManager> driver) {
        try {
            plugins.del(config.plugins(), invocation(alloc, path), addResult);
        } catch (RuntimeException e) {
            LOG.error("Allocation {}: failed to clean up its network, resources may have leaked: {}", alloc.id(),
                    e.getMessage());
        }
        if (!path.equals(HostCommands.netnsPath(alloc.id()))) {
            driver.ifPresentOrElse(d -> d.destroyNetwork(alloc.id(),
                    new org.drover.runner.api.driver.NetworkIsolation(path, "", "", hostname(alloc))),
                    () -> LOG.warn("Allocation {}: no driver to remove its network namespace {}", alloc.id(), path));
        }
        host.deleteNetns(alloc.id());
    }

    /**
     * Nomad's CNI_ARGS: {@code IgnoreUnknown}, then the allocation's identity by the names of its
     * task variables; a value holding {@code ;}, the separator, is left out.
     */
    static CniPlugins.Invocation invocation(Allocation alloc, String netns) {
        Map<String, String> args = new LinkedHashMap<>();
        args.put("IgnoreUnknown", "true");
        Map<String, String> identity = new LinkedHashMap<>();
        identity.put("NOMAD_REGION", alloc.job().region());
        identity.put("NOMAD_NAMESPACE", alloc.job().namespace());
        identity.put("NOMAD_JOB_ID", alloc.job().id());
        identity.put("NOMAD_GROUP_NAME", alloc.group());
        identity.put("NOMAD_ALLOC_ID", alloc.id());
        identity.forEach((k, v) -> {
            if (v.contains(";")) {
                LOG.warn("Skipping CNI arg {} of allocation {}: its value contains a semicolon", k, alloc.id());
            } else {
                args.put(k, v);
            }
        });
        return new CniPlugins.Invocation(alloc.id(), netns, INTERFACE, args,
                PortMapping.of(alloc.network().ports()));
    }
}
