package org.drover.jobspec.schema;

import static org.drover.jobspec.schema.Field.attr;
import static org.drover.jobspec.schema.Field.labelled;

/** {@code constraint}, {@code affinity} and {@code spread}: the stanzas written at job, group and task level. */
public final class PlacementSchema {

    /**
     * The job-file shorthands ({@code distinct_hosts = true}, {@code version = ">= 1.2"}) have no API
     * field: the job-file reader turns each into an operator and its target, as Nomad's does.
     */
    public static final Block CONSTRAINT = Block.of("constraint",
            attr("attribute", "LTarget", Kind.STRING).acted(),
            attr("operator", "Operand", Kind.STRING).acted(),
            attr("value", "RTarget", Kind.STRING).acted(),
            attr("distinct_property", "", Kind.STRING).acted(),
            attr("distinct_hosts", "", Kind.BOOL).acted(),
            attr("regexp", "", Kind.STRING).acted(),
            attr("version", "", Kind.STRING).acted(),
            attr("semver", "", Kind.STRING).acted(),
            attr("set_contains", "", Kind.STRING).acted(),
            attr("set_contains_all", "", Kind.STRING).acted(),
            attr("set_contains_any", "", Kind.STRING).acted(),
            attr("is_set", "", Kind.STRING).acted(),
            attr("is_not_set", "", Kind.STRING).acted());

    public static final Block AFFINITY = Block.of("affinity",
            attr("attribute", "LTarget", Kind.STRING),
            attr("operator", "Operand", Kind.STRING),
            attr("value", "RTarget", Kind.STRING),
            attr("weight", "Weight", Kind.INT),
            attr("version", "", Kind.STRING),
            attr("semver", "", Kind.STRING),
            attr("regexp", "", Kind.STRING),
            attr("set_contains", "", Kind.STRING),
            attr("set_contains_all", "", Kind.STRING),
            attr("set_contains_any", "", Kind.STRING));

    public static final Block SPREAD_TARGET = Block.of("target",
            attr("percent", "Percent", Kind.INT));

    public static final Block SPREAD = Block.of("spread",
            attr("attribute", "Attribute", Kind.STRING),
            attr("weight", "Weight", Kind.INT),
            labelled("target", "SpreadTarget", "Value", SPREAD_TARGET));

    private PlacementSchema() {
    }
}
