package org.drover.launcher;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drover agent}: runs the node agent in the foreground until SIGINT or SIGTERM. */
@Command(
        name = "agent",
        description = {
            "Runs the node agent in the foreground until SIGINT or SIGTERM.",
            "Driver bundles copied into the deploy dir are installed and started, replaced ones are"
                    + " updated and deleted ones uninstalled, without restarting the agent.",
            "Stopping the agent leaves its tasks running.",
            "It logs to the console and <data-dir>/logs/agent.log (JSON lines with -Ddrover.log.format=json"
                    + " in JAVA_OPTS); a logback configuration in <data-dir>/logback.xml, or named by"
                    + " -Dlogback.configurationFile, replaces that."
        })
final class AgentCommand implements Callable<Integer> {

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "drover-data",
            description = "Holds the framework cache, the state store, the allocation directories"
                    + " and the logs (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--deploy-dir", paramLabel = "DIR",
            description = "Watched for driver bundles (default: <data-dir>/deploy).")
    Path deployDir;

    @Option(names = "--http-addr", paramLabel = "HOST:PORT", defaultValue = HttpAddress.DEFAULT,
            description = "Where the HTTP API listens (default: ${DEFAULT-VALUE}, this node only).")
    String httpAddr;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:DROVER_TOKEN}",
            description = "Required on every API request but the health check, reads too (default:"
                    + " $DROVER_TOKEN; none when empty).")
    String token;

    @Option(names = "--shell", description = "Read Gogo shell commands from the console (drover:status,"
            + " drover:drivers, drover:stop, and Felix's lb, inspect, ...).")
    boolean shell;

    @Option(names = {"-dc", "--dc"}, paramLabel = "DC",
            description = "The node's datacenter (default: dc1, or datacenter in org.drover.node.cfg).")
    String datacenter;

    @Option(names = {"-node", "--node"}, paramLabel = "NAME",
            description = "The node's name (default: the host name, or name in org.drover.node.cfg).")
    String nodeName;

    @Option(names = {"-node-class", "--node-class"}, paramLabel = "CLASS",
            description = "The node's class (default: none, or node_class in org.drover.node.cfg).")
    String nodeClass;

    @Option(names = {"-node-pool", "--node-pool"}, paramLabel = "POOL",
            description = "The node's pool (default: default, or node_pool in org.drover.node.cfg).")
    String nodePool;

    @Option(names = {"-region", "--region"}, paramLabel = "REGION",
            description = "The node's region (default: global, or region in org.drover.node.cfg).")
    String region;

    @Option(names = {"-meta", "--meta"}, paramLabel = "KEY=VALUE",
            description = "The node's metadata, one pair per -meta; over meta.KEY in org.drover.node.cfg.")
    java.util.List<String> meta;

    @Option(names = {"-min-dynamic-port", "--min-dynamic-port"}, paramLabel = "PORT",
            description = "The lowest port given to dynamic ports (default: 20000, or min_dynamic_port in"
                    + " org.drover.node.cfg).")
    Integer minDynamicPort;

    @Option(names = {"-max-dynamic-port", "--max-dynamic-port"}, paramLabel = "PORT",
            description = "The highest port given to dynamic ports (default: 32000, or max_dynamic_port in"
                    + " org.drover.node.cfg).")
    Integer maxDynamicPort;

    @Option(names = {"-reserved-ports", "--reserved-ports"}, paramLabel = "PORTS",
            description = "Host ports no allocation gets, as 22,80,8500-8600 (default: none, or reserved_ports in"
                    + " org.drover.node.cfg).")
    String reservedPorts;

    @Override
    public Integer call() throws LaunchException {
        AgentLayout layout = AgentLayout.of(dataDir, deployDir);
        NodeFlags node = new NodeFlags(datacenter, nodeName, nodeClass, nodePool, region, meta, minDynamicPort,
                maxDynamicPort, reservedPorts);
        return new Agent(layout, Distribution.locate(), HttpAddress.parse(httpAddr), token == null ? "" : token,
                shell, true, node.properties())
                .run();
    }
}
