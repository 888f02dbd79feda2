package org.drover.api.http;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.drover.json.JsonTrees;
import org.drover.runner.api.model.AllocatedNetwork;
import org.drover.runner.api.model.AllocatedPort;
import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.Dns;
import org.drover.runner.api.model.NetworkResource;
import org.drover.runner.api.model.Port;
import org.drover.runner.api.model.Task;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An allocation's {@code AllocatedResources} as Nomad's API writes it: per task its CPU, memory and
 * legacy networks; shared, the group network with the ports the node picked, and the flat port list
 * ({@code Shared.Ports}) that Nomad's clients read addresses from.
 */
final class AllocatedResourcesView {

    /** Nomad's {@code ephemeral_disk} default, which Drover does not act on. */
    private static final int DISK_MB = 300;

    private AllocatedResourcesView() {
    }

    static ObjectNode of(Allocation a) {
        ObjectNode o = JsonTrees.object();
        AllocatedNetwork placed = a.network();
        ObjectNode tasks = o.putObject("Tasks");
        for (Task t : a.taskGroup().tasks()) {
            ObjectNode r = tasks.putObject(t.name());
            r.putObject("Cpu").put("CpuShares", t.resources().cpuMhz()).put("ReservedCores", (String) null);
            r.putObject("Memory").put("MemoryMB", t.resources().memoryMb()).put("MemoryMaxMB", 0);
            List<AllocatedPort> own = placed.tasks().getOrDefault(t.name(), List.of());
            if (t.networks().isEmpty()) {
                r.putNull("Networks");
            } else {
                r.putArray("Networks").add(network(t.networks().get(0), own));
            }
            r.putNull("Devices");
        }
        ObjectNode shared = o.putObject("Shared");
        shared.put("DiskMB", DISK_MB);
        // Go writes an empty slice as null, and Nomad's clients expect it so.
        if (a.taskGroup().network().isEmpty()) {
            shared.putNull("Networks");
        } else {
            shared.putArray("Networks").add(network(a.taskGroup().network().get(), placed.ports()));
        }
        if (placed.ports().isEmpty()) {
            shared.putNull("Ports");
            return o;
        }
        ArrayNode ports = shared.putArray("Ports");
        for (AllocatedPort p : placed.ports()) {
            ports.addObject().put("Label", p.label()).put("Value", p.value()).put("To", p.to())
                    .put("HostIP", p.hostIp());
        }
        return o;
    }

    /**
     * Nomad's {@code AllocNetworkStatus}: the allocation's interface and address in its namespace, and
     * the group's dns; null in the host's network, as Nomad leaves it.
     */
    static com.fasterxml.jackson.databind.JsonNode networkStatus(org.drover.runner.api.alloc.AllocationView v) {
        if (v.network() == null) {
            return com.fasterxml.jackson.databind.node.NullNode.getInstance();
        }
        ObjectNode o = JsonTrees.object();
        o.put("InterfaceName", v.network().interfaceName()).put("Address", v.network().address())
                .put("AddressIPv6", "");
        Optional<Dns> dns = v.allocation().taskGroup().network().flatMap(NetworkResource::dnsConfig);
        if (dns.isPresent()) {
            dns(o.putObject("DNS"), dns.get());
        } else {
            o.putNull("DNS");
        }
        return o;
    }

    private static void dns(ObjectNode d, Dns dns) {
        dns.servers().forEach(d.withArrayProperty("Servers")::add);
        dns.searches().forEach(d.withArrayProperty("Searches")::add);
        dns.options().forEach(d.withArrayProperty("Options")::add);
    }

    /** A submitted network with the values placed: Nomad's scheduler fills the dynamic ports' values and the IP. */
    private static ObjectNode network(NetworkResource n, List<AllocatedPort> placed) {
        Map<String, AllocatedPort> byLabel = new TreeMap<>();
        placed.forEach(p -> byLabel.put(p.label(), p));
        ObjectNode o = JsonTrees.object();
        o.put("Mode", n.mode()).put("Device", "").put("CIDR", "")
                .put("IP", placed.isEmpty() ? "" : placed.get(0).hostIp()).put("Hostname", n.hostname())
                .put("MBits", 0);
        Optional<Dns> dns = n.dnsConfig();
        if (dns.isPresent()) {
            dns(o.putObject("DNS"), dns.get());
        } else {
            o.putNull("DNS");
        }
        ArrayNode reserved = o.putArray("ReservedPorts");
        ArrayNode dynamic = o.putArray("DynamicPorts");
        for (Port p : n.ports()) {
            AllocatedPort at = byLabel.get(p.label());
            (p.isStatic() ? reserved : dynamic).addObject().put("Label", p.label())
                    .put("Value", at == null ? p.value() : at.value()).put("To", at == null ? p.to() : at.to())
                    .put("HostNetwork", p.hostNetwork().isEmpty() ? "default" : p.hostNetwork())
                    .put("IgnoreCollision", p.ignoreCollision());
        }
        return o;
    }
}
