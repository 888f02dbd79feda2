package org.drover.api.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.drover.runner.api.job.Evaluation;
import org.drover.runner.api.job.JobService;
import org.drover.runner.api.job.JobView;
import org.drover.runner.api.model.Job;

/**
 * Jobs held in memory: a registration is recorded and answered with the IDs
 * the test chose; a stop is recorded and done at once.
 */
final class FakeJobs implements JobService {

    final Map<String, JobView> views = new LinkedHashMap<>();
    final List<Job> registered = new ArrayList<>();
    final List<String> stopped = new ArrayList<>();
    List<String> nextAllocIds = List.of();
    /** What a registration answers with as its evaluation. */
    Evaluation nextEval = Node.REGISTERED;
    final Map<String, Evaluation> evaluations = new LinkedHashMap<>();
    /** Thrown by register or stop when set. */
    RuntimeException refuse;
    int garbageCollections;

    void add(JobView v) {
        views.put(v.job().id(), v);
    }

    @Override
    public Registration register(Job job) {
        if (refuse != null) {
            throw refuse;
        }
        registered.add(job);
        return new Registration(nextAllocIds, false, nextEval);
    }

    @Override
    public CompletionStage<Void> stop(String jobId, boolean purge) {
        if (refuse != null) {
            throw refuse;
        }
        stopped.add(jobId + (purge ? " purge" : ""));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public int collectGarbage() {
        garbageCollections++;
        return 0;
    }

    @Override
    public List<JobView> list() {
        return new ArrayList<>(views.values());
    }

    @Override
    public Optional<JobView> get(String jobId) {
        return Optional.ofNullable(views.get(jobId));
    }

    @Override
    public Optional<Evaluation> evaluation(String evalId) {
        return views.values().stream().flatMap(v -> v.evaluations().stream()).filter(e -> e.id().equals(evalId))
                .findFirst();
    }
}
