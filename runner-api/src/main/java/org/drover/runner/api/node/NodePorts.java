package org.drover.runner.api.node;

import java.util.BitSet;
import java.util.Objects;

/**
 * The host ports this node gives allocations, as Nomad's client settings name them.
 *
 * @param hostIp         the address ports are bound on and reached at: {@code unique.network.ip-address}
 * @param minDynamicPort {@code min_dynamic_port}, the lowest port picked for a dynamic port (20000)
 * @param maxDynamicPort {@code max_dynamic_port}, the highest (32000)
 * @param reservedPorts  {@code reserved_ports}, ports no allocation gets, in Nomad's syntax ({@code 22,80,8500-8600});
 *                       empty for none
 */
public record NodePorts(String hostIp, int minDynamicPort, int maxDynamicPort, String reservedPorts) {
    public static final int DEFAULT_MIN_DYNAMIC_PORT = 20000;
    public static final int DEFAULT_MAX_DYNAMIC_PORT = 32000;
    /** One past the highest port, Nomad's {@code MaxValidPort}. */
    public static final int PORT_LIMIT = 65536;

    public NodePorts {
        Objects.requireNonNull(hostIp, "hostIp");
        Objects.requireNonNull(reservedPorts, "reservedPorts");
        if (minDynamicPort < 0 || minDynamicPort > PORT_LIMIT) {
            throw new IllegalArgumentException("Invalid dynamic port range: min_dynamic_port=" + minDynamicPort);
        }
        if (maxDynamicPort < 0 || maxDynamicPort > PORT_LIMIT) {
            throw new IllegalArgumentException("Invalid dynamic port range: max_dynamic_port=" + maxDynamicPort);
        }
        if (minDynamicPort > maxDynamicPort) {
            throw new IllegalArgumentException("Invalid dynamic port range: min_dynamic_port=" + minDynamicPort
                    + " and max_dynamic_port=" + maxDynamicPort);
        }
        parse(reservedPorts);
    }

    /** Nomad's defaults on this address: the whole default range, nothing reserved. */
    public static NodePorts defaults(String hostIp) {
        return new NodePorts(hostIp, DEFAULT_MIN_DYNAMIC_PORT, DEFAULT_MAX_DYNAMIC_PORT, "");
    }

    /** The reserved ports, one bit each. */
    public BitSet reserved() {
        return parse(reservedPorts);
    }

    /**
     * Nomad's port list syntax: ports and inclusive ranges separated by commas.
     *
     * @throws IllegalArgumentException {@code error parsing reserved_ports: <why>}
     */
    public static BitSet parse(String spec) {
        BitSet ports = new BitSet();
        if (spec.isEmpty()) {
            return ports;
        }
        for (String part : spec.split(",", -1)) {
            String[] range = part.strip().split("-", -1);
            if (range.length == 1 && range[0].isEmpty()) {
                throw parseError("can't specify empty port");
            }
            if (range.length > 2) {
                throw parseError("can only parse single port numbers or port ranges (ex. 80,100-120,150)");
            }
            long start = number(range[0]);
            long end = range.length == 2 ? number(range[1]) : start;
            if (end < start) {
                throw parseError("invalid range: ending value (" + end + ") less than starting (" + start + ") value");
            }
            if (start == 0) {
                throw parseError("port must be > 0");
            }
            if (end >= PORT_LIMIT) {
                throw parseError("port must be < " + PORT_LIMIT + " but found " + end);
            }
            ports.set((int) start, (int) end + 1);
        }
        return ports;
    }

    /** As Go's {@code strconv.ParseUint} words its refusal. */
    private static long number(String text) {
        if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw parseError("strconv.ParseUint: parsing \"" + text + "\": invalid syntax");
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw parseError("strconv.ParseUint: parsing \"" + text + "\": value out of range");
        }
    }

    private static IllegalArgumentException parseError(String why) {
        return new IllegalArgumentException("error parsing reserved_ports: " + why);
    }
}
