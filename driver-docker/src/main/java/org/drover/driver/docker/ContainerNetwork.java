package org.drover.driver.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.drover.driver.docker.engine.Engine;
import org.drover.runner.api.driver.TaskConfig;
import org.drover.runner.api.driver.TaskConfigException;
import org.drover.runner.api.model.AllocatedPort;
import org.drover.runner.api.model.Dns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The network part of a container create: its network mode, the ports it publishes on the host and
 * its DNS. As in Nomad, {@code ports} name the task's placed ports by label; a container that joins
 * another's namespace (the allocation's pause container) publishes nothing, since the namespace's
 * own port mapping reaches it.
 *
 * @param join   the pause container whose namespace the task joins, or null
 * @param legacy the task's own ports (its legacy {@code resources.network}), which {@code port_map} maps
 */
record ContainerNetwork(String join, List<AllocatedPort> legacy) {

    static final ContainerNetwork HOST = new ContainerNetwork(null, List.of());

    /** A Drover job file before port labels: {@code HOST:CONTAINER} or {@code CONTAINER}, with a protocol. */
    private static final Pattern NUMERIC = Pattern.compile("(\\d{1,5}:)?\\d{1,5}(/(tcp|udp))?");

    /** Where the resolv.conf of a task in a joined namespace is written, on the host. */
    static Path resolvConf(TaskConfig task) {
        return DockerDriver.runDir(task).resolve("resolv.conf");
    }

    ContainerNetwork {
        legacy = List.copyOf(legacy);
    }

    void apply(TaskConfig task, DockerConfig c, DockerSettings settings, ObjectNode spec, ObjectNode host) {
        String mode = mode(task, c, settings);
        if (!mode.isEmpty()) {
            host.put("NetworkMode", mode);
        }
        boolean joined = mode.startsWith("container:");
        if (joined && !c.hostname().isEmpty()) {
            // The Engine refuses it: the joined namespace's hostname is its owner's.
            throw new TaskConfigException("hostname", "cannot be set in network mode " + mode + "; the group"
                    + " network's hostname names the allocation's namespace");
        }
        publish(task, c, joined, spec, host);
        dns(task, dnsOf(task, c), joined, host);
    }

    private String mode(TaskConfig task, DockerConfig c, DockerSettings settings) {
        if (c.networkMode().equals("host") && !settings.allowHostNetwork()) {
            throw new TaskConfigException("network_mode", DockerSettings.refusal("the host's network",
                    "allow_host_network"));
        }
        // Nomad's rule: a network_mode of the task's own wins over the allocation's namespace.
        if (c.networkMode().isEmpty() && join != null) {
            return "container:" + join;
        }
        return c.networkMode();
    }

    /** Nomad's order: labels when given, else every legacy port through port_map, else port_map is an error. */
    private void publish(TaskConfig task, DockerConfig c, boolean joined, ObjectNode spec, ObjectNode host) {
        if (!c.ports().isEmpty()) {
            for (String label : c.ports()) {
                AllocatedPort p = task.port(label).orElseThrow(() -> notFound(task, label));
                if (!joined) {
                    bind(p.hostIp(), p.value(), p.to() > 0 ? p.to() : p.value(), spec, host);
                }
            }
        } else if (!legacy.isEmpty()) {
            for (AllocatedPort p : legacy) {
                if (!joined) {
                    bind(p.hostIp(), p.value(), c.portMap().getOrDefault(p.label(), p.value()), spec, host);
                }
            }
        } else if (!c.portMap().isEmpty()) {
            throw new TaskConfigException("port_map", task.ports().isEmpty()
                    ? "Trying to map ports but no network interface is available"
                    : "'port_map' cannot map group network ports, use 'ports' instead");
        }
    }

    private static TaskConfigException notFound(TaskConfig task, String label) {
        String known = task.ports().isEmpty() ? "the task has no ports"
                : "the task's ports are " + task.ports().stream().map(p -> "\"" + p.label() + "\"").distinct()
                        .collect(Collectors.joining(", "));
        String hint = NUMERIC.matcher(label).matches()
                ? "; ports takes the labels of network ports, not port numbers: declare the port in the group's"
                        + " network block (port \"<label>\" { static = <host port>, to = <container port> })"
                : "";
        return new TaskConfigException("ports", "Port \"" + label + "\" not found, check network block (" + known
                + ")" + hint);
    }

    /** Nomad publishes every port for both protocols. */
    private static void bind(String hostIp, int hostPort, int containerPort, ObjectNode spec, ObjectNode host) {
        for (String protocol : List.of("tcp", "udp")) {
            String key = containerPort + "/" + protocol;
            spec.withObjectProperty("ExposedPorts").putObject(key);
            ObjectNode binding = Engine.object();
            binding.put("HostIp", hostIp).put("HostPort", Integer.toString(hostPort));
            host.withObjectProperty("PortBindings").withArrayProperty(key).add(binding);
        }
    }

    /** The group network's dns, else the task's own dns_* keys, as in Nomad; null for the Engine's. */
    static Dns dnsOf(TaskConfig task, DockerConfig c) {
        return task.dns() != null ? task.dns() : c.dns();
    }

    /**
     * The Engine refuses DNS servers in a joined namespace (and drops search domains and options
     * there), so such a task gets its own resolv.conf mounted, as Nomad mounts one for every task.
     */
    private static void dns(TaskConfig task, Dns dns, boolean joined, ObjectNode host) {
        if (dns == null) {
            return;
        }
        if (joined) {
            host.withArrayProperty("Binds").add(resolvConf(task) + ":/etc/resolv.conf:ro");
            return;
        }
        list(host, "Dns", dns.servers());
        list(host, "DnsSearch", dns.searches());
        list(host, "DnsOptions", dns.options());
    }

    private static void list(ObjectNode host, String key, List<String> values) {
        if (!values.isEmpty()) {
            values.forEach(host.withArrayProperty(key)::add);
        }
    }

    /** Writes the resolv.conf the spec binds, if it binds one. */
    static void prepare(TaskConfig task, DockerConfig c, JsonNode spec) throws IOException {
        String bind = resolvConf(task) + ":/etc/resolv.conf:ro";
        for (JsonNode b : spec.path("HostConfig").path("Binds")) {
            if (b.asText().equals(bind)) {
                Files.createDirectories(resolvConf(task).getParent());
                Files.writeString(resolvConf(task), resolvConfText(dnsOf(task, c)));
            }
        }
    }

    /** A resolv.conf with the stanza's servers, searches and options, in resolv.conf's order. */
    static String resolvConfText(Dns dns) {
        StringBuilder out = new StringBuilder();
        if (!dns.searches().isEmpty()) {
            out.append("search ").append(String.join(" ", dns.searches())).append('\n');
        }
        dns.servers().forEach(s -> out.append("nameserver ").append(s).append('\n'));
        if (!dns.options().isEmpty()) {
            out.append("options ").append(String.join(" ", dns.options())).append('\n');
        }
        return out.toString();
    }
}
