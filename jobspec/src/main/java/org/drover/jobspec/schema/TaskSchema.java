package org.drover.jobspec.schema;

import static org.drover.jobspec.schema.Field.attr;
import static org.drover.jobspec.schema.Field.block;
import static org.drover.jobspec.schema.Field.blocks;

/** {@code task} and the stanzas only a task has. */
public final class TaskSchema {

    public static final Block RESOURCES = Block.of("resources",
            attr("cpu", "CPU", Kind.INT).acted(),
            attr("memory", "MemoryMB", Kind.INT).acted());

    public static final Block LOGS = Block.of("logs",
            attr("max_files", "MaxFiles", Kind.INT).acted(),
            attr("max_file_size", "MaxFileSizeMB", Kind.INT).acted());

    public static final Block TASK = Block.of("task",
            attr("driver", "Driver", Kind.STRING).acted(),
            attr("user", "User", Kind.STRING).acted(),
            attr("config", "Config", Kind.ANY).acted(),
            attr("env", "Env", Kind.STRING_MAP).acted(),
            attr("meta", "Meta", Kind.STRING_MAP).acted(),
            attr("kill_timeout", "KillTimeout", Kind.DURATION).acted(),
            attr("kill_signal", "KillSignal", Kind.STRING).acted(),
            attr("shutdown_delay", "ShutdownDelay", Kind.DURATION).acted(),
            attr("leader", "Leader", Kind.BOOL).acted(),
            block("resources", "Resources", RESOURCES).acted(),
            block("logs", "LogConfig", LOGS).acted(),
            blocks("constraint", "Constraints", PlacementSchema.CONSTRAINT).acted(),
            blocks("affinity", "Affinities", PlacementSchema.AFFINITY),
            blocks("service", "Services", ServiceSchema.SERVICE),
            block("restart", "RestartPolicy", JobSchema.RESTART));

    private TaskSchema() {
    }
}
