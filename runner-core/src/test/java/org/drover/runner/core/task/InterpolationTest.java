package org.drover.runner.core.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class InterpolationTest {

    final Interpolation i = new Interpolation(Map.of("NOMAD_ALLOC_ID", "a1", "HOME", "/root"),
            Map.of("owner", "ops"), "global", "dc1");

    @Test
    void referencesResolveAndUnknownOnesStayAsWritten() {
        assertEquals("a1 /root ops global dc1 ${nothing} ${node.unique.name}",
                i.apply("${NOMAD_ALLOC_ID} ${env.HOME} ${meta.owner} ${node.region} ${node.datacenter} ${nothing}"
                        + " ${node.unique.name}"));
        assertEquals("no references, $HOME and $ alone", i.apply("no references, $HOME and $ alone"));
    }

    @Test
    void configStringsAreInterpolatedAtAnyDepthOtherValuesKept() {
        assertEquals(Map.of("args", List.of("--id", "a1"), "n", 3L, "m", Map.of("k", "a1!")),
                i.apply(Map.of("args", List.of("--id", "${NOMAD_ALLOC_ID}"), "n", 3L,
                        "m", Map.of("k", "${NOMAD_ALLOC_ID}!"))));
    }
}
