package org.drover.runner.core.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The host tools bridge mode needs besides the plugins: {@code ip netns} for the namespaces
 * ({@code /var/run/netns/<name>}, a bind mount that keeps a namespace alive without a process in
 * it, where Nomad puts its own) and {@code iptables} for Nomad's admin chain.
 */
public class HostCommands {

    /** Where {@code ip netns add NAME} puts the namespace. */
    public static final String NETNS_DIR = "/var/run/netns";

    /** The result of one command: its exit status and what it printed. */
    public record Result(int exitCode, String output) {
    }

    /** Where the agent's PATH, then the system directories an agent's PATH may lack, have {@code tool}. */
    public static java.util.Optional<java.nio.file.Path> locate(String tool) {
        String path = java.util.Optional.ofNullable(System.getenv("PATH")).orElse("") + ":/usr/sbin:/sbin:/usr/bin:/bin";
        return java.util.Arrays.stream(path.split(":")).filter(d -> !d.isEmpty())
                .map(d -> java.nio.file.Path.of(d, tool)).filter(java.nio.file.Files::isExecutable).findFirst();
    }

    /** Runs {@code argv} and waits for it; protected for tests. */
    protected Result run(List<String> argv) {
        List<String> located = new java.util.ArrayList<>(argv);
        locate(argv.get(0)).ifPresent(p -> located.set(0, p.toString()));
        try {
            Process p = new ProcessBuilder(located).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, String.join(" ", argv) + ": no answer within 30s");
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    /** Makes the namespace; its path. */
    public String createNetns(String name) {
        Result r = run(List.of("ip", "netns", "add", name));
        if (r.exitCode() != 0) {
            throw new CniException("failed to create network for alloc: " + r.output());
        }
        return netnsPath(name);
    }

    public boolean netnsExists(String name) {
        return java.nio.file.Files.exists(java.nio.file.Path.of(netnsPath(name)));
    }

    /** Removes the namespace's name; the namespace itself goes once no process is left in it. */
    public void deleteNetns(String name) {
        if (!netnsExists(name)) {
            return;
        }
        Result r = run(List.of("ip", "netns", "delete", name));
        if (r.exitCode() != 0) {
            throw new CniException("failed to destroy network for alloc: " + r.output());
        }
    }

    public static String netnsPath(String name) {
        return NETNS_DIR + "/" + name;
    }

    /**
     * Nomad's rule that lets forwarded traffic reach the bridge's subnet: {@code -o BRIDGE -d SUBNET
     * -j ACCEPT} in the filter table's admin chain, made if missing.
     */
    public void ensureForwarding(BridgeConfig config) {
        String chain = BridgeConfig.ADMIN_CHAIN;
        if (run(List.of("iptables", "-w", "-t", "filter", "-S", chain)).exitCode() != 0) {
            Result made = run(List.of("iptables", "-w", "-t", "filter", "-N", chain));
            // 1: another agent's setup made it meanwhile
            if (made.exitCode() != 0 && made.exitCode() != 1) {
                throw new CniException("failed to initialize table forwarding rules: " + made.output());
            }
        }
        List<String> rule = List.of("-o", config.bridgeName(), "-d", config.subnet(), "-j", "ACCEPT");
        if (run(concat(List.of("iptables", "-w", "-t", "filter", "-C", chain), rule)).exitCode() != 0) {
            Result added = run(concat(List.of("iptables", "-w", "-t", "filter", "-A", chain), rule));
            if (added.exitCode() != 0) {
                throw new CniException("failed to initialize table forwarding rules: " + added.output());
            }
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
