package org.drover.jobspec.schema;

import static org.drover.jobspec.schema.Field.attr;
import static org.drover.jobspec.schema.Field.block;
import static org.drover.jobspec.schema.Field.blocks;
import static org.drover.jobspec.schema.Field.labelled;

/**
 * The stanzas a task shares with the sidecar task of a Connect service: resources, logs, volume mounts and
 * workload identities (a service has one too). They live apart from {@link TaskSchema} because a task holds
 * services and a service's sidecar task holds these: the tables are built once, when their class is first
 * used, and a cycle between two classes would leave one of them half built.
 */
public final class WorkloadSchema {

    public static final Block DEVICE = Block.of("device",
            attr("count", "Count", Kind.INT),
            blocks("constraint", "Constraints", PlacementSchema.CONSTRAINT),
            blocks("affinity", "Affinities", PlacementSchema.AFFINITY));

    public static final Block NUMA = Block.of("numa",
            attr("affinity", "Affinity", Kind.STRING),
            attr("devices", "Devices", Kind.STRINGS));

    public static final Block RESOURCES = Block.of("resources",
            attr("cpu", "CPU", Kind.INT).acted(),
            attr("cores", "Cores", Kind.INT),
            attr("memory", "MemoryMB", Kind.INT).acted(),
            attr("memory_max", "MemoryMaxMB", Kind.INT),
            attr("disk", "DiskMB", Kind.INT),
            /* Deprecated since Nomad 0.10 but still read. */
            attr("iops", "IOPS", Kind.INT),
            attr("secrets", "SecretsMB", Kind.INT),
            labelled("device", "Devices", "Name", DEVICE),
            block("numa", "NUMA", NUMA),
            /* Deprecated by Nomad in favour of the group's network, which is the same stanza. */
            blocks("network", "Networks", JobSchema.NETWORK).acted());

    /* Enabled is kept by Nomad for jobs written before Disabled replaced it. */
    public static final Block LOGS = Block.of("logs",
            attr("max_files", "MaxFiles", Kind.INT).acted(),
            attr("max_file_size", "MaxFileSizeMB", Kind.INT).acted(),
            attr("disabled", "Disabled", Kind.BOOL),
            attr("enabled", "Enabled", Kind.BOOL));

    public static final Block VOLUME_MOUNT = Block.of("volume_mount",
            attr("volume", "Volume", Kind.STRING),
            attr("destination", "Destination", Kind.STRING),
            attr("read_only", "ReadOnly", Kind.BOOL),
            attr("propagation_mode", "PropagationMode", Kind.STRING),
            attr("selinux_label", "SELinuxLabel", Kind.STRING));

    /** A workload identity: a task's, a sidecar task's or a service's. */
    public static final Block IDENTITY = Block.of("identity",
            attr("name", "Name", Kind.STRING),
            attr("aud", "Audience", Kind.STRINGS),
            attr("change_mode", "ChangeMode", Kind.STRING),
            attr("change_signal", "ChangeSignal", Kind.STRING),
            attr("env", "Env", Kind.BOOL),
            attr("file", "File", Kind.BOOL),
            attr("filepath", "Filepath", Kind.STRING),
            attr("service_name", "ServiceName", Kind.STRING),
            attr("ttl", "TTL", Kind.DURATION),
            attr("extra_claims", "ExtraClaims", Kind.STRINGS));

    private WorkloadSchema() {
    }
}
