package org.drover.jobspec.schema;

import static org.drover.jobspec.schema.Field.apiOnly;
import static org.drover.jobspec.schema.Field.attr;
import static org.drover.jobspec.schema.Field.block;
import static org.drover.jobspec.schema.Field.blocks;
import static org.drover.jobspec.schema.Field.keyed;
import static org.drover.jobspec.schema.Field.labelled;

/** {@code job}, {@code group} and the stanzas written at those levels. */
public final class JobSchema {

    public static final Block RESTART = Block.of("restart",
            attr("attempts", "Attempts", Kind.INT).acted(),
            attr("interval", "Interval", Kind.DURATION).acted(),
            attr("delay", "Delay", Kind.DURATION).acted(),
            attr("mode", "Mode", Kind.STRING).acted(),
            attr("render_templates", "RenderTemplates", Kind.BOOL));

    /** Written at job, group and task level; the API has it on tasks only. */
    public static final Block VAULT = Block.of("vault",
            attr("policies", "Policies", Kind.STRINGS),
            attr("role", "Role", Kind.STRING),
            attr("namespace", "Namespace", Kind.STRING),
            attr("cluster", "Cluster", Kind.STRING),
            attr("env", "Env", Kind.BOOL),
            attr("disable_file", "DisableFile", Kind.BOOL),
            attr("change_mode", "ChangeMode", Kind.STRING),
            attr("change_signal", "ChangeSignal", Kind.STRING),
            attr("allow_token_expiration", "AllowTokenExpiration", Kind.BOOL));

    /** Written at job, group and task level; the API has it on tasks only. */
    public static final Block SECRET = Block.of("secret",
            attr("provider", "Provider", Kind.STRING),
            attr("path", "Path", Kind.STRING),
            attr("config", "Config", Kind.ANY),
            attr("env", "Env", Kind.STRING_MAP));

    /** Written at group and task level. */
    public static final Block CONSUL = Block.of("consul",
            attr("namespace", "Namespace", Kind.STRING),
            attr("cluster", "Cluster", Kind.STRING),
            attr("partition", "Partition", Kind.STRING));

    /** Written at job and group level. */
    public static final Block UPDATE = Block.of("update",
            attr("stagger", "Stagger", Kind.DURATION),
            attr("max_parallel", "MaxParallel", Kind.INT),
            attr("health_check", "HealthCheck", Kind.STRING),
            attr("min_healthy_time", "MinHealthyTime", Kind.DURATION),
            attr("healthy_deadline", "HealthyDeadline", Kind.DURATION),
            attr("progress_deadline", "ProgressDeadline", Kind.DURATION),
            attr("canary", "Canary", Kind.INT),
            attr("auto_revert", "AutoRevert", Kind.BOOL),
            attr("auto_promote", "AutoPromote", Kind.BOOL));

    /** Written at job and group level. */
    public static final Block MIGRATE = Block.of("migrate",
            attr("max_parallel", "MaxParallel", Kind.INT),
            attr("health_check", "HealthCheck", Kind.STRING),
            attr("min_healthy_time", "MinHealthyTime", Kind.DURATION),
            attr("healthy_deadline", "HealthyDeadline", Kind.DURATION));

    /** Written at job and group level. */
    public static final Block RESCHEDULE = Block.of("reschedule",
            attr("attempts", "Attempts", Kind.INT),
            attr("interval", "Interval", Kind.DURATION),
            attr("delay", "Delay", Kind.DURATION),
            attr("delay_function", "DelayFunction", Kind.STRING),
            attr("max_delay", "MaxDelay", Kind.DURATION),
            attr("unlimited", "Unlimited", Kind.BOOL));

    /** A job file's {@code cron} and {@code crons} set the API's {@code SpecType} to {@code cron}. */
    public static final Block PERIODIC = Block.of("periodic",
            attr("enabled", "Enabled", Kind.BOOL),
            attr("cron", "Spec", Kind.STRING),
            attr("crons", "Specs", Kind.STRINGS),
            apiOnly("SpecType", Kind.STRING),
            attr("prohibit_overlap", "ProhibitOverlap", Kind.BOOL),
            attr("time_zone", "TimeZone", Kind.STRING));

    public static final Block PARAMETERIZED = Block.of("parameterized",
            attr("payload", "Payload", Kind.STRING),
            attr("meta_required", "MetaRequired", Kind.STRINGS),
            attr("meta_optional", "MetaOptional", Kind.STRINGS));

    public static final Block MULTIREGION_STRATEGY = Block.of("strategy",
            attr("max_parallel", "MaxParallel", Kind.INT),
            attr("on_failure", "OnFailure", Kind.STRING));

    public static final Block MULTIREGION_REGION = Block.of("region",
            attr("count", "Count", Kind.INT),
            attr("datacenters", "Datacenters", Kind.STRINGS),
            attr("node_pool", "NodePool", Kind.STRING),
            attr("meta", "Meta", Kind.STRING_MAP));

    public static final Block MULTIREGION = Block.of("multiregion",
            block("strategy", "Strategy", MULTIREGION_STRATEGY),
            labelled("region", "Regions", "Name", MULTIREGION_REGION));

    public static final Block UI_LINK = Block.of("link",
            attr("label", "Label", Kind.STRING),
            attr("url", "URL", Kind.STRING));

    public static final Block UI = Block.of("ui",
            attr("description", "Description", Kind.STRING),
            blocks("link", "Links", UI_LINK));

    public static final Block DISCONNECT = Block.of("disconnect",
            attr("lost_after", "LostAfter", Kind.DURATION),
            attr("stop_on_client_after", "StopOnClientAfter", Kind.DURATION),
            attr("replace", "Replace", Kind.BOOL),
            attr("reconcile", "Reconcile", Kind.STRING));

    /** A job file's {@code size} is the API's {@code SizeMB}. */
    public static final Block EPHEMERAL_DISK = Block.of("ephemeral_disk",
            attr("sticky", "Sticky", Kind.BOOL),
            attr("migrate", "Migrate", Kind.BOOL),
            attr("size", "SizeMB", Kind.INT));

    /** A job file's {@code static} is the API's {@code Value}. */
    public static final Block PORT = Block.of("port",
            attr("static", "Value", Kind.INT).acted(),
            attr("to", "To", Kind.INT).acted(),
            attr("host_network", "HostNetwork", Kind.STRING).acted(),
            attr("ignore_collision", "IgnoreCollision", Kind.BOOL).acted());

    public static final Block DNS = Block.of("dns",
            attr("servers", "Servers", Kind.STRINGS).acted(),
            attr("searches", "Searches", Kind.STRINGS).acted(),
            attr("options", "Options", Kind.STRINGS).acted());

    public static final Block CNI = Block.of("cni",
            attr("args", "Args", Kind.STRING_MAP));

    /**
     * A group's {@code network}, also a task's {@code resources.network}. A job file's
     * {@code port "label"} with {@code static} set is one of the API's {@code ReservedPorts}, without
     * it one of its {@code DynamicPorts}.
     */
    public static final Block NETWORK = Block.of("network",
            attr("mode", "Mode", Kind.STRING).acted(),
            attr("device", "Device", Kind.STRING),
            attr("cidr", "CIDR", Kind.STRING),
            attr("ip", "IP", Kind.STRING),
            attr("hostname", "Hostname", Kind.STRING).acted(),
            attr("mbits", "MBits", Kind.INT),
            block("dns", "DNS", DNS).acted(),
            labelled("reserved_ports", "ReservedPorts", "Label", PORT).acted(),
            labelled("port", "DynamicPorts", "Label", PORT).acted(),
            block("cni", "CNI", CNI));

    public static final Block MOUNT_OPTIONS = Block.of("mount_options",
            attr("fs_type", "FSType", Kind.STRING),
            attr("mount_flags", "MountFlags", Kind.STRINGS));

    public static final Block VOLUME = Block.of("volume",
            attr("type", "Type", Kind.STRING),
            attr("source", "Source", Kind.STRING),
            attr("read_only", "ReadOnly", Kind.BOOL),
            attr("sticky", "Sticky", Kind.BOOL),
            attr("access_mode", "AccessMode", Kind.STRING),
            attr("attachment_mode", "AttachmentMode", Kind.STRING),
            block("mount_options", "MountOptions", MOUNT_OPTIONS),
            attr("per_alloc", "PerAlloc", Kind.BOOL));

    /**
     * A group's {@code scaling}, also a task's. The API's other fields of a policy (ID, Namespace,
     * Target, CreateIndex, ModifyIndex) are the server's bookkeeping, which the API reader passes over.
     */
    public static final Block SCALING = Block.of("scaling",
            attr("min", "Min", Kind.INT),
            attr("max", "Max", Kind.INT),
            attr("policy", "Policy", Kind.ANY),
            attr("enabled", "Enabled", Kind.BOOL),
            attr("type", "Type", Kind.STRING));

    /** A group's {@code vault} and {@code secret} go to each of its tasks, as Nomad's reader puts them. */
    public static final Block GROUP = Block.of("group",
            attr("count", "Count", Kind.INT).acted(),
            blocks("constraint", "Constraints", PlacementSchema.CONSTRAINT).acted(),
            blocks("affinity", "Affinities", PlacementSchema.AFFINITY),
            blocks("spread", "Spreads", PlacementSchema.SPREAD),
            labelled("task", "Tasks", "Name", TaskSchema.TASK).acted(),
            keyed("volume", "Volumes", "Name", VOLUME),
            block("restart", "RestartPolicy", RESTART).acted(),
            block("disconnect", "Disconnect", DISCONNECT),
            block("reschedule", "ReschedulePolicy", RESCHEDULE),
            block("ephemeral_disk", "EphemeralDisk", EPHEMERAL_DISK),
            block("update", "Update", UPDATE),
            block("migrate", "Migrate", MIGRATE),
            blocks("network", "Networks", NETWORK).acted(),
            attr("meta", "Meta", Kind.STRING_MAP).acted(),
            blocks("service", "Services", ServiceSchema.SERVICE),
            attr("shutdown_delay", "ShutdownDelay", Kind.DURATION),
            attr("max_run_duration", "MaxRunDuration", Kind.DURATION),
            attr("stop_after_client_disconnect", "StopAfterClientDisconnect", Kind.DURATION),
            attr("max_client_disconnect", "MaxClientDisconnect", Kind.DURATION),
            block("scaling", "Scaling", SCALING),
            block("consul", "Consul", CONSUL),
            attr("prevent_reschedule_on_lost", "PreventRescheduleOnLost", Kind.BOOL),
            block("vault", "", VAULT),
            labelled("secret", "", "Name", SECRET));

    /**
     * A job's {@code vault} and {@code secret} go to each of its tasks, and its {@code task} shorthand
     * becomes a group of the same name, as Nomad's reader does; {@code vault_token} and
     * {@code consul_token} are Nomad 1.x's (up to 1.9).
     */
    public static final Block JOB = Block.of("job",
            attr("id", "ID", Kind.STRING).acted(),
            attr("name", "Name", Kind.STRING).acted(),
            attr("type", "Type", Kind.STRING).acted(),
            attr("region", "Region", Kind.STRING).acted(),
            attr("namespace", "Namespace", Kind.STRING).acted(),
            attr("datacenters", "Datacenters", Kind.STRINGS).acted(),
            attr("node_pool", "NodePool", Kind.STRING).acted(),
            attr("priority", "Priority", Kind.INT),
            attr("all_at_once", "AllAtOnce", Kind.BOOL),
            blocks("constraint", "Constraints", PlacementSchema.CONSTRAINT).acted(),
            blocks("affinity", "Affinities", PlacementSchema.AFFINITY),
            blocks("spread", "Spreads", PlacementSchema.SPREAD),
            labelled("group", "TaskGroups", "Name", GROUP).acted(),
            block("update", "Update", UPDATE),
            block("multiregion", "Multiregion", MULTIREGION),
            block("periodic", "Periodic", PERIODIC),
            block("parameterized", "ParameterizedJob", PARAMETERIZED),
            block("reschedule", "Reschedule", RESCHEDULE),
            block("migrate", "Migrate", MIGRATE),
            attr("meta", "Meta", Kind.STRING_MAP).acted(),
            block("ui", "UI", UI),
            attr("consul_token", "ConsulToken", Kind.STRING),
            attr("vault_token", "VaultToken", Kind.STRING),
            block("vault", "", VAULT),
            labelled("secret", "", "Name", SECRET),
            labelled("task", "", "Name", TaskSchema.TASK).acted());

    private JobSchema() {
    }
}
