package org.drover.runner.core.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.drover.runner.api.job.AllocMetric;
import org.drover.runner.api.model.Constraint;
import org.drover.runner.api.model.Job;
import org.drover.runner.api.model.JobType;
import org.drover.runner.api.model.RestartPolicy;
import org.drover.runner.api.model.Stanzas;
import org.drover.runner.api.model.Task;
import org.drover.runner.api.model.TaskGroup;
import org.drover.runner.api.node.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlacementTest {

    static final Node NODE = new Node("9f0c1d2e-0000-4000-8000-000000000001", "box", "eu-west-1a", "global", "",
            "default", Map.of("kernel.name", "linux", "driver.mock", "1", "driver.docker", "0", "cpu.numcores", "8"),
            Map.of("rack", "r1"));

    static Constraint c(String l, String op, String r) {
        return new Constraint(l, op, r);
    }

    static TaskGroup group(String name, int count, List<Constraint> constraints, Task... tasks) {
        return new TaskGroup(name, count, RestartPolicy.defaultFor(JobType.SERVICE), Map.of(), List.of(tasks),
                constraints, Stanzas.NONE);
    }

    static Task task(String driver, Constraint... constraints) {
        Task t = Task.of("t", driver, Map.of());
        return new Task(t.name(), t.driver(), t.config(), t.env(), t.meta(), t.resources(), t.logs(), t.killTimeout(),
                t.killSignal(), t.shutdownDelay(), t.leader(), t.user(), List.of(constraints), Stanzas.NONE);
    }

    static Job job(List<String> dcs, String pool, List<Constraint> constraints, TaskGroup... groups) {
        return new Job("j", "j", JobType.SERVICE, "global", "dc1", "default", Map.of(), List.of(groups), "", 0, dcs,
                pool, constraints, Stanzas.NONE);
    }

    static Job job(TaskGroup... groups) {
        return job(List.of("*"), "default", List.of(), groups);
    }

    static Placement.Plan plan(Job job) {
        Map<String, Integer> wanted = new java.util.LinkedHashMap<>();
        job.groups().forEach(g -> wanted.put(g.name(), g.count()));
        return Placement.plan(job, NODE, wanted, List.of(), Integer.MAX_VALUE);
    }

    @ParameterizedTest(name = "{0} against {1}: {2}")
    @CsvSource({"*, eu-west-1a, true", "eu-*, eu-west-1a, true", "*-1a, eu-west-1a, true", "eu*1a, eu-west-1a, true",
        "eu-west-1a, eu-west-1a, true", "us-*, eu-west-1a, false", "eu-west-1, eu-west-1a, false",
        "eu-*-2*, eu-west-1a, false", "e*u*, eu, true", "a*a, a, false"})
    void datacenterGlobs(String glob, String dc, boolean matches) {
        assertEquals(matches, Glob.matches(glob, dc));
    }

    @ParameterizedTest(name = "${0}")
    @CsvSource({"'${node.unique.id}', 9f0c1d2e-0000-4000-8000-000000000001", "'${node.datacenter}', eu-west-1a",
        "'${node.unique.name}', box", "'${node.class}', ''", "'${node.pool}', default", "'${attr.kernel.name}', linux",
        "'${meta.rack}', r1", "literal, literal"})
    void targets(String target, String value) {
        assertEquals(Optional.of(value), Targets.resolve(target, NODE));
    }

    @Test
    void missingTargetsAreEmpty() {
        assertEquals(Optional.empty(), Targets.resolve("${attr.nope}", NODE));
        assertEquals(Optional.empty(), Targets.resolve("${meta.nope}", NODE));
        assertEquals(Optional.empty(), Targets.resolve("${node.region.nope}", NODE));
    }

    @Test
    void aFeasibleGroupIsPlacedWhole() {
        Placement.Plan p = plan(job(group("web", 3, List.of(c("${attr.kernel.name}", "=", "linux")), task("mock"))));
        assertEquals(Map.of("web", 3), p.placed());
        assertEquals(Map.of(), p.failures());
    }

    @Test
    void aFailedConstraintIsNomadsMetric() {
        Placement.Plan p = plan(job(group("cache", 2, List.of(c("${attr.kernel.name}", "=", "windows")),
                task("mock"))));
        assertEquals(Map.of("cache", 0), p.placed());
        AllocMetric m = p.failures().get("cache");
        assertEquals(new AllocMetric(1, 1, 1, "default", Map.of("eu-west-1a", 1), Map.of(),
                Map.of("${attr.kernel.name} = windows", 1), 0, Map.of(), Map.of(), List.of(), Map.of(),
                m.allocationTimeNanos(), 1), m);
        assertEquals(Map.of("cache", 2), p.queued());
    }

    @Test
    void jobConstraintsComeFirstThenDriversThenGroupThenTask() {
        assertEquals(Map.of("${attr.cpu.numcores} >= 16", 1), plan(job(List.of("*"), "default",
                List.of(c("${attr.cpu.numcores}", ">=", "16")), group("g", 1, List.of(c("${meta.rack}", "=", "r2")),
                        task("docker")))).failures().get("g").constraintFiltered());
        assertEquals(Map.of("missing drivers", 1), plan(job(group("g", 1, List.of(c("${meta.rack}", "=", "r2")),
                task("docker")))).failures().get("g").constraintFiltered());
        assertEquals(Map.of("missing drivers", 1), plan(job(group("g", 1, List.of(), task("exec"))))
                .failures().get("g").constraintFiltered());
        assertEquals(Map.of("${meta.rack} = r2", 1), plan(job(group("g", 1, List.of(c("${meta.rack}", "=", "r2")),
                task("mock", c("${attr.kernel.name}", "=", "windows"))))).failures().get("g").constraintFiltered());
        assertEquals(Map.of("${attr.kernel.name} = windows", 1), plan(job(group("g", 1, List.of(),
                task("mock", c("${attr.kernel.name}", "=", "windows"))))).failures().get("g").constraintFiltered());
    }

    @Test
    void aNodeOutsideTheJobsDatacentersOrPoolIsNotEvaluated() {
        AllocMetric dc = plan(job(List.of("us-*"), "default", List.of(), group("g", 1, List.of(), task("mock"))))
                .failures().get("g");
        assertEquals(0, dc.nodesEvaluated());
        assertEquals(0, dc.nodesInPool());
        assertEquals(Map.of(), dc.nodesAvailable());
        AllocMetric pool = plan(job(List.of("*"), "gpu", List.of(), group("g", 1, List.of(), task("mock"))))
                .failures().get("g");
        assertEquals(0, pool.nodesEvaluated());
        assertEquals("gpu", pool.nodePool());
        assertEquals(Map.of("g", 1), plan(job(List.of("eu-*"), "all", List.of(), group("g", 1, List.of(),
                task("mock")))).placed());
        assertEquals(Map.of("g", 1), plan(job(List.of(), "default", List.of(), group("g", 1, List.of(),
                task("mock")))).placed());
    }

    @Test
    void distinctHostsPlacesOneOfTheGroupOnThisNode() {
        Placement.Plan p = plan(job(group("g", 3, List.of(c("", "distinct_hosts", "")), task("mock"))));
        assertEquals(Map.of("g", 1), p.placed());
        assertEquals(Map.of("distinct_hosts", 1), p.failures().get("g").constraintFiltered());
        assertEquals(1, p.failures().get("g").coalescedFailures());
        assertEquals(2, p.failures().get("g").failed());
        assertEquals(Map.of("g", 3), plan(job(group("g", 3, List.of(c("", "distinct_hosts", "false")),
                task("mock")))).placed());
    }

    @Test
    void distinctHostsAtJobLevelPlacesOneOfTheWholeJob() {
        Placement.Plan p = plan(job(List.of("*"), "default", List.of(c("", "distinct_hosts", "true")),
                group("a", 1, List.of(), task("mock")), group("b", 1, List.of(), task("mock"))));
        assertEquals(Map.of("a", 1, "b", 0), p.placed());
        assertEquals(Map.of("distinct_hosts", 1), p.failures().get("b").constraintFiltered());
        Placement.Plan atGroup = plan(job(group("a", 1, List.of(c("", "distinct_hosts", "")), task("mock")),
                group("b", 1, List.of(c("", "distinct_hosts", "")), task("mock"))));
        assertEquals(Map.of("a", 1, "b", 1), atGroup.placed());
    }

    @Test
    void distinctPropertyAllowsItsCountPerValue() {
        Placement.Plan p = plan(job(group("g", 4, List.of(c("${meta.rack}", "distinct_property", "2")),
                task("mock"))));
        assertEquals(Map.of("g", 2), p.placed());
        assertEquals(Map.of("distinct_property: ${meta.rack}=r1 used by 2 allocs", 1),
                p.failures().get("g").constraintFiltered());
        Placement.Plan one = plan(job(List.of("*"), "default", List.of(c("${meta.rack}", "distinct_property", "")),
                group("a", 1, List.of(), task("mock")), group("b", 1, List.of(), task("mock"))));
        assertEquals(Map.of("distinct_property: ${meta.rack}=r1 used by 1 allocs", 1),
                one.failures().get("b").constraintFiltered());
        assertEquals(Map.of("missing property \"${meta.zone}\"", 1), plan(job(group("g", 1,
                List.of(c("${meta.zone}", "distinct_property", "")), task("mock")))).failures().get("g")
                .constraintFiltered());
        assertEquals(Map.of("failed to convert RTarget \"x\" to uint64: strconv.ParseUint: parsing \"x\": invalid"
                + " syntax", 1), plan(job(group("g", 1, List.of(c("${meta.rack}", "distinct_property", "x")),
                        task("mock")))).failures().get("g").constraintFiltered());
    }

    @Test
    void theNodesCapIsAnExhaustedDimension() {
        Job j = job(group("a", 2, List.of(), task("mock")), group("b", 2, List.of(), task("mock")));
        Placement.Plan p = Placement.plan(j, NODE, Map.of("a", 2, "b", 2), List.of(), 3);
        assertEquals(Map.of("a", 2, "b", 1), p.placed());
        AllocMetric m = p.failures().get("b");
        assertEquals(Map.of("max allocation exceeded", 1), m.dimensionExhausted());
        assertEquals(1, m.nodesExhausted());
        assertEquals(0, m.nodesFiltered());
        assertEquals(Map.of(), m.constraintFiltered());
        assertEquals(0, m.coalescedFailures());
    }

    @Test
    void aNodeClassIsCountedWhenThereIsOne() {
        Node classy = new Node("n", "box", "dc1", "global", "gpu", "default", Map.of("driver.mock", "1"), Map.of());
        Job j = job(group("g", 1, List.of(c("${meta.x}", "is_set", "")), task("mock")));
        AllocMetric m = Placement.plan(j, classy, Map.of("g", 1), List.of(), 10).failures().get("g");
        assertEquals(Map.of("gpu", 1), m.classFiltered());
        assertEquals(Map.of("${meta.x} is_set ", 1), m.constraintFiltered());
    }
}
