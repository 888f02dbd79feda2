package org.drover.launcher.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import org.drover.launcher.DevAgent;
import org.drover.launcher.cli.ApiClient.ApiException;
import org.drover.launcher.jobs.HclJobFile;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code drover run FILE}: submits a job and follows it, like {@code nomad job run}. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Submits a job file (HCL or JSON) and follows it: the allocations it makes and their"
                + " tasks' events as they happen.",
            "A batch job is followed until it finishes, and the command fails if it failed; other jobs until"
                    + " all their tasks run.",
            "With no agent reachable, runs the job in a dev agent started for the purpose (a temporary data"
                    + " dir), prints the tasks' output, and exits with the job's result."})
public final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Parameters(paramLabel = "FILE", description = "The job file.")
    Path file;

    @Option(names = {"-detach", "--detach"}, description = "Return once the agent has accepted the job.")
    boolean detach;

    @Option(names = {"-strict", "--strict"}, description = "Refuse stanzas Drover does not support instead of"
            + " warning about them.")
    boolean strict;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HclJobFile.Converted job = JobFiles.read(file, strict, err);
        ApiClient api = client.client();
        if (api.reachable() || detach) {
            return submitAndFollow(api, job, out);
        }
        if (!client.json) {
            out.println("==> No agent at " + api.address() + ": running the job in a dev agent");
            out.flush();
        }
        try (DevAgent dev = DevAgent.start()) {
            ApiClient devApi = new ApiClient(dev.address(), "");
            int code = submitAndFollow(devApi, job, out);
            if (batch(job) && !client.json) {
                printOutput(devApi, job.json().path("Job").path("ID").asText(), out, err);
            } else {
                out.println("==> The job runs in the dev agent until Ctrl-C");
                out.flush();
                Thread.currentThread().join();
            }
            return code;
        }
    }

    private int submitAndFollow(ApiClient api, HclJobFile.Converted job, PrintWriter out)
            throws ApiException, InterruptedException {
        JsonNode r = api.put("/v1/jobs" + (strict ? "?strict=true" : ""), job.json());
        String id = r.path("JobID").asText();
        if (client.json && detach) {
            out.println(r.toPrettyString());
            out.flush();
            return 0;
        }
        if (client.json) {
            // Machine-readable: no progress lines, the job's allocations once it is where run waits for.
            int code = new Follow(api, null).job(id, batch(job), Duration.ofMillis(200));
            out.println(api.get("/v1/job/" + ApiClient.q(id) + "/allocations").toPrettyString());
            out.flush();
            return code;
        }
        out.printf("==> Job \"%s\" %s; allocations: %s%n", id,
                r.path("Unchanged").asBoolean() ? "is unchanged, already placed" : "submitted",
                String.join(", ", ids(r.path("AllocIDs"))));
        out.flush();
        if (detach) {
            return 0;
        }
        int code = new Follow(api, out).job(id, batch(job), Duration.ofMillis(200));
        out.printf("==> Job \"%s\" %s%n", id, code == 0 ? (batch(job) ? "finished" : "is running") : "failed");
        out.flush();
        return code;
    }

    private static java.util.List<String> ids(JsonNode array) {
        java.util.List<String> ids = new java.util.ArrayList<>();
        array.forEach(n -> ids.add(Table.shortId(n.asText())));
        return ids;
    }

    private static boolean batch(HclJobFile.Converted job) {
        return "batch".equals(job.json().path("Job").path("Type").asText("service"));
    }

    /** The tasks' stdout to stdout and stderr to stderr, allocation by allocation. */
    private static void printOutput(ApiClient api, String jobId, PrintWriter out, PrintWriter err)
            throws ApiException, IOException {
        for (JsonNode alloc : api.get("/v1/job/" + ApiClient.q(jobId) + "/allocations")) {
            for (var it = alloc.path("TaskStates").fieldNames(); it.hasNext();) {
                String task = it.next();
                copy(api, alloc.path("ID").asText(), task, "stdout", out);
                copy(api, alloc.path("ID").asText(), task, "stderr", err);
            }
        }
    }

    private static void copy(ApiClient api, String alloc, String task, String type, PrintWriter to)
            throws ApiException, IOException {
        try (InputStream in = api.stream("/v1/client/fs/logs/" + alloc + "?task=" + ApiClient.q(task) + "&type="
                + type)) {
            to.print(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            to.flush();
        }
    }
}
