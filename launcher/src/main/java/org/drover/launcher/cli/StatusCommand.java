package org.drover.launcher.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code drover status [JOB]}: the jobs, or one job and its allocations. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Lists the jobs on the agent, or shows one job and its allocations.")
public final class StatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Parameters(paramLabel = "JOB", arity = "0..1", description = "A job's ID.")
    String job;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ApiClient api = client.client();
        if (job == null) {
            JsonNode jobs = api.get("/v1/jobs");
            if (client.json) {
                out.println(jobs.toPrettyString());
            } else if (jobs.isEmpty()) {
                out.println("No jobs");
            } else {
                Table t = new Table("ID", "Type", "Status", "Allocations");
                jobs.forEach(j -> t.row(j.path("ID").asText(), j.path("Type").asText(), j.path("Status").asText(),
                        j.path("Allocations").toString()));
                t.print(out);
            }
            out.flush();
            return 0;
        }
        JsonNode j = api.get("/v1/job/" + ApiClient.q(job));
        JsonNode allocs = api.get("/v1/job/" + ApiClient.q(job) + "/allocations");
        if (client.json) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) j).set("Allocations", allocs);
            out.println(j.toPrettyString());
            out.flush();
            return 0;
        }
        Table.pairs(out, "ID", j.path("ID").asText(), "Name", j.path("Name").asText(), "Type",
                j.path("Type").asText(), "Datacenters", j.path("Datacenters").get(0).asText(), "Status",
                j.path("Status").asText());
        out.println();
        out.println("Allocations");
        Table t = new Table("ID", "Task Group", "Index", "Status", "Tasks");
        for (JsonNode a : allocs) {
            StringBuilder tasks = new StringBuilder();
            a.path("TaskStates").fields().forEachRemaining(e -> tasks.append(tasks.length() == 0 ? "" : ", ")
                    .append(e.getKey()).append('=').append(e.getValue().path("State").asText()));
            t.row(Table.shortId(a.path("ID").asText()), a.path("TaskGroup").asText(),
                    a.path("Name").asText().replaceAll(".*\\[(\\d+)\\]$", "$1"), a.path("ClientStatus").asText(),
                    tasks);
        }
        t.print(out);
        return 0;
    }
}
