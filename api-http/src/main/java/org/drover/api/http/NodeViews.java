package org.drover.api.http;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import org.drover.json.JsonTrees;
import org.drover.runner.api.node.DriverState;
import org.drover.runner.api.node.Node;
import org.drover.runner.api.node.NodeService;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The API's JSON for this node, Nomad's {@code Node} and {@code NodeListStub}: the fingerprint as
 * the node service has it, and for what a one-node agent has no counterpart of (drains, CSI, host
 * volumes, reserved resources, Raft indexes), the values of a Nomad node that has none.
 */
final class NodeViews {

    private NodeViews() {
    }

    /** {@code /v1/nodes}: with {@code resources}, the resources too; with {@code os}, {@code os.name}. */
    static ObjectNode stub(NodeService service, boolean resources, boolean os) {
        Node n = service.self();
        ObjectNode o = JsonTrees.object();
        o.put("Address", host(n.attributes().getOrDefault("unique.advertise.address", ""))).put("ID", n.id());
        if (os) {
            o.putObject("Attributes").put("os.name", n.attributes().getOrDefault("os.name", ""));
        }
        o.put("Datacenter", n.datacenter()).put("Name", n.name()).put("NodePool", n.nodePool())
                .put("NodeClass", n.nodeClass()).put("Version", n.attributes().getOrDefault("nomad.version", ""))
                .put("Drain", false).put("SchedulingEligibility", "eligible").put("Status", "ready")
                .put("StatusDescription", "");
        o.set("Drivers", drivers(service));
        o.putObject("HostVolumes");
        if (resources) {
            o.set("NodeResources", resources(n));
            o.set("ReservedResources", reserved(n));
        }
        o.putNull("LastDrain");
        return o.put("CreateIndex", 0).put("ModifyIndex", 0);
    }

    /** {@code /v1/node/<id>}: the secret is never shown, as Nomad's API redacts it. */
    static ObjectNode node(NodeService service) {
        Node n = service.self();
        String http = n.attributes().getOrDefault("unique.advertise.address", "");
        ObjectNode o = JsonTrees.object();
        o.put("ID", n.id()).put("SecretID", "").put("Datacenter", n.datacenter()).put("Name", n.name())
                .put("CgroupParent", "").put("HTTPAddr", http).put("TLSEnabled", false);
        o.set("Attributes", sorted(n.attributes()));
        o.set("NodeResources", resources(n));
        o.set("ReservedResources", reserved(n));
        o.putObject("Links");
        o.set("Meta", sorted(n.meta()));
        o.put("NodeClass", n.nodeClass()).put("NodePool", n.nodePool()).put("ComputedClass", computedClass(n));
        o.putNull("DrainStrategy");
        o.put("SchedulingEligibility", "eligible").put("Status", "ready").put("StatusDescription", "")
                .put("StatusUpdatedAt", service.readySince().getEpochSecond());
        ArrayNode events = o.putArray("Events");
        events.addObject().put("Message", "Node registered").put("Subsystem", "Cluster").putNull("Details")
                .put("Timestamp", time(service.readySince())).put("CreateIndex", 0);
        o.set("Drivers", drivers(service));
        o.putObject("CSIControllerPlugins");
        o.putObject("CSINodePlugins");
        o.putObject("HostVolumes");
        o.putObject("HostNetworks");
        o.putNull("LastDrain");
        return o.put("CreateIndex", 0).put("ModifyIndex", 0);
    }

    private static ObjectNode drivers(NodeService service) {
        ObjectNode o = JsonTrees.object();
        for (Map.Entry<String, DriverState> e : service.drivers().entrySet()) {
            DriverState d = e.getValue();
            ObjectNode driver = o.putObject(e.getKey());
            driver.set("Attributes", sorted(d.attributes()));
            driver.put("Detected", d.detected()).put("Healthy", d.healthy())
                    .put("HealthDescription", d.description()).put("UpdateTime", time(d.updated()));
        }
        return o;
    }

    private static ObjectNode resources(Node n) {
        Map<String, String> a = n.attributes();
        int cores = number(a, "cpu.numcores");
        int reservable = number(a, "cpu.reservablecores");
        ObjectNode o = JsonTrees.object();
        ObjectNode cpu = o.putObject("Cpu").put("CpuShares", (long) number(a, "cpu.totalcompute"))
                .put("TotalCpuCores", cores);
        ArrayNode ids = cpu.putArray("ReservableCpuCores");
        // Only when every core is the agent's are the IDs known to be 0..n-1; a cpuset's are not kept.
        if (reservable == cores) {
            for (int i = 0; i < cores; i++) {
                ids.add(i);
            }
        }
        o.putObject("Memory").put("MemoryMB", longNumber(a, "memory.totalbytes") >> 20);
        o.putObject("Disk").put("DiskMB", longNumber(a, "unique.storage.bytestotal") >> 20);
        String ip = a.get("unique.network.ip-address");
        ArrayNode networks = o.putArray("Networks");
        ArrayNode nodeNetworks = o.putArray("NodeNetworks");
        if (ip != null) {
            networks.addObject().put("Mode", "host").put("Device", "").put("CIDR", ip + "/32").put("IP", ip)
                    .put("MBits", 0);
            nodeNetworks.addObject().put("Mode", "host").put("Device", "").put("MacAddress", "").put("Speed", 0)
                    .putArray("Addresses").addObject().put("Family", "ipv4").put("Alias", "default")
                    .put("Address", ip).put("ReservedPorts", n.ports().reservedPorts()).put("Gateway", "");
        }
        return o.put("MinDynamicPort", n.ports().minDynamicPort()).put("MaxDynamicPort", n.ports().maxDynamicPort());
    }

    private static ObjectNode reserved(Node n) {
        ObjectNode o = JsonTrees.object();
        o.putObject("Cpu").put("CpuShares", 0).putNull("ReservedCpuCores");
        o.putObject("Memory").put("MemoryMB", 0);
        o.putObject("Disk").put("DiskMB", 0);
        o.putObject("Networks").put("ReservedHostPorts", n.ports().reservedPorts());
        return o;
    }

    /**
     * Nomad's {@code v1:<hash>} of what nodes of one class share (everything but the unique
     * attributes): the same hash for the same node here, though not the number Nomad would make.
     */
    static String computedClass(Node n) {
        Map<String, String> shared = new TreeMap<>();
        n.attributes().forEach((k, v) -> {
            if (!k.startsWith("unique.")) {
                shared.put("attr." + k, v);
            }
        });
        n.meta().forEach((k, v) -> {
            if (!k.startsWith("unique.")) {
                shared.put("meta." + k, v);
            }
        });
        shared.put("node.datacenter", n.datacenter());
        shared.put("node.class", n.nodeClass());
        shared.put("node.pool", n.nodePool());
        long hash = 0xcbf29ce484222325L;
        for (byte b : shared.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        return "v1:" + Long.toUnsignedString(hash);
    }

    private static ObjectNode sorted(Map<String, String> map) {
        ObjectNode o = JsonTrees.object();
        new TreeMap<>(map).forEach(o::put);
        return o;
    }

    private static int number(Map<String, String> a, String key) {
        return (int) longNumber(a, key);
    }

    private static long longNumber(Map<String, String> a, String key) {
        try {
            return Long.parseLong(a.getOrDefault(key, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The host of a {@code host:port}, as Nomad's stub's {@code Address}. */
    private static String host(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static String time(Instant at) {
        return at.toString();
    }
}
