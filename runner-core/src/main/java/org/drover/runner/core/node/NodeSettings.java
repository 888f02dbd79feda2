package org.drover.runner.core.node;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import org.drover.runner.api.node.NodePorts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's word on this node, with Nomad's agent settings' names and defaults:
 * {@code datacenter} ({@code dc1}), {@code name} (the host name), {@code node_class} (none),
 * {@code node_pool} ({@code default}), {@code region} ({@code global}), {@code meta.KEY}, and the
 * ports allocations get: {@code min_dynamic_port} (20000), {@code max_dynamic_port} (32000) and
 * {@code reserved_ports} (none; Nomad's {@code 22,80,8500-8600}).
 * They come from ConfigAdmin under {@value #PID}; the agent's flags ({@code -dc}, {@code -node},
 * ...), passed as framework properties, win over them, as Nomad's flags win over its files.
 * A value Nomad's agent would refuse is logged and its default used: the node still comes up.
 */
record NodeSettings(String datacenter, String name, String nodeClass, String nodePool, String region,
        Map<String, String> meta, int minDynamicPort, int maxDynamicPort, String reservedPorts) {

    static final String PID = "org.drover.node";
    /** The framework properties the agent's flags set. */
    static final String FLAG_DATACENTER = "drover.node.datacenter";
    static final String FLAG_NAME = "drover.node.name";
    static final String FLAG_CLASS = "drover.node.class";
    static final String FLAG_POOL = "drover.node.pool";
    static final String FLAG_REGION = "drover.region";
    /** {@code KEY=VALUE} lines, one per {@code -meta}. */
    static final String FLAG_META = "drover.node.meta";
    static final String FLAG_MIN_DYNAMIC_PORT = "drover.node.min_dynamic_port";
    static final String FLAG_MAX_DYNAMIC_PORT = "drover.node.max_dynamic_port";
    static final String FLAG_RESERVED_PORTS = "drover.node.reserved_ports";

    private static final Logger LOG = LoggerFactory.getLogger(NodeSettings.class);
    private static final Pattern NODE_POOL = Pattern.compile("[a-zA-Z0-9-_]{1,128}");
    private static final Pattern META_KEY = Pattern.compile("[^.]+(\\.[^.]+)*");

    NodeSettings {
        meta = Map.copyOf(meta);
    }

    /** Settings with Nomad's default ports. */
    NodeSettings(String datacenter, String name, String nodeClass, String nodePool, String region,
            Map<String, String> meta) {
        this(datacenter, name, nodeClass, nodePool, region, meta, NodePorts.DEFAULT_MIN_DYNAMIC_PORT,
                NodePorts.DEFAULT_MAX_DYNAMIC_PORT, "");
    }

    /** The ports on the node's address. */
    NodePorts ports(String hostIp) {
        return new NodePorts(hostIp, minDynamicPort, maxDynamicPort, reservedPorts);
    }

    /**
     * @param config    the configuration's properties (DS's, so with {@code component.*} keys too)
     * @param framework framework properties, {@code BundleContext::getProperty}
     * @param hostName  the default {@code name}
     */
    static NodeSettings of(Map<String, ?> config, UnaryOperator<String> framework, String hostName) {
        String dc = pick(config, framework, "datacenter", FLAG_DATACENTER, "dc1");
        if (dc.indexOf('*') >= 0 || dc.indexOf('\0') >= 0) {
            LOG.error("Datacenter contains invalid characters (null or '*'): {}; using dc1", dc);
            dc = "dc1";
        }
        String pool = pick(config, framework, "node_pool", FLAG_POOL, "default");
        if (!NODE_POOL.matcher(pool).matches()) {
            LOG.error("invalid name \"{}\", must match regex ^[a-zA-Z0-9-_]{{1,128}}$; node pool default used", pool);
            pool = "default";
        }
        int[] range = dynamicRange(pick(config, framework, "min_dynamic_port", FLAG_MIN_DYNAMIC_PORT, ""),
                pick(config, framework, "max_dynamic_port", FLAG_MAX_DYNAMIC_PORT, ""));
        return new NodeSettings(dc, pick(config, framework, "name", FLAG_NAME, hostName),
                pick(config, framework, "node_class", FLAG_CLASS, ""), pool,
                pick(config, framework, "region", FLAG_REGION, "global"), meta(config, framework.apply(FLAG_META)),
                range[0], range[1], reservedPorts(pick(config, framework, "reserved_ports", FLAG_RESERVED_PORTS, "")));
    }

    /** Nomad's agent refuses a range out of 0..65536 or upside down; here the defaults hold instead. */
    static int[] dynamicRange(String min, String max) {
        try {
            int lo = port("min_dynamic_port", min, NodePorts.DEFAULT_MIN_DYNAMIC_PORT);
            int hi = port("max_dynamic_port", max, NodePorts.DEFAULT_MAX_DYNAMIC_PORT);
            new NodePorts("", lo, hi, "");
            return new int[] {lo, hi};
        } catch (IllegalArgumentException e) {
            LOG.error("{}; the default range 20000-32000 used", e.getMessage());
        }
        return new int[] {NodePorts.DEFAULT_MIN_DYNAMIC_PORT, NodePorts.DEFAULT_MAX_DYNAMIC_PORT};
    }

    private static int port(String key, String value, int fallback) {
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid dynamic port range: " + key + "=" + value);
        }
    }

    static String reservedPorts(String spec) {
        try {
            NodePorts.parse(spec);
            return spec;
        } catch (IllegalArgumentException e) {
            LOG.error("{}; no port reserved", e.getMessage());
            return "";
        }
    }

    private static String pick(Map<String, ?> config, UnaryOperator<String> framework, String key, String flag,
            String fallback) {
        String flagged = framework.apply(flag);
        if (flagged != null && !flagged.isEmpty()) {
            return flagged;
        }
        Object configured = config.get(key);
        return configured == null || configured.toString().isBlank() ? fallback : configured.toString().strip();
    }

    /** The file's {@code meta.KEY} entries, then the flags' {@code KEY=VALUE} lines over them. */
    static Map<String, String> meta(Map<String, ?> config, String flagLines) {
        Map<String, String> meta = new TreeMap<>();
        config.forEach((k, v) -> {
            if (k.startsWith("meta.") && v != null) {
                meta.put(k.substring(5), v.toString());
            }
        });
        for (String line : flagLines == null ? List.<String>of() : flagLines.lines().toList()) {
            int eq = line.indexOf('=');
            if (eq >= 0) {
                meta.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        Map<String, String> valid = new LinkedHashMap<>();
        meta.forEach((k, v) -> {
            if (META_KEY.matcher(k).matches()) {
                valid.put(k, v);
            } else {
                LOG.error("Invalid Client.Meta key: {}; ignored", k);
            }
        });
        return valid;
    }
}
