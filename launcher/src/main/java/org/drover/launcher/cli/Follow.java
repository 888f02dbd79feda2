package org.drover.launcher.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.drover.launcher.cli.ApiClient.ApiException;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Watches a job's allocations and prints each task event once, as it
 * happens, until the job has done what {@code run} waits for: a batch job
 * until every allocation has finished, others until every task runs.
 */
final class Follow {

    private final ApiClient api;
    private final PrintWriter out;
    private final Map<String, Long> printed = new HashMap<>();

    /** @param out where events go; null to follow silently */
    Follow(ApiClient api, PrintWriter out) {
        this.api = api;
        this.out = out;
    }

    /** @return 0 when the job did what it should, 1 when an allocation failed */
    int job(String jobId, boolean batch, Duration poll) throws ApiException, InterruptedException {
        while (true) {
            JsonNode allocs = api.get("/v1/job/" + ApiClient.q(jobId) + "/allocations");
            boolean allDone = allocs.size() > 0;
            boolean allRunning = allocs.size() > 0;
            boolean failed = false;
            for (JsonNode a : allocs) {
                printNew(a);
                String status = a.path("ClientStatus").asText();
                allDone &= status.equals("complete") || status.equals("failed");
                failed |= status.equals("failed");
                for (JsonNode t : a.path("TaskStates")) {
                    allRunning &= t.path("State").asText().equals("running");
                    failed |= t.path("Failed").asBoolean() && !batch;
                }
            }
            if (batch ? allDone : allRunning || failed || allDone) {
                return failed ? 1 : 0;
            }
            Thread.sleep(poll.toMillis());
        }
    }

    /** Events are kept newest-last and capped, so a task's last printed time says what is new. */
    private void printNew(JsonNode alloc) {
        if (out == null) {
            return;
        }
        String id = alloc.path("ID").asText();
        alloc.path("TaskStates").fields().forEachRemaining(t -> {
            String key = id + "/" + t.getKey();
            long last = printed.getOrDefault(key, 0L);
            for (JsonNode e : t.getValue().path("Events")) {
                long at = e.path("Time").asLong();
                if (at > last) {
                    out.printf("    %s  %s  %-8s  %-18s %s%n", Events.time(e), Table.shortId(id), t.getKey(),
                            e.path("Type").asText(), e.path("DisplayMessage").asText());
                    last = at;
                }
            }
            printed.put(key, last);
        });
        out.flush();
    }
}
