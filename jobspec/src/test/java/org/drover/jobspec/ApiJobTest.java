package org.drover.jobspec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.drover.runner.api.model.Constraint;
import org.drover.runner.api.model.Job;
import org.drover.runner.api.model.JobType;
import org.drover.runner.api.model.LogConfig;
import org.drover.runner.api.model.Resources;
import org.drover.runner.api.model.RestartPolicy;
import org.drover.runner.api.model.Task;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class ApiJobTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static ApiJob.Parsed parse(String json, boolean strict) throws Exception {
        return ApiJob.parse(JSON.readTree(json), strict);
    }

    static List<String> problems(String json) {
        return assertThrows(JobSpecException.class, () -> parse(json, false)).problems().stream()
                .map(Problem::toString).toList();
    }

    @Test
    void nomadsDefaultsFillWhatTheJobLeavesOut() throws Exception {
        Job job = parse("{\"ID\": \"web\", \"TaskGroups\": [{\"Name\": \"g\", \"Tasks\": [{\"Name\": \"t\","
                + " \"Driver\": \"raw_exec\"}]}]}", true).job();
        assertEquals(JobType.SERVICE, job.type());
        assertEquals("web", job.name());
        assertEquals("dc1", job.datacenter());
        assertEquals(1, job.groups().get(0).count());
        assertEquals(RestartPolicy.defaultFor(JobType.SERVICE), job.groups().get(0).restart());
        Task t = job.groups().get(0).tasks().get(0);
        assertEquals(Resources.DEFAULT, t.resources());
        assertEquals(LogConfig.DEFAULT, t.logs());
        assertEquals(Task.DEFAULT_KILL_TIMEOUT, t.killTimeout());
        assertEquals("SIGINT", t.killSignal());
    }

    @Test
    void whatNomadsToolsSendIsReadAndWhatDroverDoesNotRunIsAWarning() throws Exception {
        String json = "{\"Job\": {\"ID\": \"x\", \"Type\": \"service\", \"Priority\": 50, \"Constraints\": null,"
                + " \"Update\": {\"MaxParallel\": 1}, \"Datacenters\": [\"eu-1\"], \"TaskGroups\": [{\"Name\": \"g\","
                + " \"Count\": 3, \"Networks\": [], \"Services\": [{\"Name\": \"web\"}], \"Tasks\": [{\"Name\": \"t\","
                + " \"Driver\": \"exec\", \"Config\": {\"command\": \"/bin/app\", \"args\": [\"-n\", 2]},"
                + " \"Resources\": {\"CPU\": 500, \"MemoryMB\": 256, \"MemoryMaxMB\": 512},"
                + " \"KillTimeout\": \"15s\", \"ShutdownDelay\": 1000000000, \"Leader\": true}]}]}}";
        ApiJob.Parsed p = parse(json, false);
        assertEquals(List.of("Job.Priority is not supported by Drover and is ignored",
                "Job.Update is not supported by Drover and is ignored",
                "Job.TaskGroups[\"g\"].Services is not supported by Drover and is ignored",
                "Job.TaskGroups[\"g\"].Tasks[\"t\"].Resources.MemoryMaxMB is not supported by Drover"
                + " and is ignored"), p.warnings(), "level by level, in the order written");
        Task t = p.job().groups().get(0).tasks().get(0);
        assertEquals("eu-1", p.job().datacenter());
        assertEquals(List.of("eu-1"), p.job().datacenters());
        assertEquals(Map.of("Priority", 50L, "Update", Map.of("MaxParallel", 1L)), p.job().stanzas().byName());
        assertEquals(Map.of("Services", List.of(Map.of("Name", "web"))), p.job().groups().get(0).stanzas().byName());
        assertEquals(Map.of("Resources", Map.of("MemoryMaxMB", 512L)),
                p.job().groups().get(0).tasks().get(0).stanzas().byName(), "only the part not acted on");
        assertEquals(3, p.job().groups().get(0).count());
        assertEquals(List.of("-n", 2L), t.config().get("args"));
        assertEquals(new Resources(500, 256), t.resources());
        assertEquals(Duration.ofSeconds(15), t.killTimeout());
        assertEquals(Duration.ofSeconds(1), t.shutdownDelay());

        List<String> strict = assertThrows(JobSpecException.class, () -> parse(json, true)).problems().stream()
                .map(Problem::toString).sorted().toList();
        assertEquals(List.of("Job.Priority: is not supported by Drover (strict)",
                "Job.TaskGroups[\"g\"].Services: is not supported by Drover (strict)",
                "Job.TaskGroups[\"g\"].Tasks[\"t\"].Resources.MemoryMaxMB: is not supported by Drover (strict)",
                "Job.Update: is not supported by Drover (strict)"), strict);
    }

    @Test
    void everyProblemIsReportedAtItsField() {
        assertEquals(List.of(
                "Job.ID: is required",
                "Job.Type: must be service, batch, system or sysbatch, got \"cron\"",
                "Job.TaskGroups[\"g\"].Count: must be between 0 and 10000, got -1",
                "Job.TaskGroups[\"g\"].Tasks[\"a\"].Env.N: must be a string, got {\"x\":1} (object)",
                "Job.TaskGroups[\"g\"].Tasks[\"b\"].Colour: unknown field",
                "Job.TaskGroups[\"g\"].Tasks[\"b\"].Leader: must be true or false, got \"yes\" (string)",
                "Job.TaskGroups[\"g\"]: a second group with this name",
                "Job.TaskGroups[\"g\"].Tasks: needs at least one entry"),
                problems("{\"Type\": \"cron\", \"TaskGroups\": [{\"Name\": \"g\", \"Count\": -1, \"Tasks\": ["
                        + "{\"Name\": \"a\", \"Driver\": \"raw_exec\", \"Env\": {\"N\": {\"x\": 1}}},"
                        + "{\"Name\": \"b\", \"Driver\": \"raw_exec\", \"Leader\": \"yes\", \"Colour\": \"red\"}]},"
                        + "{\"Name\": \"g\"}]}"));
        assertEquals(List.of("Job: must be an object"), assertThrows(JobSpecException.class,
                () -> parse("[1, 2]", false)).problems().stream().map(Problem::toString).toList());
        assertEquals(List.of("Job.TaskGroups[\"g\"].Tasks: only one task of a group may be the leader, 2 are"),
                problems("{\"ID\": \"x\", \"TaskGroups\": [{\"Name\": \"g\", \"Tasks\": [{\"Name\": \"a\","
                        + " \"Driver\": \"d\", \"Leader\": true}, {\"Name\": \"b\", \"Driver\": \"d\","
                        + " \"Leader\": true}]}]}"));
    }

    static final String TASKS = "\"Tasks\": [{\"Name\": \"t\", \"Driver\": \"raw_exec\"}]";

    @Test
    void everyKeyIsCheckedAgainstNomadsSpecificationAtEveryDepth() {
        assertEquals(List.of(
                "Job.Colour: unknown field",
                "Job.Update.MaxParallel: must be a whole number, got \"two\" (string)",
                "Job.Update.Stagger: must be a duration such as \"30s\" (or nanoseconds), got \"soon\" (string)",
                "Job.TaskGroups[\"g\"].Networks[0].DynamicPorts[\"db\"].Colour: unknown field",
                "Job.TaskGroups[\"g\"].Volumes[\"data\"].ReadOnly: must be true or false, got 1 (number)",
                "Job.TaskGroups[\"g\"].Vault: unknown field",
                "Job.TaskGroups[\"g\"].Constraints[1].Weight: unknown field"),
                problems("{\"ID\": \"x\", \"Colour\": \"red\", \"Update\": {\"MaxParallel\": \"two\","
                        + " \"Stagger\": \"soon\"}, \"TaskGroups\": [{\"Name\": \"g\", \"Networks\": [{\"DynamicPorts\":"
                        + " [{\"Label\": \"db\", \"Colour\": \"blue\"}]}], \"Volumes\": {\"data\": {\"ReadOnly\": 1}},"
                        + " \"Vault\": {\"Policies\": [\"a\"]}, \"Constraints\": [{\"LTarget\": \"a\"}, {\"Weight\": 1}],"
                        + " " + TASKS + "}]}"));
    }

    @Test
    void placementIsReadAtEveryLevelAndSysbatchIsAType() throws Exception {
        Job job = parse("{\"ID\": \"x\", \"Type\": \"sysbatch\", \"Datacenters\": [\"eu-1\", \"eu-2\"],"
                + " \"NodePool\": \"edge\", \"Constraints\": [{\"LTarget\": \"${attr.kernel.name}\", \"Operand\": \"=\","
                + " \"RTarget\": \"linux\"}], \"TaskGroups\": [{\"Name\": \"g\", \"Constraints\": [{\"Operand\":"
                + " \"distinct_hosts\", \"RTarget\": \"true\"}], \"Tasks\": [{\"Name\": \"t\", \"Driver\": \"raw_exec\","
                + " \"Constraints\": [{\"LTarget\": \"${meta.rack}\", \"Operand\": \"is_set\"}]}]}]}", true).job();
        assertEquals(JobType.SYSBATCH, job.type());
        assertEquals(List.of("eu-1", "eu-2"), job.datacenters());
        assertEquals("edge", job.nodePool());
        assertEquals(List.of(new Constraint("${attr.kernel.name}", "=", "linux")), job.constraints());
        assertEquals(List.of(new Constraint("", "distinct_hosts", "true")), job.groups().get(0).constraints());
        assertEquals(List.of(new Constraint("${meta.rack}", "is_set", "")),
                job.groups().get(0).tasks().get(0).constraints());
        Job plain = parse("{\"ID\": \"x\", \"TaskGroups\": [{\"Name\": \"g\", " + TASKS + "}]}", true).job();
        assertEquals(List.of("*"), plain.datacenters(), "Nomad's default");
        assertEquals("default", plain.nodePool());
    }

    @Test
    void affinitiesAndSpreadsSayTheyHaveNoEffectOnOneNode() throws Exception {
        ApiJob.Parsed p = parse("{\"ID\": \"x\", \"Affinities\": [{\"LTarget\": \"${node.class}\", \"RTarget\":"
                + " \"big\", \"Operand\": \"=\", \"Weight\": 50}], \"TaskGroups\": [{\"Name\": \"g\", \"Spreads\":"
                + " [{\"Attribute\": \"${node.datacenter}\"}], " + TASKS + "}]}", false);
        assertEquals(List.of("Job.Affinities is not supported by Drover and is ignored: affinities have no effect on a"
                + " single node", "Job.TaskGroups[\"g\"].Spreads is not supported by Drover and is ignored: spreads have"
                + " no effect on a single node"), p.warnings());
        assertEquals(List.of(Map.of("LTarget", "${node.class}", "RTarget", "big", "Operand", "=", "Weight", 50L)),
                p.job().stanzas().get("Affinities").orElseThrow());
    }

    /** What the server adds to a scaling policy comes back in `nomad job inspect`'s JSON, and means nothing here. */
    @Test
    void aScalingPolicysBookkeepingIsPassedOver() throws Exception {
        ApiJob.Parsed p = parse("{\"ID\": \"x\", \"TaskGroups\": [{\"Name\": \"g\", \"Scaling\": {\"Min\": 1,"
                + " \"Max\": 3, \"ID\": \"5f3c\", \"Namespace\": \"default\", \"Target\": {\"Job\": \"x\"},"
                + " \"CreateIndex\": 10, \"ModifyIndex\": 12}, " + TASKS + "}]}", false);
        assertEquals(Map.of("Min", 1L, "Max", 3L), p.job().groups().get(0).stanzas().get("Scaling").orElseThrow());
    }
}
