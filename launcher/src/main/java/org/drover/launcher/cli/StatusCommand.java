package org.drover.launcher.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code drover status [JOB]}: the jobs, or one job and its allocations. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Lists the jobs on the agent, or shows one job: its summary per task group and its"
                + " allocations.")
public final class StatusCommand implements Callable<Integer> {

    /**
     * Nomad's summary columns. Queued counts the allocations a blocked evaluation waits to place;
     * Drover runs on one node, so none is ever lost.
     */
    static final String[] SUMMARY = {"Queued", "Starting", "Running", "Failed", "Complete", "Lost"};

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
            list(api.get("/v1/jobs"), out);
            out.flush();
            return 0;
        }
        JsonNode j = api.get("/v1/job/" + ApiClient.q(job));
        JsonNode allocs = api.get("/v1/job/" + ApiClient.q(job) + "/allocations");
        JsonNode evals = api.get("/v1/job/" + ApiClient.q(job) + "/evaluations");
        if (client.json) {
            ((ObjectNode) j).set("Allocations", allocs);
            ((ObjectNode) j).set("Evaluations", evals);
            out.println(j.toPrettyString());
            out.flush();
            return 0;
        }
        Table.pairs(out, "ID", j.path("ID").asText(), "Name", j.path("Name").asText(), "Type",
                j.path("Type").asText(), "Datacenters", j.path("Datacenters").path(0).asText(), "Status",
                j.path("Status").asText());
        out.println();
        out.println("Summary");
        Table summary = new Table(header("Task Group"));
        Map<String, int[]> byGroup = new LinkedHashMap<>();
        j.path("TaskGroups").forEach(g -> byGroup.put(g.path("Name").asText(), new int[SUMMARY.length]));
        allocs.forEach(a -> count(byGroup.computeIfAbsent(a.path("TaskGroup").asText(), g -> new int[SUMMARY.length]),
                a.path("ClientStatus").asText(), 1));
        blocked(evals).ifPresent(b -> b.path("QueuedAllocations").fields().forEachRemaining(e -> byGroup
                .computeIfAbsent(e.getKey(), g -> new int[SUMMARY.length])[0] += e.getValue().asInt()));
        byGroup.forEach((group, counts) -> summary.row(row(group, counts)));
        summary.print(out);
        if (blocked(evals).isPresent()) {
            latestFailed(evals).ifPresent(e -> PlacementFailures.section(out, e));
        }
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

    /** The job's blocked evaluation, if one waits. */
    private static java.util.Optional<JsonNode> blocked(JsonNode evals) {
        for (JsonNode e : evals) {
            if ("blocked".equals(e.path("Status").asText())) {
                return java.util.Optional.of(e);
            }
        }
        return java.util.Optional.empty();
    }

    /** As Nomad's {@code job status}: the newest evaluation with placement failures. */
    private static java.util.Optional<JsonNode> latestFailed(JsonNode evals) {
        JsonNode latest = null;
        for (JsonNode e : evals) {
            if (PlacementFailures.any(e) && (latest == null
                    || latest.path("CreateIndex").asLong() < e.path("CreateIndex").asLong())) {
                latest = e;
            }
        }
        return java.util.Optional.ofNullable(latest);
    }

    /** Each job with its allocations counted by status, in the summary's columns. */
    private void list(JsonNode jobs, PrintWriter out) {
        if (client.json) {
            out.println(jobs.toPrettyString());
        } else if (jobs.isEmpty()) {
            out.println("No jobs");
        } else {
            Table t = new Table(header("ID", "Type", "Status"));
            for (JsonNode j : jobs) {
                int[] counts = new int[SUMMARY.length];
                j.path("Allocations").fields().forEachRemaining(e -> count(counts, e.getKey(), e.getValue().asInt()));
                t.row(row(j.path("ID").asText(), j.path("Type").asText(), j.path("Status").asText(), counts));
            }
            t.print(out);
        }
    }

    private static String[] header(String... first) {
        String[] h = java.util.Arrays.copyOf(first, first.length + SUMMARY.length);
        System.arraycopy(SUMMARY, 0, h, first.length, SUMMARY.length);
        return h;
    }

    private static Object[] row(Object... firstThenCounts) {
        int[] counts = (int[]) firstThenCounts[firstThenCounts.length - 1];
        Object[] r = java.util.Arrays.copyOf(firstThenCounts, firstThenCounts.length - 1 + counts.length);
        for (int i = 0; i < counts.length; i++) {
            r[firstThenCounts.length - 1 + i] = counts[i];
        }
        return r;
    }

    private static void count(int[] counts, String clientStatus, int n) {
        int column = column(clientStatus);
        if (column >= 0) {
            counts[column] += n;
        }
    }

    /** An allocation's client status to its summary column, as Nomad's job summary counts them. */
    private static int column(String clientStatus) {
        return switch (clientStatus) {
            case "pending" -> 1;
            case "running" -> 2;
            case "failed" -> 3;
            case "complete" -> 4;
            case "lost" -> 5;
            default -> -1;
        };
    }
}
