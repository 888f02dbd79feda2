package org.drover.api.http;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.drover.runner.api.alloc.AllocationView;
import org.drover.runner.api.alloc.DriverAttachment;
import org.drover.runner.api.alloc.TaskView;
import org.drover.runner.api.driver.Fingerprint;
import org.drover.runner.api.driver.TaskConfigSchema;
import org.drover.runner.api.driver.TaskConfigSchema.Field;
import org.drover.runner.api.driver.TaskConfigSchema.Type;
import org.drover.runner.api.driver.TaskResourceUsage;
import org.drover.runner.api.job.AllocMetric;
import org.drover.runner.api.job.Evaluation;
import org.drover.runner.api.job.JobView;
import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.ClientStatus;
import org.drover.runner.api.model.Constraint;
import org.drover.runner.api.model.DesiredStatus;
import org.drover.runner.api.model.Job;
import org.drover.runner.api.model.JobType;
import org.drover.runner.api.model.RestartPolicy;
import org.drover.runner.api.model.Stanzas;
import org.drover.runner.api.model.Task;
import org.drover.runner.api.model.TaskEvent;
import org.drover.runner.api.model.TaskGroup;
import org.drover.runner.api.model.TaskPhase;
import org.drover.runner.api.model.TaskState;
import org.drover.runner.api.state.CommitStats;

/**
 * A node with fixed contents, every ID and time chosen here, so the API's
 * answers about it are the same bytes on every run: a service job with two
 * allocations (one running, one failed and restarted), a dead batch job, a
 * job waiting for a node it fits, a healthy and an unhealthy driver, a store
 * that committed a little.
 */
final class Node {

    /** 2025-12-02T00:00:00Z, in Unix nanoseconds. */
    static final long T0 = 1_764_633_600_000_000_000L;
    static final long SECOND = 1_000_000_000L;
    static final String WEB_0 = "5b7a0c8e-1f2d-4c3b-9a8e-6d5f4e3c2b1a";
    static final String WEB_1 = "5b7a91f0-2e3d-4a5b-8c7d-0e1f2a3b4c5d";
    static final String NIGHTLY_0 = "c0ffee00-aaaa-4bbb-8ccc-dddddddddddd";
    static final String CACHE_EVAL = "e7a1c000-1111-4222-8333-444444444444";
    static final String CACHE_BLOCKED = "b10cced0-5555-4666-8777-888888888888";
    /** The evaluation a registration in these tests answers with: everything placed. */
    static final Evaluation REGISTERED = new Evaluation("0e0e0e0e-9999-4aaa-8bbb-cccccccccccc", "service",
            "job-register", "api", 12, Evaluation.COMPLETE, "", Map.of(), "", "", Map.of("g", 0), 12, 12,
            T0 + 400 * SECOND, T0 + 400 * SECOND);

    final FakeJobs jobs = new FakeJobs();
    final FakeAllocs allocs = new FakeAllocs();
    final FakeDrivers drivers = new FakeDrivers();
    final FakeStore store = new FakeStore();
    final FakeNode self = new FakeNode();

    Node() {
        drivers.add("mock", "0.3.1", new TaskConfigSchema(Map.of("run_for", Field.optional(Type.DURATION),
                "exit_code", Field.optional(Type.NUMBER))), Fingerprint.healthy(Map.of("driver.mock", "1",
                "driver.mock.version", "0.3.1")));
        drivers.add("docker", "0.2.0", new TaskConfigSchema(Map.of("image", Field.required(Type.STRING))),
                Fingerprint.unhealthy("the Engine does not answer at unix:///var/run/docker.sock", Map.of()));
        Job web = new Job("web", "web", JobType.SERVICE, "global", "dc1", "default", Map.of("team", "edge"),
                List.of(new TaskGroup("frontend", 2, RestartPolicy.defaultFor(JobType.SERVICE), Map.of(),
                        List.of(Task.of("server", "mock", Map.of("run_for", "1h")),
                                Task.of("sidecar", "mock", Map.of())), List.of(),
                        org.drover.runner.api.model.Stanzas.NONE,
                        List.of(new org.drover.runner.api.model.NetworkResource("bridge", "", null, List.of(
                                new org.drover.runner.api.model.Port("admin", 9000, 0, "", false),
                                new org.drover.runner.api.model.Port("http", 0, 8080, "", false)))))), "", 3);
        AllocationView web0 = new AllocationView(new Allocation(WEB_0, web, "frontend", 0, DesiredStatus.RUN,
                new org.drover.runner.api.model.AllocatedNetwork("bridge", List.of(
                        new org.drover.runner.api.model.AllocatedPort("admin", 9000, 0, "10.0.2.15", false),
                        new org.drover.runner.api.model.AllocatedPort("http", 23517, 8080, "10.0.2.15", false)),
                        Map.of())), ClientStatus.RUNNING,
                List.of(running("server", 412_000_000L), running("sidecar", 0)),
                new org.drover.runner.api.driver.NetworkIsolation("/var/run/netns/" + WEB_0, "eth0", "172.26.64.7", ""));
        AllocationView web1 = new AllocationView(new Allocation(WEB_1, web, "frontend", 1), ClientStatus.FAILED,
                List.of(failed("server"), stopped("sidecar")));
        Job nightly = Job.of("nightly \"report\"", JobType.BATCH, List.of(new TaskGroup("report", 1,
                RestartPolicy.defaultFor(JobType.BATCH), Map.of(), List.of(Task.of("render", "mock", Map.of())))));
        AllocationView nightly0 = new AllocationView(new Allocation(NIGHTLY_0, nightly, "report", 0,
                DesiredStatus.STOP), ClientStatus.COMPLETE, List.of(completed("render")));
        allocs.add(web0);
        allocs.add(web1);
        allocs.add(nightly0);
        jobs.add(new JobView(web, "running", List.of(web0, web1)));
        jobs.add(new JobView(nightly, "dead", List.of(nightly0)));
        jobs.add(cache());
        store.stats = new CommitStats(42, 97, 1_250_000_000L, 180_000_000L);
    }

    /**
     * A job this node cannot run: its group asks for Windows, so it waits with a blocked evaluation.
     */
    private static JobView cache() {
        Job cache = new Job("cache", "cache", JobType.SERVICE, "global", "dc1", "default", Map.of(),
                List.of(new TaskGroup("redis", 1, RestartPolicy.defaultFor(JobType.SERVICE), Map.of(),
                        List.of(Task.of("redis", "mock", Map.of())),
                        List.of(new Constraint("${attr.kernel.name}", "=", "windows")), Stanzas.NONE)), "", 0,
                List.of("*"), "default", List.of(), Stanzas.NONE);
        AllocMetric failed = new AllocMetric(1, 1, 1, "default", Map.of("dc1", 1), Map.of(),
                Map.of("${attr.kernel.name} = windows", 1), 0, Map.of(), Map.of(), List.of(), Map.of(), 41_000L, 0);
        long at = T0 + 500 * SECOND;
        Evaluation eval = new Evaluation(CACHE_EVAL, "service", "job-register", "cache", 20, Evaluation.COMPLETE, "",
                Map.of("redis", failed), CACHE_BLOCKED, "", Map.of("redis", 1), 20, 20, at, at);
        Evaluation blocked = new Evaluation(CACHE_BLOCKED, "service", "queued-allocs", "cache", 20,
                Evaluation.BLOCKED, "created to place remaining allocations", Map.of("redis", failed), "", CACHE_EVAL,
                Map.of("redis", 1), 20, 20, at, at);
        return new JobView(cache, "pending", List.of(), List.of(eval, blocked));
    }

    private static TaskState started(long at) {
        return TaskState.initial().withEvent(TaskEvent.received(at), 10)
                .withEvent(TaskEvent.setup(at + SECOND, "Building Task Directory"), 10)
                .withEvent(TaskEvent.started(at + 2 * SECOND), 10).withPhase(TaskPhase.RUNNING, at + 2 * SECOND);
    }

    private static TaskView running(String name, long rss) {
        Optional<TaskResourceUsage> usage = rss == 0 ? Optional.empty()
                : Optional.of(new TaskResourceUsage(T0 + 60 * SECOND, rss, 12.5, 10.0, 2.5));
        return new TaskView(name, started(T0), DriverAttachment.ATTACHED, usage);
    }

    /** Ran, exited 2, was restarted, exited 2 again, and the policy gave up. */
    private static TaskView failed(String name) {
        long t = T0 + 10 * SECOND;
        TaskState s = started(T0).withEvent(TaskEvent.terminated(t, 2, 0, false, ""), 10)
                .withEvent(TaskEvent.restarting(t, Duration.ofSeconds(15), TaskEvent.REASON_WITHIN_POLICY), 10)
                .withEvent(TaskEvent.started(t + 15 * SECOND), 10).withPhase(TaskPhase.RUNNING, t + 15 * SECOND)
                .withEvent(TaskEvent.terminated(t + 20 * SECOND, 2, 0, false, ""), 10)
                .withEvent(TaskEvent.notRestarting(t + 20 * SECOND, ""), 10)
                .withPhase(TaskPhase.DEAD, t + 20 * SECOND);
        return new TaskView(name, s, DriverAttachment.NONE, Optional.empty());
    }

    /** Killed because its sibling failed. */
    private static TaskView stopped(String name) {
        long t = T0 + 30 * SECOND;
        TaskState s = started(T0).withEvent(TaskEvent.siblingFailed(t, "server"), 10)
                .withEvent(TaskEvent.killing(t, Duration.ofSeconds(5), ""), 10)
                .withEvent(TaskEvent.terminated(t + SECOND, 130, 2, false, ""), 10)
                .withEvent(TaskEvent.killed(t + SECOND, ""), 10).withPhase(TaskPhase.DEAD, t + SECOND);
        return new TaskView(name, s, DriverAttachment.NONE, Optional.empty());
    }

    private static TaskView completed(String name) {
        long t = T0 + 300 * SECOND;
        TaskState s = started(T0).withEvent(TaskEvent.terminated(t, 0, 0, false, ""), 10)
                .withPhase(TaskPhase.DEAD, t);
        return new TaskView(name, s, DriverAttachment.NONE, Optional.empty());
    }
}
