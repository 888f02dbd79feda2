package org.drover.runner.core.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.drover.runner.api.alloc.AllocationView;
import org.drover.runner.api.job.AllocMetric;
import org.drover.runner.api.job.Evaluation;
import org.drover.runner.api.job.JobService.Registration;
import org.drover.runner.api.job.JobView;
import org.drover.runner.api.model.Constraint;
import org.drover.runner.api.model.DesiredStatus;
import org.drover.runner.api.model.Job;
import org.drover.runner.api.model.JobType;
import org.drover.runner.api.model.RestartPolicy;
import org.drover.runner.api.model.Stanzas;
import org.drover.runner.api.model.Task;
import org.drover.runner.api.model.TaskGroup;
import org.drover.runner.core.support.MemoryStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Jobs placed by Nomad's rules on a node a test changes: blocked evaluations, and what waits getting placed. */
class JobManagerTest {

    final FakeAllocations allocs = new FakeAllocations();
    final MemoryStore store = new MemoryStore();
    final TestNode node = new TestNode(Map.of("kernel.name", "linux", "driver.exec", "1"));
    JobManager jobs = new JobManager(allocs, node, store);

    @AfterEach
    void close() {
        jobs.deactivate();
    }

    static TaskGroup group(String name, int count, String driver, Constraint... constraints) {
        return new TaskGroup(name, count, RestartPolicy.defaultFor(JobType.SERVICE), Map.of(),
                List.of(Task.of("t", driver, Map.of())), List.of(constraints), Stanzas.NONE);
    }

    static Job job(String id, TaskGroup... groups) {
        return new Job(id, id, JobType.SERVICE, "global", "dc1", "default", Map.of(), List.of(groups), id, 0,
                List.of("*"), "default", List.of(), Stanzas.NONE);
    }

    List<AllocationView> running(String jobId) {
        return jobs.get(jobId).orElseThrow().allocs().stream()
                .filter(a -> a.allocation().desiredStatus() == DesiredStatus.RUN).toList();
    }

    @Test
    void aJobWhoseDriverIsMissingWaitsBlockedAndIsPlacedOnceTheDriverIsHealthy() {
        Registration r = jobs.register(job("cache", group("redis", 2, "mock")));
        assertEquals(List.of(), r.allocIds());
        Evaluation eval = r.eval();
        assertEquals(Evaluation.COMPLETE, eval.status());
        assertEquals("job-register", eval.triggeredBy());
        assertEquals(Map.of("redis", 2), eval.queuedAllocations());
        AllocMetric m = eval.failedTgAllocs().get("redis");
        assertEquals(Map.of("missing drivers", 1), m.constraintFiltered());
        assertEquals(1, m.coalescedFailures());
        Evaluation blocked = jobs.evaluation(eval.blockedEval()).orElseThrow();
        assertEquals(Evaluation.BLOCKED, blocked.status());
        assertEquals("queued-allocs", blocked.triggeredBy());
        assertEquals(eval.id(), blocked.previousEval());
        assertEquals(eval.failedTgAllocs(), blocked.failedTgAllocs());
        JobView v = jobs.get("cache").orElseThrow();
        assertEquals("pending", v.status());
        assertEquals(List.of(eval.id(), blocked.id()), v.evaluations().stream().map(Evaluation::id).toList());
        assertEquals(List.of("cache"), store.jobs().stream().map(Job::id).toList());
        assertEquals(List.of("cache"), jobs.list().stream().map(j -> j.job().id()).toList());

        node.attribute("driver.mock", "0");
        assertEquals(0, allocs.list().size());
        assertEquals(Evaluation.BLOCKED, jobs.evaluation(blocked.id()).orElseThrow().status());

        node.attribute("driver.mock", "1");
        assertEquals(2, running("cache").size());
        assertEquals(List.of(0, 1), running("cache").stream().map(a -> a.allocation().index()).toList());
        Evaluation done = jobs.evaluation(blocked.id()).orElseThrow();
        assertEquals(Evaluation.COMPLETE, done.status());
        assertEquals(Map.of(), done.failedTgAllocs());
        assertEquals(Map.of("redis", 0), done.queuedAllocations());
        assertEquals("running", jobs.get("cache").orElseThrow().status());
        assertEquals(List.of(), store.jobs());
    }

    @Test
    void aBlockedJobIsRestoredByTheNextManagerAndPlacedOnceItFits() {
        Job wants = job("win", group("g", 1, "exec", new Constraint("${attr.kernel.name}", "=", "windows")));
        jobs.register(wants);
        jobs.deactivate();
        assertEquals(0, node.watchers());

        jobs = new JobManager(allocs, node, store);
        JobView v = jobs.get("win").orElseThrow();
        assertEquals("pending", v.status());
        assertEquals(0, v.job().version());
        assertEquals(List.of(new Constraint("${attr.kernel.name}", "=", "windows")),
                v.job().groups().get(0).constraints());
        Evaluation blocked = v.evaluations().stream().filter(e -> e.status().equals(Evaluation.BLOCKED)).findFirst()
                .orElseThrow();
        assertEquals(Map.of("${attr.kernel.name} = windows", 1), blocked.failedTgAllocs().get("g")
                .constraintFiltered());

        node.attribute("kernel.name", "windows");
        assertEquals(1, running("win").size());
        assertEquals(List.of(), store.jobs());
    }

    @Test
    void aDriverTurningUnhealthyLeavesRunningAllocationsAlone() {
        Registration r = jobs.register(job("web", group("g", 2, "exec")));
        assertEquals(2, r.allocIds().size());
        assertEquals(Map.of(), r.eval().failedTgAllocs());
        assertEquals("", r.eval().blockedEval());
        node.attribute("driver.exec", null);
        node.attribute("kernel.name", "darwin");
        assertEquals(r.allocIds(), running("web").stream().map(a -> a.allocation().id()).toList());
        assertEquals("running", jobs.get("web").orElseThrow().status());
        assertEquals(1, allocs.replaceCalls);
    }

    @Test
    void theFeasibleGroupsOfAJobArePlacedAndTheOthersWait() {
        Registration r = jobs.register(job("mixed", group("api", 1, "exec"), group("gpu", 1, "exec",
                new Constraint("${meta.gpu}", "is_set", ""))));
        assertEquals(1, r.allocIds().size());
        assertEquals(List.of("gpu"), List.copyOf(r.eval().failedTgAllocs().keySet()));
        assertEquals(Map.of("api", 0, "gpu", 1), r.eval().queuedAllocations());
        JobView v = jobs.get("mixed").orElseThrow();
        assertEquals("running", v.status());
        assertEquals(List.of("api"), v.allocs().stream().map(a -> a.allocation().group()).toList());
        assertTrue(jobs.evaluation(r.eval().blockedEval()).isPresent());
    }

    @Test
    void aNewVersionThatCannotBePlacedLeavesTheOldOneRunningUntilItCan() {
        Registration v0 = jobs.register(job("web", group("g", 1, "exec")));
        Job changed = job("web2", group("g", 1, "exec", new Constraint("${attr.kernel.name}", "=", "plan9")));
        Job v1 = new Job("web", "web", JobType.SERVICE, "global", "dc1", "default", Map.of(), changed.groups(), "v1",
                0, List.of("*"), "default", List.of(), Stanzas.NONE);
        Registration r = jobs.register(v1);
        assertEquals(List.of(), r.allocIds());
        JobView v = jobs.get("web").orElseThrow();
        assertEquals(1, v.job().version());
        assertEquals("running", v.status());
        assertEquals(v0.allocIds(), running("web").stream().map(a -> a.allocation().id()).toList());

        node.attribute("kernel.name", "plan9");
        List<AllocationView> now = running("web");
        assertEquals(1, now.size());
        assertEquals(1, now.get(0).allocation().job().version());
        assertFalse(allocs.allocs.containsKey(v0.allocIds().get(0)));
    }

    @Test
    void theNodesCapLeavesTheRestWaitingUntilAStopFreesRoom() {
        allocs.cap = 2;
        jobs.register(job("other", group("g", 1, "exec")));
        Registration r = jobs.register(job("web", group("g", 3, "exec")));
        assertEquals(1, r.allocIds().size());
        AllocMetric m = r.eval().failedTgAllocs().get("g");
        assertEquals(Map.of("max allocation exceeded", 1), m.dimensionExhausted());
        assertEquals(1, m.nodesExhausted());
        assertEquals(1, m.coalescedFailures());

        jobs.stop("other", true);
        await(() -> running("web").size() == 2);
        Evaluation blocked = jobs.evaluation(r.eval().blockedEval()).orElseThrow();
        assertEquals(Evaluation.BLOCKED, blocked.status());
        assertEquals(0, blocked.failedTgAllocs().get("g").coalescedFailures());
        assertEquals(Map.of("g", 1), blocked.queuedAllocations());
    }

    @Test
    void underTheCapEachNewAllocationOfAVersionReplacesAnOldOne() {
        allocs.cap = 3;
        Registration v0 = jobs.register(job("a", group("g", 2, "exec")));
        assertEquals(1, jobs.register(job("b", group("g", 2, "exec"))).allocIds().size());
        Job v1 = new Job("a", "a", JobType.SERVICE, "global", "dc1", "default", Map.of(),
                List.of(group("g", 3, "exec")), "a-v1", 0, List.of("*"), "default", List.of(), Stanzas.NONE);
        Registration r = jobs.register(v1);
        assertEquals(2, r.allocIds().size());
        assertEquals(Map.of("g", 1), r.eval().queuedAllocations());
        assertEquals(List.of(1L, 1L), running("a").stream().map(a -> a.allocation().job().version()).toList());
        assertTrue(v0.allocIds().stream().noneMatch(allocs.allocs::containsKey));
    }

    @Test
    void aJobStoppedWhileBlockedIsGoneAndNeverPlaced() {
        Registration r = jobs.register(job("cache", group("redis", 1, "mock")));
        jobs.stop("cache", false);
        assertTrue(jobs.get("cache").isEmpty());
        assertEquals(List.of(), store.jobs());
        Evaluation canceled = jobs.evaluation(r.eval().blockedEval()).orElseThrow();
        assertEquals(Evaluation.CANCELED, canceled.status());
        assertTrue(canceled.statusDescription().matches("evaluation \"[0-9a-f-]{36}\" successful"),
                canceled.statusDescription());
        node.attribute("driver.mock", "1");
        assertEquals(0, allocs.list().size());
    }

    @Test
    void registeringAWaitingJobAgainEvaluatesItAgain() {
        Registration first = jobs.register(job("cache", group("redis", 1, "mock")));
        Registration again = jobs.register(job("cache", group("redis", 1, "mock")));
        assertTrue(again.unchanged());
        assertEquals(0, jobs.get("cache").orElseThrow().job().version());
        Evaluation old = jobs.evaluation(first.eval().blockedEval()).orElseThrow();
        assertEquals(Evaluation.CANCELED, old.status());
        assertEquals("existing blocked evaluation exists for job \"cache\"", old.statusDescription());
        assertEquals(Evaluation.BLOCKED, jobs.evaluation(again.eval().blockedEval()).orElseThrow().status());
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10s");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }
}
