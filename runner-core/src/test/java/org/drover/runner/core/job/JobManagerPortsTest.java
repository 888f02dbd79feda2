package org.drover.runner.core.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.drover.runner.api.alloc.AllocationView;
import org.drover.runner.api.job.AllocMetric;
import org.drover.runner.api.job.Evaluation;
import org.drover.runner.api.job.JobService.Registration;
import org.drover.runner.api.model.AllocatedNetwork;
import org.drover.runner.api.model.AllocatedPort;
import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.DesiredStatus;
import org.drover.runner.api.model.Job;
import org.drover.runner.api.model.JobType;
import org.drover.runner.api.model.NetworkResource;
import org.drover.runner.api.model.Port;
import org.drover.runner.api.model.RestartPolicy;
import org.drover.runner.api.model.Stanzas;
import org.drover.runner.api.model.Task;
import org.drover.runner.api.model.TaskGroup;
import org.drover.runner.core.support.MemoryStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Ports placed with the job's allocations; a job whose ports are taken waits on Nomad's network dimension. */
class JobManagerPortsTest {

    final FakeAllocations allocs = new FakeAllocations();
    final MemoryStore store = new MemoryStore();
    final TestNode node = new TestNode(Map.of("kernel.name", "linux", "driver.exec", "1",
            "unique.network.ip-address", "10.1.2.3"));
    JobManager jobs = new JobManager(allocs, node, store);

    @AfterEach
    void close() {
        jobs.deactivate();
    }

    static Job job(String id, JobType type, int count, Port... ports) {
        TaskGroup g = new TaskGroup("web", count, RestartPolicy.defaultFor(type), Map.of(),
                List.of(Task.of("t", "exec", Map.of())), List.of(), Stanzas.NONE,
                List.of(NetworkResource.host(List.of(ports))));
        return new Job(id, id, type, "global", "dc1", "default", Map.of(), List.of(g), id + ports.length + count, 0,
                List.of("*"), "default", List.of(), Stanzas.NONE);
    }

    List<AllocationView> running(String jobId) {
        return jobs.get(jobId).orElseThrow().allocs().stream()
                .filter(a -> a.allocation().desiredStatus() == DesiredStatus.RUN).toList();
    }

    @Test
    void eachAllocationCarriesItsPortsOnTheNodesAddress() {
        Registration r = jobs.register(job("api", JobType.SERVICE, 3, Port.fixed("admin", 9000),
                Port.dynamic("http")));
        assertEquals(1, r.allocIds().size(), "a static port is one allocation's");
        assertEquals(Map.of("network: reserved port collision admin=9000", 1),
                r.eval().failedTgAllocs().get("web").dimensionExhausted());
        assertEquals(Map.of("web", 2), r.eval().queuedAllocations());
        Allocation placed = allocs.get(r.allocIds().get(0)).orElseThrow().allocation();
        assertEquals("host", placed.network().mode());
        assertEquals(new AllocatedPort("admin", 9000, 0, "10.1.2.3", false), placed.network().ports().get(0));
    }

    @Test
    void threeAllocationsGetThreeDistinctDynamicPorts() {
        Registration r = jobs.register(job("api", JobType.SERVICE, 3, Port.dynamic("http")));
        Set<Integer> ports = new HashSet<>();
        for (String id : r.allocIds()) {
            AllocatedNetwork n = allocs.get(id).orElseThrow().allocation().network();
            assertEquals("http", n.ports().get(0).label());
            ports.add(n.ports().get(0).value());
        }
        assertEquals(3, ports.size());
        assertTrue(ports.stream().allMatch(p -> p >= 20000 && p <= 32000), ports.toString());
    }

    @Test
    void aStaticCollisionWaitsWithNomadsDimensionUntilTheHolderIsStopped() {
        Registration first = jobs.register(job("one", JobType.SERVICE, 1, Port.fixed("http", 8080)));
        assertEquals(1, first.allocIds().size());
        Registration second = jobs.register(job("two", JobType.SERVICE, 1, Port.fixed("http", 8080)));
        assertEquals(List.of(), second.allocIds());
        AllocMetric m = second.eval().failedTgAllocs().get("web");
        assertEquals(Map.of("network: reserved port collision http=8080", 1), m.dimensionExhausted());
        assertEquals(1, m.nodesExhausted());
        assertEquals(1, m.nodesEvaluated());
        assertEquals(0, m.nodesFiltered());
        assertEquals(Map.of("web", 1), second.eval().queuedAllocations());
        Evaluation blocked = jobs.evaluation(second.eval().blockedEval()).orElseThrow();
        assertEquals(Evaluation.BLOCKED, blocked.status());
        assertEquals("pending", jobs.get("two").orElseThrow().status());
        assertEquals(List.of("two"), store.jobs().stream().map(Job::id).toList());
        assertEquals(1, running("one").size(), "running work is untouched");

        jobs.stop("one", false);
        await(() -> running("two").size() == 1);
        assertEquals(8080, running("two").get(0).allocation().network().ports().get(0).value());
        assertEquals(List.of(), store.jobs());
    }

    @Test
    void anAllocationThatCompletesFreesItsPortsForAWaitingJob() {
        Registration batch = jobs.register(job("batch", JobType.BATCH, 1, Port.fixed("http", 8080)));
        jobs.register(job("svc", JobType.SERVICE, 1, Port.fixed("http", 8080)));
        assertEquals(List.of(), running("svc"));
        allocs.complete(batch.allocIds().get(0));
        await(() -> running("svc").size() == 1);
    }

    @Test
    void aNewVersionTakesTheStaticPortOfTheOneItReplaces() {
        Registration v0 = jobs.register(job("api", JobType.SERVICE, 1, Port.fixed("http", 8080)));
        Job v1 = job("api", JobType.SERVICE, 1, Port.fixed("http", 8080), Port.dynamic("admin"));
        Registration r = jobs.register(v1);
        assertEquals(1, r.allocIds().size());
        assertEquals(Map.of(), r.eval().failedTgAllocs());
        assertNotEquals(v0.allocIds(), r.allocIds());
        assertEquals(8080, allocs.get(r.allocIds().get(0)).orElseThrow().allocation().network().ports().get(0)
                .value());
    }

    /** Half of a new version placed: the old allocation left running keeps its port, the replaced one's is reused. */
    @Test
    void anOldAllocationLeftRunningKeepsItsPorts() {
        node.ports(new org.drover.runner.api.node.NodePorts("10.1.2.3", 40000, 40001, ""));
        jobs.register(job("api", JobType.SERVICE, 2, Port.dynamic("http")));
        Map<Integer, Integer> oldPorts = new java.util.TreeMap<>();
        running("api").forEach(a -> oldPorts.put(a.allocation().index(), a.allocation().network().ports().get(0)
                .value()));
        Registration v1 = jobs.register(job("api", JobType.SERVICE, 2, Port.fixed("admin", 9000),
                Port.dynamic("http")));
        assertEquals(1, v1.allocIds().size());
        List<AllocationView> now = running("api");
        assertEquals(2, now.size());
        AllocationView kept = now.stream().filter(a -> a.allocation().job().version() == 0).findFirst().orElseThrow();
        assertEquals(1, kept.allocation().index());
        AllocationView placed = now.stream().filter(a -> a.allocation().job().version() == 1).findFirst()
                .orElseThrow();
        assertEquals(oldPorts.get(0), placed.allocation().network().ports().get(1).value());
        assertEquals(oldPorts.get(1), kept.allocation().network().ports().get(0).value());
    }

    @Test
    void theRangeExhaustedLeavesTheRestWaiting() {
        node.ports(new org.drover.runner.api.node.NodePorts("10.1.2.3", 40000, 40001, ""));
        Registration r = jobs.register(job("api", JobType.SERVICE, 3, Port.dynamic("http")));
        assertEquals(2, r.allocIds().size());
        AllocMetric m = r.eval().failedTgAllocs().get("web");
        assertEquals(Map.of("network: dynamic port selection failed", 1), m.dimensionExhausted());
        assertEquals(0, m.coalescedFailures());
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
