package org.drover.jobspec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.drover.runner.api.model.Job;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** What Nomad's decoder accepts and refuses of a submitted job, and what makes a new version. */
class SubmittedJobTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String GROUPS = "\"TaskGroups\": [{\"Name\": \"g\", \"Tasks\": [{\"Name\": \"t\","
            + " \"Driver\": \"raw_exec\", \"Config\": {\"command\": \"/bin/true\"}}]}]";

    static Job job(String json) throws Exception {
        return ApiJob.parse(JSON.readTree(json), false).job();
    }

    static List<String> problems(String json) {
        return assertThrows(JobSpecException.class, () -> ApiJob.parse(JSON.readTree(json), false)).problems()
                .stream().map(Problem::toString).toList();
    }

    @Test
    void keysMatchWhateverTheirCaseAsGoDecodesThem() throws Exception {
        Job job = job("{\"job\": {\"id\": \"web\", \"type\": \"batch\", \"taskgroups\": [{\"name\": \"g\", \"count\": 2,"
                + " \"tasks\": [{\"name\": \"t\", \"driver\": \"raw_exec\", \"killtimeout\": \"3s\","
                + " \"config\": {\"command\": \"/bin/true\"}}]}]}}");
        assertEquals("web", job.id());
        assertEquals(2, job.groups().get(0).count());
        assertEquals(java.time.Duration.ofSeconds(3), job.groups().get(0).tasks().get(0).killTimeout());
        assertEquals(List.of("Job.jobs: unknown field", "Job.ID: is required", "Job.TaskGroups: needs at least one entry"),
                problems("{\"jobs\": {\"ID\": \"web\"}}"), "a key that is not Job is not the job");
    }

    @Test
    void aJobIdWithASpaceIsRefusedInNomadsWords() {
        assertEquals(List.of("Job.ID: Job ID contains a space"), problems("{\"ID\": \"my job\", " + GROUPS + "}"));
    }

    @Test
    void periodicAndParameterizedJobsAreRefusedRatherThanRunAtOnce() {
        assertEquals(List.of("Job.Periodic: periodic jobs are not supported yet: Drover would run this job at once,"
                + " not on its schedule"), problems("{\"ID\": \"nightly\", \"Type\": \"batch\", \"Periodic\":"
                + " {\"Spec\": \"0 3 * * *\", \"Enabled\": true}, " + GROUPS + "}"));
        assertEquals(List.of("Job.ParameterizedJob: parameterized jobs are not supported yet: Drover would run this"
                + " job at once, not when it is dispatched"), problems("{\"ID\": \"render\", \"Type\": \"batch\","
                + " \"ParameterizedJob\": {\"Payload\": \"required\"}, " + GROUPS + "}"));
    }

    @Test
    void anyChangeToWhatWasSubmittedIsANewSpecAndBookkeepingIsNot() throws Exception {
        Job base = job("{\"ID\": \"web\", " + GROUPS + "}");
        assertEquals(base, job("{\"ID\": \"web\", \"SubmitTime\": 1700000000, \"Version\": 4, \"Stop\": true, "
                + GROUPS + "}"), "what Nomad's tools add is not the job");
        assertEquals(base, job("{" + GROUPS + ", \"ID\": \"web\"}"), "key order does not matter");
        assertEquals(base, job("{\"ID\": \"web\", \"Type\": \"service\", \"Region\": \"global\", "
                + GROUPS.replace("\"Name\": \"g\",", "\"Name\": \"g\", \"Count\": 1,") + "}"),
                "a default written out is no change");
        Job constrained = job("{\"ID\": \"web\", \"Constraints\": [{\"LTarget\": \"${attr.kernel.name}\","
                + " \"RTarget\": \"linux\", \"Operand\": \"=\"}], " + GROUPS + "}");
        assertEquals(List.of(new org.drover.runner.api.model.Constraint("${attr.kernel.name}", "=", "linux")),
                constrained.constraints());
        assertNotEquals(base, constrained);
        Job updated = job("{\"ID\": \"web\", \"Update\": {\"MaxParallel\": 2}, " + GROUPS + "}");
        assertEquals(base.groups(), updated.groups(), "Drover does not act on an update stanza yet");
        assertNotEquals(base, updated, "but it is a change all the same");
        assertNotEquals(base.spec(), updated.spec());
    }
}
