package org.drover.jobspec.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.drover.jobspec.BrokenJobs;
import org.drover.jobspec.BrokenJobs.Mutation;
import org.drover.jobspec.Problem;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.statistics.Statistics;

/**
 * R4 for Nomad's rules: a valid job using the new fields in every stanza ({@link BrokenJobs#FULL},
 * {@link BrokenJobs#FULL_BATCH}) broken at one field with a value of the right type that Nomad refuses
 * (out of range, outside an enumeration, malformed) is reported at that field: a problem at it or under
 * it, or at the block holding it when the rule relates it to a sibling (log storage against the disk, a
 * spread's targets summed).
 */
class RuleBreakProperties {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theFullJobsBreakNoRule() throws Exception {
        assertEquals(List.of(), JobRules.check(JSON.readTree(BrokenJobs.FULL)));
        assertEquals(List.of(), JobRules.check(JSON.readTree(BrokenJobs.FULL_BATCH)));
    }

    @Property(tries = 3_000)
    void aBrokenRuleIsReportedAtTheBrokenField(@ForAll("ruleBreaks") Tuple2<String, Mutation> broken)
            throws Exception {
        JsonNode valid = JSON.readTree(broken.get1());
        Mutation m = broken.get2();
        String field = BrokenJobs.apiPath(valid, m.place().pointer());
        Statistics.collect(m.place().name());
        List<Problem> problems = JobRules.check(m.apply(valid));
        assertFalse(problems.isEmpty(), field + " = " + m.value() + " passed");
        assertTrue(problems.stream().anyMatch(p -> at(p.path(), field)), field + " = " + m.value()
                + " reported elsewhere: " + problems);
    }

    /** At the field, under it, or at the block (or list) that holds it. */
    static boolean at(String path, String field) {
        String parent = parent(field);
        return path.equals(field) || path.startsWith(field + ".") || path.startsWith(field + "[")
                || path.equals(parent) || path.equals(parent(parent));
    }

    static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut <= 0 ? path : path.substring(0, cut);
    }

    @Provide
    Arbitrary<Tuple2<String, Mutation>> ruleBreaks() {
        return Arbitraries.oneOf(List.of(BrokenJobs.FULL, BrokenJobs.FULL_BATCH).stream()
                .map(job -> BrokenJobs.ruleBreaks(job).map(m -> Tuple.of(job, m))).toList());
    }
}
