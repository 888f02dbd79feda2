package org.drover.launcher.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** How a command reaches the agent, and how it prints. */
public final class ClientOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = {"-address", "--address"}, paramLabel = "URL",
            defaultValue = "${env:DROVER_ADDR:-http://127.0.0.1:4646}",
            description = "The agent's HTTP API, http://HOST:PORT or HOST:PORT (default: $DROVER_ADDR, else"
                    + " ${DEFAULT-VALUE}).")
    public String address;

    @Option(names = {"-token", "--token"}, paramLabel = "TOKEN", defaultValue = "${env:DROVER_TOKEN}",
            description = "The agent's API token, sent on every request (default: $DROVER_TOKEN).")
    public String token;

    @Option(names = {"-json", "--json"}, description = "Print JSON instead of tables.")
    public boolean json;

    /** A malformed address is a usage error, one line naming where it came from. */
    public ApiClient client() {
        try {
            return new ApiClient(address, token);
        } catch (IllegalArgumentException e) {
            boolean given = command.commandLine().getParseResult() != null
                    && command.commandLine().getParseResult().hasMatchedOption("--address");
            throw new ParameterException(command.commandLine(), (given ? "--address" : "DROVER_ADDR") + ": expected"
                    + " http://HOST:PORT or HOST:PORT, got \"" + address + "\" (" + e.getMessage() + ")");
        }
    }
}
