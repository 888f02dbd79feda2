package org.drover.runner.api.driver;

import java.util.Objects;

/**
 * The network namespace an allocation's tasks share (Nomad's {@code NetworkIsolationSpec}), made
 * before its first task starts and kept until the allocation ends.
 *
 * @param path      the namespace's file, which a task joins ({@code setns}) before it executes
 * @param interfaceName the allocation's interface inside the namespace
 * @param address   the allocation's address inside the namespace
 * @param hostname  the allocation's hostname; empty for the default
 */
public record NetworkIsolation(String path, String interfaceName, String address, String hostname) {
    public NetworkIsolation {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(hostname, "hostname");
    }
}
