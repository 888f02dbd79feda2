package org.drover.jobspec.schema;

import static org.drover.jobspec.schema.Field.attr;
import static org.drover.jobspec.schema.Field.block;
import static org.drover.jobspec.schema.Field.blocks;
import static org.drover.jobspec.schema.Field.labelled;

/** {@code task} and the stanzas only a task has. */
public final class TaskSchema {

    /** The same blocks as {@link WorkloadSchema#RESOURCES} and {@link WorkloadSchema#LOGS}, by their task's name. */
    public static final Block RESOURCES = WorkloadSchema.RESOURCES;
    public static final Block LOGS = WorkloadSchema.LOGS;

    public static final Block CHANGE_SCRIPT = Block.of("change_script",
            attr("command", "Command", Kind.STRING),
            attr("args", "Args", Kind.STRINGS),
            attr("timeout", "Timeout", Kind.DURATION),
            attr("fail_on_error", "FailOnError", Kind.BOOL),
            attr("run_on_first_render", "RunOnFirstRender", Kind.BOOL));

    public static final Block WAIT = Block.of("wait",
            attr("min", "Min", Kind.DURATION),
            attr("max", "Max", Kind.DURATION));

    public static final Block TEMPLATE = Block.of("template",
            attr("change_mode", "ChangeMode", Kind.STRING),
            attr("change_signal", "ChangeSignal", Kind.STRING),
            block("change_script", "ChangeScript", CHANGE_SCRIPT),
            attr("data", "EmbeddedTmpl", Kind.STRING),
            attr("destination", "DestPath", Kind.STRING),
            attr("env", "Envvars", Kind.BOOL),
            attr("error_on_missing_key", "ErrMissingKey", Kind.BOOL),
            attr("left_delimiter", "LeftDelim", Kind.STRING),
            attr("right_delimiter", "RightDelim", Kind.STRING),
            attr("once", "Once", Kind.BOOL),
            attr("perms", "Perms", Kind.STRING),
            attr("uid", "Uid", Kind.INT),
            attr("gid", "Gid", Kind.INT),
            attr("source", "SourcePath", Kind.STRING),
            attr("splay", "Splay", Kind.DURATION),
            attr("vault_grace", "VaultGrace", Kind.DURATION),
            block("wait", "Wait", WAIT));

    public static final Block ARTIFACT = Block.of("artifact",
            attr("destination", "RelativeDest", Kind.STRING),
            attr("mode", "GetterMode", Kind.STRING),
            attr("options", "GetterOptions", Kind.STRING_MAP),
            attr("headers", "GetterHeaders", Kind.STRING_MAP),
            attr("source", "GetterSource", Kind.STRING),
            attr("chown", "Chown", Kind.BOOL),
            attr("insecure", "GetterInsecure", Kind.BOOL));

    public static final Block LIFECYCLE = Block.of("lifecycle",
            attr("hook", "Hook", Kind.STRING),
            attr("sidecar", "Sidecar", Kind.BOOL));

    public static final Block DISPATCH_PAYLOAD = Block.of("dispatch_payload",
            attr("file", "File", Kind.STRING));

    public static final Block CSI_PLUGIN = Block.of("csi_plugin",
            attr("id", "ID", Kind.STRING),
            attr("type", "Type", Kind.STRING),
            attr("mount_dir", "MountDir", Kind.STRING),
            attr("stage_publish_base_dir", "StagePublishBaseDir", Kind.STRING),
            attr("health_timeout", "HealthTimeout", Kind.DURATION));

    /** {@code action "name" {…}}. */
    public static final Block ACTION = Block.of("action",
            attr("command", "Command", Kind.STRING),
            attr("args", "Args", Kind.STRINGS));

    public static final Block CRON = Block.of("cron",
            attr("start", "Start", Kind.STRING),
            attr("end", "End", Kind.STRING),
            attr("timezone", "Timezone", Kind.STRING));

    public static final Block SCHEDULE = Block.of("schedule",
            block("cron", "Cron", CRON));

    /**
     * The API's Task.Identity, the task's default workload identity. It has no name in a job file:
     * there an {@code identity} block without a name, or named {@code default}, is this one (Nomad's
     * job-file reader moves it here); the others are Identities.
     */
    public static final Field DEFAULT_IDENTITY = new Field("", "Identity", Kind.BLOCK,
            WorkloadSchema.IDENTITY, null, false);

    /**
     * A task's {@code scaling "cpu"} and {@code scaling "mem"} are its vertical scaling policies: Nomad's
     * job-file reader writes the label into the policy's type as {@code vertical_cpu} or {@code vertical_mem}.
     */
    public static final Block TASK = Block.of("task",
            labelled("action", "Actions", "Name", ACTION),
            blocks("affinity", "Affinities", PlacementSchema.AFFINITY),
            blocks("artifact", "Artifacts", ARTIFACT),
            attr("config", "Config", Kind.ANY).acted(),
            blocks("constraint", "Constraints", PlacementSchema.CONSTRAINT).acted(),
            block("consul", "Consul", JobSchema.CONSUL),
            block("csi_plugin", "CSIPluginConfig", CSI_PLUGIN),
            block("dispatch_payload", "DispatchPayload", DISPATCH_PAYLOAD),
            attr("driver", "Driver", Kind.STRING).acted(),
            attr("env", "Env", Kind.STRING_MAP).acted(),
            DEFAULT_IDENTITY,
            blocks("identity", "Identities", WorkloadSchema.IDENTITY),
            attr("kill_signal", "KillSignal", Kind.STRING).acted(),
            attr("kill_timeout", "KillTimeout", Kind.DURATION).acted(),
            attr("kind", "Kind", Kind.STRING),
            attr("leader", "Leader", Kind.BOOL).acted(),
            block("lifecycle", "Lifecycle", LIFECYCLE),
            block("logs", "LogConfig", LOGS).acted(),
            attr("meta", "Meta", Kind.STRING_MAP).acted(),
            block("resources", "Resources", RESOURCES).acted(),
            block("restart", "RestartPolicy", JobSchema.RESTART),
            labelled("scaling", "ScalingPolicies", "Type", JobSchema.SCALING),
            block("schedule", "Schedule", SCHEDULE),
            labelled("secret", "Secrets", "Name", JobSchema.SECRET),
            blocks("service", "Services", ServiceSchema.SERVICE),
            attr("shutdown_delay", "ShutdownDelay", Kind.DURATION).acted(),
            blocks("template", "Templates", TEMPLATE),
            attr("user", "User", Kind.STRING).acted(),
            block("vault", "Vault", JobSchema.VAULT),
            blocks("volume_mount", "VolumeMounts", WorkloadSchema.VOLUME_MOUNT));

    private TaskSchema() {
    }
}
