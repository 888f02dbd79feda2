package org.drover.jobspec.schema;

import static org.drover.jobspec.schema.Field.attr;

/** {@code constraint}, {@code affinity} and {@code spread}: the stanzas written at job, group and task level. */
public final class PlacementSchema {

    public static final Block CONSTRAINT = Block.of("constraint",
            attr("attribute", "LTarget", Kind.STRING).acted(),
            attr("operator", "Operand", Kind.STRING).acted(),
            attr("value", "RTarget", Kind.STRING).acted());

    public static final Block AFFINITY = Block.of("affinity",
            attr("attribute", "LTarget", Kind.STRING),
            attr("operator", "Operand", Kind.STRING),
            attr("value", "RTarget", Kind.STRING),
            attr("weight", "Weight", Kind.INT));

    public static final Block SPREAD = Block.of("spread",
            attr("attribute", "Attribute", Kind.STRING),
            attr("weight", "Weight", Kind.INT));

    private PlacementSchema() {
    }
}
