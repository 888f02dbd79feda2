package org.drover.runner.core.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.drover.runner.api.alloc.TaskDir;
import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.Job;
import org.drover.runner.api.model.JobType;
import org.drover.runner.api.model.LogConfig;
import org.drover.runner.api.model.Resources;
import org.drover.runner.api.model.RestartPolicy;
import org.drover.runner.api.model.Task;
import org.drover.runner.api.model.TaskGroup;
import org.drover.runner.api.node.Node;
import org.junit.jupiter.api.Test;

class InterpolationTest {

    static final Node NODE = new Node("9c4f3a4e-2b7d-4e61-8a3c-5d6e7f809a1b", "worker-7", "eu-west-1a", "europe",
            "gpu", "batch", Map.of("kernel.name", "linux", "cpu.arch", "arm64", "driver.exec", "1"),
            Map.of("rack", "r12", "owner", "node-team"));

    final Interpolation i = new Interpolation(Map.of("NOMAD_ALLOC_ID", "a1", "HOME", "/root"), NODE);

    @Test
    void referencesResolveAndUnknownOnesStayAsWritten() {
        assertEquals("a1 /root ${nothing} ${attr.nothing} ${meta.nothing}",
                i.apply("${NOMAD_ALLOC_ID} ${env.HOME} ${nothing} ${attr.nothing} ${meta.nothing}"));
        assertEquals("no references, $HOME and $ alone", i.apply("no references, $HOME and $ alone"));
    }

    @Test
    void theNodesValuesByNomadsNames() {
        assertEquals("9c4f3a4e-2b7d-4e61-8a3c-5d6e7f809a1b worker-7 eu-west-1a europe gpu batch",
                i.apply("${node.unique.id} ${node.unique.name} ${node.datacenter} ${node.region} ${node.class}"
                        + " ${node.pool}"));
        assertEquals("linux/arm64 exec=1", i.apply("${attr.kernel.name}/${attr.cpu.arch} exec=${attr.driver.exec}"));
        assertEquals("r12 node-team", i.apply("${meta.rack} ${meta.owner}"));
    }

    @Test
    void configStringsAreInterpolatedAtAnyDepthOtherValuesKept() {
        assertEquals(Map.of("args", List.of("--id", "a1"), "n", 3L, "m", Map.of("k", "a1!")),
                i.apply(Map.of("args", List.of("--id", "${NOMAD_ALLOC_ID}"), "n", 3L,
                        "m", Map.of("k", "${NOMAD_ALLOC_ID}!"))));
    }

    /**
     * The job's, group's and task's meta are NOMAD_META_*; ${meta.*} is the node's, even for a key
     * the job has too. NOMAD_DC and NOMAD_REGION are the node's.
     */
    @Test
    void theEnvironmentTakesTheNodeAndKeepsJobMetaApart() {
        Job job = new Job("web", "web", JobType.SERVICE, "us", "dc-asked", "default", Map.of("rack", "job-rack"),
                List.of(new TaskGroup("g", 1, RestartPolicy.defaultFor(JobType.SERVICE), Map.of("tier", "front"),
                        List.of())));
        Task task = new Task("t", "exec", Map.of("args", List.of("${meta.rack}", "${NOMAD_META_rack}")),
                Map.of("WHERE", "${node.datacenter}/${attr.cpu.arch}", "RACK", "${meta.rack}"), Map.of(),
                Resources.DEFAULT, LogConfig.DEFAULT, Duration.ofSeconds(5), "SIGINT", Duration.ZERO, false, "");
        Allocation alloc = new Allocation("0a1b2c3d-0000-4000-8000-000000000001", job, "g", 0);
        Map<String, String> env = TaskEnvironment.build(alloc, task, TaskDir.SANDBOX, true, Map.of(), Map.of(), NODE);
        assertEquals("eu-west-1a", env.get("NOMAD_DC"));
        assertEquals("europe", env.get("NOMAD_REGION"));
        assertEquals("job-rack", env.get("NOMAD_META_rack"));
        assertEquals("front", env.get("NOMAD_META_TIER"));
        assertEquals("eu-west-1a/arm64", env.get("WHERE"));
        assertEquals("r12", env.get("RACK"));
        assertEquals(Map.of("args", List.of("r12", "job-rack")),
                TaskEnvironment.interpolation(env, NODE).apply(task.config()));
    }
}
