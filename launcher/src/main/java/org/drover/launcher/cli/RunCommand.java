package org.drover.launcher.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
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
import picocli.CommandLine.Spec;

/** {@code drover run FILE}: submits a job and follows it, like {@code nomad job run}. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Submits a job file (HCL or JSON) and follows it: the allocations it makes and their"
                + " tasks' events as they happen, and a batch job's output once it ends.",
            "A batch job is followed until it finishes, and the command fails if it failed; other jobs until"
                    + " all their tasks run. Ctrl-C stops following; the job keeps running.",
            "A job this node cannot place all of (a constraint, a driver it lacks, its cap) is registered all"
                    + " the same, as Nomad does: the placement failures are printed and the command exits 2;"
                    + " the job is placed once the node fits.",
            "With no agent reachable, runs the job in a dev agent started for the purpose (a temporary data"
                    + " dir) and exits with the job's result; a service job runs until Ctrl-C, which stops it,"
                    + " the dev agent and removes its data dir."})
public final class RunCommand implements Callable<Integer> {

    /** What a shell reports for a command ended by SIGINT (128 + 2), as Nomad's own run exits on it. */
    static final int INTERRUPTED = 130;
    /** Nomad's exit code for a job registered with allocations it could not place. */
    static final int PLACEMENT_FAILED = 2;

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Mixin
    JobFileOptions jobFile;

    @Option(names = {"-detach", "--detach"}, description = "Return once the agent has accepted the job.")
    boolean detach;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HclJobFile.Converted job = jobFile.read(err);
        ApiClient api = client.client();
        if (api.reachable() || detach) {
            // Against a lasting agent, Ctrl-C keeps the JVM's own meaning: the command ends (130),
            // the job runs on, as Nomad's monitor leaves it.
            return submitAndFollow(api, job, out, err);
        }
        return inDevAgent(api, job, out, err);
    }

    /**
     * The job in an agent of its own. SIGINT and SIGTERM interrupt whatever this thread waits for;
     * then the job is stopped (its tasks must not outlive the agent that watches them), the agent
     * stopped and its data dir removed.
     */
    private int inDevAgent(ApiClient api, HclJobFile.Converted job, PrintWriter out, PrintWriter err)
            throws Exception {
        String id = job.json().path("Job").path("ID").asText();
        try (Interrupts interrupts = Interrupts.install()) {
            DevAgent dev;
            try {
                dev = DevAgent.start(dir -> {
                    if (!client.json) {
                        out.println("==> No agent at " + api.address() + ": running the job in a dev agent (data"
                                + " dir " + dir + ")");
                        out.flush();
                    }
                });
            } catch (InterruptedException e) {
                out.println("==> Interrupted: the dev agent is stopped and its data dir removed");
                out.flush();
                return INTERRUPTED;
            }
            try (dev) {
                ApiClient devApi = new ApiClient(dev.address(), "");
                try {
                    int code = submitAndFollow(devApi, job, out, err);
                    if (code == PLACEMENT_FAILED) {
                        // A dev agent's node will not change: what waits would wait for ever.
                        devApi.delete("/v1/job/" + ApiClient.q(id) + "?wait=true");
                        return code;
                    }
                    if (!batch(job)) {
                        out.println("==> The job runs in the dev agent until Ctrl-C");
                        out.flush();
                        interrupts.await();
                    }
                    return code;
                } catch (InterruptedException | ApiException e) {
                    if (!interrupts.received()) {
                        throw e;
                    }
                    Thread.interrupted();
                    stopJob(devApi, id, out, err);
                    return INTERRUPTED;
                }
            }
        }
    }

    private void stopJob(ApiClient api, String id, PrintWriter out, PrintWriter err) {
        out.println("==> Interrupted: stopping job \"" + id + "\" and the dev agent");
        out.flush();
        try {
            api.delete("/v1/job/" + ApiClient.q(id) + "?wait=true");
        } catch (ApiException e) {
            if (e.status != 404) {
                err.println("drover: stopping job \"" + id + "\": " + e.getMessage());
                err.flush();
            }
        }
    }

    private int submitAndFollow(ApiClient api, HclJobFile.Converted job, PrintWriter out, PrintWriter err)
            throws ApiException, InterruptedException, IOException {
        JsonNode r = api.put("/v1/jobs" + jobFile.query(), job.json());
        String id = r.path("JobID").asText();
        if (client.json && detach) {
            out.println(r.toPrettyString());
            out.flush();
            return 0;
        }
        JsonNode eval = evaluation(api, r);
        if (client.json && PlacementFailures.any(eval)) {
            out.println(eval.toPrettyString());
            out.flush();
            return PLACEMENT_FAILED;
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
        if (PlacementFailures.any(eval)) {
            PlacementFailures.monitor(out, eval);
            out.flush();
            return PLACEMENT_FAILED;
        }
        if (detach) {
            return 0;
        }
        int code = new Follow(api, out).job(id, batch(job), Duration.ofMillis(200));
        out.printf("==> Job \"%s\" %s%n", id, code == 0 ? (batch(job) ? "finished" : "is running") : "failed");
        out.flush();
        if (batch(job)) {
            printOutput(api, id, out, err);
        }
        return code;
    }

    /** The registration's evaluation, or an empty one from an agent that answers with none. */
    private static JsonNode evaluation(ApiClient api, JsonNode registration) throws ApiException, IOException {
        String evalId = registration.path("EvalID").asText("");
        if (evalId.isEmpty()) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        return api.get("/v1/evaluation/" + ApiClient.q(evalId));
    }

    private static java.util.List<String> ids(JsonNode array) {
        java.util.List<String> ids = new java.util.ArrayList<>();
        array.forEach(n -> ids.add(Table.shortId(n.asText())));
        return ids;
    }

    private static boolean batch(HclJobFile.Converted job) {
        return "batch".equals(job.json().path("Job").path("Type").asText("service"));
    }

    /** The tasks' stdout to stdout and stderr to stderr, allocation by allocation, read over the API. */
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
        try (InputStream in = api.stream("/v1/client/fs/logs/" + ApiClient.q(alloc) + "?task=" + ApiClient.q(task)
                + "&type=" + type)) {
            to.print(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            to.flush();
        }
    }
}
