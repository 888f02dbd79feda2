package org.drover.launcher.cli;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code drover node status}: this node, as Nomad's {@code nomad node} shows a client node. */
@Command(name = "node", mixinStandardHelpOptions = true, description = "Shows the node the agent runs.",
        subcommands = {NodeCommand.Status.class})
public final class NodeCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required: status");
    }

    /** {@code drover node status [-self | ID]}. */
    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Lists the nodes (the agent's one), or shows one: its settings, drivers, events,"
                    + " resource use and allocations.")
    public static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ClientOptions client;

        @Option(names = {"-self", "--self"}, description = "Show the node of the agent the command talks to.")
        boolean self;

        // Single dash only: --verbose is every command's (stack traces on failure).
        @Option(names = "-verbose", description = "Full IDs, the drivers, the node's attributes and meta.")
        boolean verbose;

        @Option(names = {"-short", "--short"}, description = "The node's settings and allocations only.")
        boolean shortForm;

        @Option(names = {"-os", "--os"}, description = "List the nodes' operating system too.")
        boolean os;

        @Option(names = {"-quiet", "--quiet"}, description = "List the nodes' IDs only.")
        boolean quiet;

        @Parameters(paramLabel = "ID", arity = "0..1", description = "A node's ID, or a prefix of it.")
        String id;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            ApiClient api = client.client();
            NodeStatusView view = new NodeStatusView(out, new NodeStatusView.Options(verbose, shortForm, os, quiet,
                    ZoneId.systemDefault()));
            if (id == null && !self) {
                if (quiet && (verbose || client.json)) {
                    throw new ParameterException(spec.commandLine(), "-quiet cannot be used with -verbose or -json");
                }
                JsonNode nodes = api.get("/v1/nodes" + (os ? "?os=true" : ""));
                print(out, nodes, () -> view.list(nodes));
                return 0;
            }
            JsonNode node = api.get("/v1/node/" + (self ? "self" : ApiClient.q(resolve(api))));
            if (client.json) {
                print(out, node, null);
                return 0;
            }
            view.node(node, api.get("/v1/node/" + ApiClient.q(node.path("ID").asText()) + "/allocations"));
            return 0;
        }

        /** The one node an ID prefix names, in Nomad's words when there is none. */
        private String resolve(ApiClient api) throws ApiClient.ApiException {
            if (id.length() == 1) {
                throw new ApiClient.ApiException(0, "Identifier must contain at least two characters.");
            }
            JsonNode nodes = api.get("/v1/nodes?prefix=" + ApiClient.q(id));
            if (nodes.isEmpty()) {
                throw new ApiClient.ApiException(404, "No node(s) with prefix \"" + id + "\" found");
            }
            return nodes.path(0).path("ID").asText();
        }

        private void print(PrintWriter out, JsonNode json, Runnable table) {
            if (client.json || table == null) {
                out.println(json.toPrettyString());
            } else {
                table.run();
            }
            out.flush();
        }
    }
}
