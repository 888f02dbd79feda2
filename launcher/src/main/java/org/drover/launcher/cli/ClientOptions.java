package org.drover.launcher.cli;

import picocli.CommandLine.Option;

/** How a command reaches the agent, and how it prints. */
public final class ClientOptions {

    @Option(names = {"-address", "--address"}, paramLabel = "URL",
            defaultValue = "${env:DROVER_ADDR:-http://127.0.0.1:4646}",
            description = "The agent's HTTP API (default: $DROVER_ADDR, else ${DEFAULT-VALUE}).")
    public String address;

    @Option(names = {"-token", "--token"}, paramLabel = "TOKEN", defaultValue = "${env:DROVER_TOKEN}",
            description = "The agent's API token, when it requires one (default: $DROVER_TOKEN).")
    public String token;

    @Option(names = {"-json", "--json"}, description = "Print JSON instead of tables.")
    public boolean json;

    public ApiClient client() {
        return new ApiClient(address, token);
    }
}
