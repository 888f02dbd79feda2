package org.drover.runner.api.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** What makes two submissions of a job the same one. */
class JobTest {

    static Job job(String spec, long version, String command) {
        TaskGroup g = new TaskGroup("g", 1, RestartPolicy.defaultFor(JobType.SERVICE), Map.of(),
                List.of(Task.of("t", "raw_exec", Map.of("command", command))));
        return new Job("web", "web", JobType.SERVICE, "global", "dc1", "default", Map.of(), List.of(g), spec, version);
    }

    @Test
    void theVersionIsNotPartOfTheSubmission() {
        assertTrue(job("a1", 0, "/bin/app").sameSpec(job("a1", 3, "/bin/app")));
        assertFalse(job("a1", 0, "/bin/app").sameSpec(job("b2", 0, "/bin/app")), "a stanza the model lacks changed");
        assertFalse(job("a1", 0, "/bin/app").sameSpec(job("a1", 0, "/bin/other")));
    }

    @Test
    void aJobStoredBeforeSpecsWereKeptIsComparedByItsModel() {
        assertTrue(job("", 0, "/bin/app").sameSpec(job("a1", 0, "/bin/app")), "an upgrade changes no job");
        assertTrue(job("a1", 0, "/bin/app").sameSpec(job("", 2, "/bin/app")));
        assertFalse(job("", 0, "/bin/app").sameSpec(job("a1", 0, "/bin/other")));
    }
}
