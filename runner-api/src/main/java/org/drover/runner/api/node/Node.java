package org.drover.runner.api.node;

import java.util.Map;
import java.util.Objects;

/**
 * This node as Nomad's client fingerprints it: what constraints, placement
 * and {@code ${attr.*}}, {@code ${node.*}}, {@code ${meta.*}} read.
 *
 * @param id         {@code ${node.unique.id}}: a UUID kept in the data dir, the same across restarts
 * @param name       {@code ${node.unique.name}}: the operator's {@code name}, the host name by default
 * @param datacenter {@code ${node.datacenter}}: the operator's {@code datacenter}, {@code dc1} by default
 * @param region     {@code ${node.region}}: {@code global} by default
 * @param nodeClass  {@code ${node.class}}: empty by default
 * @param nodePool   {@code ${node.pool}}: {@code default} by default
 * @param attributes {@code ${attr.*}}: kernel, OS, CPU, memory, network and the drivers' attributes
 *                   ({@code driver.<name>} is {@code "1"} for a healthy driver)
 * @param meta       {@code ${meta.*}}: the operator's {@code meta}
 * @param ports      the host ports allocations get: the address, the dynamic range and the reserved ports
 */
public record Node(String id, String name, String datacenter, String region, String nodeClass, String nodePool,
        Map<String, String> attributes, Map<String, String> meta, NodePorts ports) {
    /** The attribute holding the node's address. */
    public static final String IP_ADDRESS = "unique.network.ip-address";

    public Node {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(datacenter, "datacenter");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(nodeClass, "nodeClass");
        Objects.requireNonNull(nodePool, "nodePool");
        attributes = Map.copyOf(attributes);
        meta = Map.copyOf(meta);
        Objects.requireNonNull(ports, "ports");
    }

    /** A node with Nomad's default ports on its {@value #IP_ADDRESS} (the loopback address without one). */
    public Node(String id, String name, String datacenter, String region, String nodeClass, String nodePool,
            Map<String, String> attributes, Map<String, String> meta) {
        this(id, name, datacenter, region, nodeClass, nodePool, attributes, meta,
                NodePorts.defaults(attributes.getOrDefault(IP_ADDRESS, "127.0.0.1")));
    }

    public Node withPorts(NodePorts changed) {
        return new Node(id, name, datacenter, region, nodeClass, nodePool, attributes, meta, changed);
    }
}
