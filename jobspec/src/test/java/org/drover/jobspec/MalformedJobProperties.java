package org.drover.jobspec;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;

import org.drover.jobspec.BrokenJobs.Mutation;
import org.drover.jobspec.rules.JobRules;

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
 * R4: jobs broken one place at a time ({@link BrokenJobs}), ten thousand of
 * them. Each is either still a job (the change was harmless, as a deleted
 * optional field is) or refused with problems that all name a place under
 * {@code Job} and say what is wrong, one of them at the broken field or naming
 * it. Nothing else may come out: no other exception, no problem without a
 * place.
 */
class MalformedJobProperties {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Property(tries = 10_000)
    void aBrokenJobIsReadOrRefusedAtTheBrokenField(@ForAll("broken") Mutation m) throws Exception {
        JsonNode broken = m.apply(JSON.readTree(BrokenJobs.VALID));
        try {
            ApiJob.parse(broken, false);
            Statistics.collect("read");
        } catch (JobSpecException e) {
            Statistics.collect("refused");
            assertFalse(e.problems().isEmpty(), "a refusal says why");
            for (Problem p : e.problems()) {
                assertTrue(p.path().equals("Job") || p.path().startsWith("Job."), "a place under Job: " + p);
                assertFalse(p.message().isBlank(), "a message: " + p);
            }
            assertTrue(e.problems().stream().anyMatch(p -> names(p, m)), m + " refused without naming "
                    + m.named() + ": " + e.problems());
        }
        // Most breaks must be caught: a reader that took anything would pass the checks above.
        Statistics.coverage(c -> c.check("refused").percentage(p -> p > 50));
    }

    /** A rule across fields (attempts × delay within the interval) is at their object, its message naming the field. */
    static boolean names(Problem p, Mutation m) {
        String field = m.named();
        return p.path().contains(field) || p.message().toLowerCase(Locale.ROOT).contains(field.toLowerCase(Locale.ROOT))
                || p.path().equals("Job") && m.place().pointer().equals("/Job") || atItsBlock(p, m);
    }

    /** A rule over two fields (log storage against the disk) is reported at the block that holds them. */
    private static boolean atItsBlock(Problem p, Mutation m) {
        String[] steps = m.place().pointer().split("/");
        return steps.length > 2 && p.path().endsWith("." + steps[steps.length - 2]);
    }

    @Provide
    Arbitrary<Mutation> broken() {
        return BrokenJobs.of(BrokenJobs.VALID);
    }

    /**
     * Nomad's rules ({@link JobRules}) on jobs broken anywhere, in the old fields or the new: whatever the
     * value (another type, an edge number, huge text, deep nesting), no exception and no problem outside
     * {@code Job}. A value of the wrong type is the reader's to refuse; the rules pass over it.
     */
    @Property(tries = 3_000)
    void nomadsRulesNeverThrowOnABrokenJob(@ForAll("brokenAnywhere") Tuple2<String, Mutation> broken)
            throws Exception {
        JsonNode job = broken.get2().apply(JSON.readTree(broken.get1()));
        for (Problem p : JobRules.check(job)) {
            assertTrue(p.path().equals("Job") || p.path().startsWith("Job."), "a place under Job: " + p);
            assertFalse(p.message().isBlank(), "a message: " + p);
        }
    }

    @Provide
    Arbitrary<Tuple2<String, Mutation>> brokenAnywhere() {
        return Arbitraries.oneOf(List.of(BrokenJobs.VALID, BrokenJobs.FULL, BrokenJobs.FULL_BATCH).stream()
                .map(job -> BrokenJobs.of(job).map(m -> Tuple.of(job, m))).toList());
    }
}
