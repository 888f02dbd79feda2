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

    /** {@code port "http" {…}} in a task's legacy network; a port with a {@code static} value is a reserved one. */
    public static final Block PORT = Block.of("port",
            attr("static", "Value", Kind.INT),
            attr("to", "To", Kind.INT),
            attr("host_network", "HostNetwork", Kind.STRING),
            attr("ignore_collision", "IgnoreCollision", Kind.BOOL));

    public static final Block DNS = Block.of("dns",
            attr("servers", "Servers", Kind.STRINGS),
            attr("searches", "Searches", Kind.STRINGS),
            attr("options", "Options", Kind.STRINGS));

    public static final Block CNI = Block.of("cni",
            attr("args", "Args", Kind.STRING_MAP));

    /**
     * {@code resources { network {…} }}, deprecated by Nomad in favour of the group's network. When a
     * network has {@code port} blocks, Nomad's job-file reader files those with a {@code static} value
     * under ReservedPorts (in place of any {@code reserved_ports} blocks) and the others under DynamicPorts.
     */
    public static final Block LEGACY_NETWORK = Block.of("network",
            attr("mbits", "MBits", Kind.INT),
            attr("mode", "Mode", Kind.STRING),
            attr("device", "Device", Kind.STRING),
            attr("cidr", "CIDR", Kind.STRING),
            attr("ip", "IP", Kind.STRING),
            attr("hostname", "Hostname", Kind.STRING),
            block("dns", "DNS", DNS),
            block("cni", "CNI", CNI),
            labelled("port", "DynamicPorts", "Label", PORT),
            labelled("reserved_ports", "ReservedPorts", "Label", PORT));

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
            blocks("network", "Networks", LEGACY_NETWORK));

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
