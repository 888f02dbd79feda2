package org.drover.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.BiConsumer;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Placement failures as the agent's evaluation JSON carries them, printed in Nomad's CLI wording. */
class PlacementFailuresTest {

    /** An evaluation as {@code GET /v1/evaluation/:id} answers, for a job with two groups that did not fit. */
    static final String EVAL = """
            {"ID": "e7a1c000-1111-4222-8333-444444444444", "Status": "complete", "TriggeredBy": "job-register",
             "BlockedEval": "b10cced0-5555-4666-8777-888888888888", "CreateIndex": 20,
             "FailedTGAllocs": {
               "web": {"NodesEvaluated": 1, "NodesFiltered": 0, "NodesInPool": 1, "NodePool": "default",
                       "NodesAvailable": {"dc1": 1}, "ClassFiltered": null, "ConstraintFiltered": null,
                       "NodesExhausted": 1, "ClassExhausted": null,
                       "DimensionExhausted": {"max allocation exceeded": 1}, "QuotaExhausted": null,
                       "CoalescedFailures": 2},
               "cache": {"NodesEvaluated": 1, "NodesFiltered": 1, "NodesInPool": 1, "NodePool": "default",
                         "NodesAvailable": {"dc1": 1}, "ClassFiltered": {"storage": 1},
                         "ConstraintFiltered": {"${attr.kernel.name} = windows": 1}, "NodesExhausted": 0,
                         "CoalescedFailures": 0}}}
            """;

    static String print(String json, BiConsumer<PrintWriter, JsonNode> how) throws Exception {
        StringWriter text = new StringWriter();
        try (PrintWriter out = new PrintWriter(text)) {
            how.accept(out, new ObjectMapper().readTree(json));
        }
        return text.toString().replace(System.lineSeparator(), "\n");
    }

    @Test
    void theMonitorSaysWhatFailedAndThatTheRestWaits() throws Exception {
        assertEquals("""
                ==> Evaluation "e7a1c000" finished with status "complete" but failed to place all allocations:
                    Task Group "cache" (failed to place 1 allocation):
                      * Class "storage": 1 nodes excluded by filter
                      * Constraint "${attr.kernel.name} = windows": 1 nodes excluded by filter
                    Task Group "web" (failed to place 3 allocations):
                      * Resources exhausted on 1 nodes
                      * Dimension "max allocation exceeded" exhausted on 1 nodes
                    Evaluation "b10cced0" waiting for additional capacity to place remainder
                """, print(EVAL, PlacementFailures::monitor));
    }

    @Test
    void jobStatusHasAPlacementFailureSection() throws Exception {
        assertEquals("""

                Placement Failure
                Task Group "cache":
                  * Class "storage": 1 nodes excluded by filter
                  * Constraint "${attr.kernel.name} = windows": 1 nodes excluded by filter

                Task Group "web":
                  * Resources exhausted on 1 nodes
                  * Dimension "max allocation exceeded" exhausted on 1 nodes
                """, print(EVAL, PlacementFailures::section));
    }

    @Test
    void aNodeOutsideTheJobsDatacentersIsNoNodeEligible() throws Exception {
        String eval = "{\"ID\": \"12345678-aaaa\", \"Status\": \"complete\", \"FailedTGAllocs\": {\"g\":"
                + " {\"NodesEvaluated\": 0, \"NodesAvailable\": {}, \"CoalescedFailures\": 0}}}";
        assertEquals("""
                ==> Evaluation "12345678" finished with status "complete" but failed to place all allocations:
                    Task Group "g" (failed to place 1 allocation):
                      * No nodes were eligible for evaluation
                """, print(eval, PlacementFailures::monitor));
    }

    @Test
    void anEvaluationWithoutFailuresHasNone() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertEquals(false, PlacementFailures.any(json.readTree("{\"FailedTGAllocs\": null}")));
        assertEquals(false, PlacementFailures.any(json.readTree("{}")));
        assertEquals(true, PlacementFailures.any(json.readTree(EVAL)));
    }

    @Test
    void quotingIsGos() {
        assertEquals("\"a \\\"b\\\" \\\\ \\n\\x01\"", PlacementFailures.quote("a \"b\" \\ \n\u0001"));
    }
}
