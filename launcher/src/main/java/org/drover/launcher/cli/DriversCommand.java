package org.drover.launcher.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code drover drivers}: the drivers present, their health and version. */
@Command(name = "drivers", mixinStandardHelpOptions = true,
        description = "Lists the agent's drivers with their health (and, with -json, their attributes).")
public final class DriversCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        JsonNode drivers = client.client().get("/v1/drivers");
        if (client.json) {
            out.println(drivers.toPrettyString());
        } else {
            Table t = new Table("Driver", "Healthy", "Version", "Detail");
            drivers.fields().forEachRemaining(d -> t.row(d.getKey(), d.getValue().path("Healthy").asBoolean(),
                    d.getValue().path("Version").asText(), d.getValue().path("HealthDescription").asText()));
            t.print(out);
        }
        out.flush();
        return 0;
    }
}
