package org.drover.driver.docker;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.drover.driver.docker.engine.Engine;
import org.drover.runner.api.driver.DriverException;
import org.drover.runner.api.driver.NetworkIsolation;
import org.drover.runner.api.driver.TaskConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The pause containers that hold allocations' network namespaces, as Nomad's docker driver makes
 * them: one per allocation, from {@code infra_image}, in network mode {@code none} (a namespace with
 * only a loopback, which the core's network setup then configures), restarted by the Engine unless
 * stopped. They are found by their labels, so a later driver instance finds them again; the ones
 * this instance knows of are kept from the dangling-container sweep.
 */
final class InfraContainers {

    private final Engine engine;
    private final String nodeId;
    private final DockerSettings settings;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    InfraContainers(Engine engine, String nodeId, DockerSettings settings) {
        this.engine = engine;
        this.nodeId = nodeId;
        this.settings = settings;
    }

    /** Whether {@code id} is a pause container of an allocation this driver instance knows of. */
    boolean known(String id) {
        return known.contains(id);
    }

    /** The allocation's namespace: its running pause container's, or a new one's. */
    synchronized NetworkIsolation create(String allocId, String hostname, Consumer<String> tell) {
        try {
            for (JsonNode c : containersOf(allocId)) {
                String id = c.path("Id").asText();
                Optional<JsonNode> running = engine.inspect(id).filter(i -> i.path("State").path("Running")
                        .asBoolean());
                if (running.isPresent()) {
                    known.add(id);
                    return isolation(running.get(), hostname);
                }
                // Stopped, its namespace is gone: a new one replaces it.
                engine.remove(id, true);
            }
        } catch (IOException e) {
            throw DriverException.recoverable("cannot look for the pause container of allocation " + allocId + ": "
                    + e.getMessage());
        }
        Images.ensure(engine, settings.infraImage(), false, settings.pullTimeout(), tell);
        String id;
        try {
            id = engine.create(name(allocId), spec(allocId, hostname));
        } catch (IOException e) {
            throw new DriverException("cannot create the pause container of allocation " + allocId + ": "
                    + e.getMessage(), e);
        }
        known.add(id);
        try {
            engine.start(id);
            return isolation(engine.inspect(id).orElseThrow(() -> new IOException("it is gone")), hostname);
        } catch (IOException e) {
            removeQuietly(id);
            throw new DriverException("cannot start the pause container of allocation " + allocId + " ("
                    + ContainerSpec.imageRef(settings.infraImage()) + "): " + e.getMessage(), e);
        }
    }

    /** Removes the allocation's pause containers; none left is not an error. */
    synchronized void destroy(String allocId) {
        try {
            for (JsonNode c : containersOf(allocId)) {
                String id = c.path("Id").asText();
                engine.remove(id, true);
                known.remove(id);
            }
        } catch (IOException e) {
            throw new DriverException("cannot remove the pause container of allocation " + allocId
                    + " (the dangling-container sweep removes it later): " + e.getMessage(), e);
        }
    }

    /**
     * The pause container whose namespace the task's {@code network} names, which its container joins.
     * A namespace the driver did not make cannot be joined: the Engine joins containers, not paths.
     */
    String joinable(TaskConfig task) {
        String path = task.network().path();
        try {
            for (JsonNode c : containersOf(task.allocId())) {
                Optional<JsonNode> inspected = engine.inspect(c.path("Id").asText());
                if (inspected.isPresent() && inspected.get().path("State").path("Running").asBoolean()
                        && paths(inspected.get()).contains(path)) {
                    known.add(inspected.get().path("Id").asText());
                    return inspected.get().path("Id").asText();
                }
            }
        } catch (IOException e) {
            throw DriverException.recoverable("cannot look for the pause container of allocation "
                    + task.allocId() + ": " + e.getMessage());
        }
        throw new DriverException("the allocation's network namespace " + path + " is not held by a pause"
                + " container of the docker driver: a docker task joins only a namespace the driver made");
    }

    /** A re-attached task's allocation: its pause containers are kept from the sweep again. */
    void adopt(String allocId) {
        try {
            containersOf(allocId).forEach(c -> known.add(c.path("Id").asText()));
        } catch (IOException e) {
            // the next createNetwork or start of the allocation finds it again, well within the sweep's grace
        }
    }

    private List<JsonNode> containersOf(String allocId) throws IOException {
        return engine.containersLabelled(Labels.NODE + "=" + nodeId, Labels.ALLOC + "=" + allocId, Labels.INFRA);
    }

    /** The namespace's file seen through the pause process, and the Engine's own name for it. */
    private static List<String> paths(JsonNode inspected) {
        return List.of(netnsOf(inspected), inspected.path("NetworkSettings").path("SandboxKey").asText());
    }

    private static String netnsOf(JsonNode inspected) {
        return "/proc/" + inspected.path("State").path("Pid").asLong() + "/ns/net";
    }

    private static NetworkIsolation isolation(JsonNode inspected, String hostname) throws IOException {
        if (inspected.path("State").path("Pid").asLong() <= 0) {
            throw new IOException("the pause container " + inspected.path("Id").asText() + " has no process");
        }
        return new NetworkIsolation(netnsOf(inspected), "", "", hostname);
    }

    private String name(String allocId) {
        return ("drover-init-" + allocId + "-" + nodeId.substring(0, Math.min(8, nodeId.length())))
                .replaceAll("[^a-zA-Z0-9_.-]", "_");
    }

    private ObjectNode spec(String allocId, String hostname) {
        ObjectNode spec = Engine.object();
        spec.put("Image", ContainerSpec.imageRef(settings.infraImage()));
        if (!hostname.isEmpty()) {
            spec.put("Hostname", hostname);
        }
        spec.putObject("Labels").put(Labels.NODE, nodeId).put(Labels.ALLOC, allocId).put(Labels.INFRA, "true");
        ObjectNode host = spec.putObject("HostConfig");
        host.put("NetworkMode", "none");
        host.putObject("RestartPolicy").put("Name", "unless-stopped");
        return spec;
    }

    private void removeQuietly(String id) {
        try {
            engine.remove(id, true);
            known.remove(id);
        } catch (IOException e) {
            // known still, so the sweep leaves it; destroyNetwork removes it by its labels
        }
    }
}
