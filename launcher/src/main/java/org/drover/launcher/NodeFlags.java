package org.drover.launcher;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.drover.runner.api.node.NodePorts;

/**
 * The node's settings from {@code drover agent}'s flags, spelled as Nomad's agent spells them
 * ({@code -dc}, {@code -node}, {@code -node-class}, {@code -node-pool}, {@code -region},
 * {@code -meta KEY=VALUE}) and the client's port settings ({@code -min-dynamic-port},
 * {@code -max-dynamic-port}, {@code -reserved-ports}), refused in Nomad's agent's words, and handed
 * to the core as framework properties, where they win over the {@code org.drover.node} configuration.
 *
 * @param meta {@code KEY=VALUE}, one per {@code -meta}
 */
record NodeFlags(String datacenter, String name, String nodeClass, String nodePool, String region, List<String> meta,
        Integer minDynamicPort, Integer maxDynamicPort, String reservedPorts) {

    static final NodeFlags NONE = new NodeFlags(null, null, null, null, null, List.of());
    private static final Pattern NODE_POOL = Pattern.compile("[a-zA-Z0-9-_]{1,128}");
    private static final Pattern META_KEY = Pattern.compile("[^.]+(\\.[^.]+)*");

    NodeFlags {
        meta = meta == null ? List.of() : List.copyOf(meta);
    }

    /** Without port settings. */
    NodeFlags(String datacenter, String name, String nodeClass, String nodePool, String region, List<String> meta) {
        this(datacenter, name, nodeClass, nodePool, region, meta, null, null, null);
    }

    /** The framework properties, only for the flags given. */
    Map<String, String> properties() throws LaunchException {
        Map<String, String> p = new LinkedHashMap<>();
        if (datacenter != null) {
            if (datacenter.indexOf('*') >= 0 || datacenter.indexOf('\0') >= 0) {
                throw new LaunchException("Datacenter contains invalid characters (null or '*')");
            }
            p.put("drover.node.datacenter", datacenter);
        }
        if (region != null) {
            if (region.indexOf('\0') >= 0) {
                throw new LaunchException("Region contains invalid characters");
            }
            p.put("drover.region", region);
        }
        if (nodePool != null) {
            if (!NODE_POOL.matcher(nodePool).matches()) {
                throw new LaunchException("invalid name \"" + nodePool + "\", must match regex "
                        + "^[a-zA-Z0-9-_]{1,128}$");
            }
            p.put("drover.node.pool", nodePool);
        }
        putIfGiven(p, "drover.node.name", name);
        putIfGiven(p, "drover.node.class", nodeClass);
        if (!meta.isEmpty()) {
            StringBuilder lines = new StringBuilder();
            for (String kv : meta) {
                int eq = kv.indexOf('=');
                if (eq < 0 || kv.indexOf('\n') >= 0) {
                    throw new LaunchException("Error parsing Client.Meta value: " + kv);
                }
                if (!META_KEY.matcher(kv.substring(0, eq)).matches()) {
                    throw new LaunchException("Invalid Client.Meta key: " + kv.substring(0, eq));
                }
                lines.append(kv).append('\n');
            }
            p.put("drover.node.meta", lines.toString());
        }
        ports(p);
        return p;
    }

    /** Checked as Nomad's agent checks its client block: the range against the defaults where one end is not given. */
    private void ports(Map<String, String> p) throws LaunchException {
        if (minDynamicPort != null || maxDynamicPort != null) {
            try {
                new NodePorts("", minDynamicPort != null ? minDynamicPort : NodePorts.DEFAULT_MIN_DYNAMIC_PORT,
                        maxDynamicPort != null ? maxDynamicPort : NodePorts.DEFAULT_MAX_DYNAMIC_PORT, "");
            } catch (IllegalArgumentException e) {
                throw new LaunchException(e.getMessage());
            }
            putIfGiven(p, "drover.node.min_dynamic_port", minDynamicPort == null ? null : minDynamicPort.toString());
            putIfGiven(p, "drover.node.max_dynamic_port", maxDynamicPort == null ? null : maxDynamicPort.toString());
        }
        if (reservedPorts != null) {
            try {
                NodePorts.parse(reservedPorts);
            } catch (IllegalArgumentException e) {
                throw new LaunchException(e.getMessage());
            }
            p.put("drover.node.reserved_ports", reservedPorts);
        }
    }

    private static void putIfGiven(Map<String, String> p, String key, String value) {
        if (value != null) {
            p.put(key, value);
        }
    }
}
