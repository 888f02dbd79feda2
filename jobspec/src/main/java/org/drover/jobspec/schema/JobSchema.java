package org.drover.jobspec.schema;

import static org.drover.jobspec.schema.Field.attr;
import static org.drover.jobspec.schema.Field.block;
import static org.drover.jobspec.schema.Field.blocks;
import static org.drover.jobspec.schema.Field.labelled;

/** {@code job}, {@code group} and the stanzas written at those levels. */
public final class JobSchema {

    public static final Block RESTART = Block.of("restart",
            attr("attempts", "Attempts", Kind.INT).acted(),
            attr("interval", "Interval", Kind.DURATION).acted(),
            attr("delay", "Delay", Kind.DURATION).acted(),
            attr("mode", "Mode", Kind.STRING).acted(),
            attr("render_templates", "RenderTemplates", Kind.BOOL));

    /** Written at job, group and task level. */
    public static final Block VAULT = Block.of("vault",
            attr("policies", "Policies", Kind.STRINGS),
            attr("role", "Role", Kind.STRING));

    /** Written at job, group and task level. */
    public static final Block CONSUL = Block.of("consul",
            attr("namespace", "Namespace", Kind.STRING));

    public static final Block GROUP = Block.of("group",
            attr("count", "Count", Kind.INT).acted(),
            attr("meta", "Meta", Kind.STRING_MAP).acted(),
            block("restart", "RestartPolicy", RESTART).acted(),
            blocks("constraint", "Constraints", PlacementSchema.CONSTRAINT).acted(),
            blocks("service", "Services", ServiceSchema.SERVICE),
            labelled("task", "Tasks", "Name", TaskSchema.TASK).acted());

    public static final Block JOB = Block.of("job",
            attr("type", "Type", Kind.STRING).acted(),
            attr("name", "Name", Kind.STRING).acted(),
            attr("region", "Region", Kind.STRING).acted(),
            attr("namespace", "Namespace", Kind.STRING).acted(),
            attr("datacenters", "Datacenters", Kind.STRINGS).acted(),
            attr("node_pool", "NodePool", Kind.STRING).acted(),
            attr("meta", "Meta", Kind.STRING_MAP).acted(),
            blocks("constraint", "Constraints", PlacementSchema.CONSTRAINT).acted(),
            labelled("group", "TaskGroups", "Name", GROUP).acted());

    private JobSchema() {
    }
}
