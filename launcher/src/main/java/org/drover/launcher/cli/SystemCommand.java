package org.drover.launcher.cli;

import java.util.concurrent.Callable;

import org.drover.launcher.cli.ApiClient.ApiException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code drover system gc}: the agent's housekeeping, as {@code nomad system}. */
@Command(name = "system", mixinStandardHelpOptions = true, description = "The agent's housekeeping.",
        subcommands = SystemCommand.Gc.class)
public final class SystemCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required: gc");
    }

    /** {@code drover system gc}: {@code PUT /v1/system/gc}, as {@code nomad system gc} sends it. */
    @Command(name = "gc", mixinStandardHelpOptions = true,
            description = "Collects dead jobs and allocations now, without waiting for their thresholds.")
    public static final class Gc implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ClientOptions client;

        @Override
        public Integer call() throws ApiException {
            ApiClient api = client.client();
            try {
                // Nomad's client sends an empty object as the body.
                api.put("/v1/system/gc", ApiClient.JSON.createObjectNode());
            } catch (ApiException e) {
                if (e.status == 404 || e.status == 405) {
                    throw new ApiException(e.status, "the agent at " + api.address() + " has no system gc (PUT"
                            + " /v1/system/gc answered " + e.status + ": " + e.getMessage() + "); it is older than"
                            + " this command");
                }
                throw e;
            }
            return 0; // and prints nothing, as Nomad's command
        }
    }
}
