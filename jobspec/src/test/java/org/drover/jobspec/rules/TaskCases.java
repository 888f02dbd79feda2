package org.drover.jobspec.rules;

import static org.drover.jobspec.rules.JobRulesTest.c;
import static org.drover.jobspec.rules.JobRulesTest.ok;
import static org.drover.jobspec.rules.Jobs.G;
import static org.drover.jobspec.rules.Jobs.T;
import static org.drover.jobspec.rules.Jobs.group;
import static org.drover.jobspec.rules.Jobs.job;
import static org.drover.jobspec.rules.Jobs.withTask;

import java.util.List;

import org.drover.jobspec.rules.JobRulesTest.Case;

/** A task's rules: name, driver, timeouts, resources, logs, lifecycle, files, vault and identities. */
final class TaskCases {

    private static final String TMPL = T + ".Templates[0]";
    private static final String ART = T + ".Artifacts[0]";
    private static final String ID = T + ".Identities[0]";

    private TaskCases() {
    }

    static String template(String fields) {
        return withTask(", 'Templates': [{'EmbeddedTmpl': 'x', 'DestPath': 'local/x'" + fields + "}]");
    }

    static String artifact(String fields) {
        return withTask(", 'Artifacts': [{'GetterSource': 'https://example.com/a.tgz'" + fields + "}]");
    }

    static List<Case> all() {
        return List.of(
                c("a task named alloc", job("", group("", "{'Name': 'alloc', 'Driver': 'exec'}")),
                        G + ".Tasks[\"alloc\"].Name", "Task cannot be named \"alloc\""),
                c("a task name with a slash", job("", group("", "{'Name': 'a/b', 'Driver': 'exec'}")),
                        G + ".Tasks[\"a/b\"].Name", "Task name cannot include slashes"),
                c("no driver", job("", group("", "{'Name': 't'}")), T + ".Driver", "Missing task driver"),
                c("a negative kill timeout", withTask(", 'KillTimeout': -1"), T + ".KillTimeout",
                        "KillTimeout must be a positive value"),
                c("a negative shutdown delay", withTask(", 'ShutdownDelay': '-1s'"), T + ".ShutdownDelay",
                        "ShutdownDelay must be a positive value"),
                c("cpu and cores", withTask(", 'Resources': {'CPU': 100, 'Cores': 2}"), T + ".Resources.Cores",
                        "Task can only ask for 'cpu' or 'cores' resource, not both."),
                ok("cores alone", withTask(", 'Resources': {'Cores': 2}")),
                c("negative cores", withTask(", 'Resources': {'Cores': -1}"), T + ".Resources.Cores",
                        "cores value (-1) cannot be negative"),
                c("no cpu", withTask(", 'Resources': {'CPU': 0}"), T + ".Resources.CPU", "minimum CPU value is 1; got 0"),
                c("5 MB of memory", withTask(", 'Resources': {'MemoryMB': 5}"), T + ".Resources.MemoryMB",
                        "minimum MemoryMB value is 10; got 5"),
                c("task disk", withTask(", 'Resources': {'DiskMB': 100}"), T + ".Resources.DiskMB",
                        "Task can't ask for disk resources, they have to be specified at the task group level."),
                c("a memory maximum under memory", withTask(", 'Resources': {'MemoryMB': 256, 'MemoryMaxMB': 128}"),
                        T + ".Resources.MemoryMaxMB", "MemoryMaxMB value (128) should be larger than MemoryMB value (256)"),
                ok("no memory limit", withTask(", 'Resources': {'MemoryMB': 256, 'MemoryMaxMB': -1}")),
                c("secrets over memory", withTask(", 'Resources': {'SecretsMB': 500}"), T + ".Resources.SecretsMB",
                        "SecretsMB value (500) cannot be larger than MemoryMB value (300)"),
                c("no log files", withTask(", 'LogConfig': {'MaxFiles': 0}"), T + ".LogConfig.MaxFiles",
                        "minimum number of files is 1; got 0"),
                c("empty log files", withTask(", 'LogConfig': {'MaxFileSizeMB': 0}"), T + ".LogConfig.MaxFileSizeMB",
                        "minimum file size is 1MB; got 0"),
                c("logs that fill the disk", withTask(", 'LogConfig': {'MaxFiles': 30, 'MaxFileSizeMB': 10}"),
                        T + ".LogConfig", "log storage (300 MB) must be less than requested disk capacity (300 MB)"),
                c("an unknown hook", job("", group("", Jobs.task(""), Jobs.namedTask("p",
                        ", 'Lifecycle': {'Hook': 'prerun'}"))), G + ".Tasks[\"p\"].Lifecycle.Hook", "invalid hook: prerun"),
                c("a sidecar without a hook", withTask(", 'Lifecycle': {'Sidecar': true}"), T + ".Lifecycle.Hook",
                        "no lifecycle hook provided"),
                ok("an empty lifecycle block", withTask(", 'Lifecycle': {}")),
                c("a template of nothing", withTask(", 'Templates': [{'DestPath': 'local/x'}]"), TMPL,
                        "Must specify a source path or have an embedded template"),
                c("a template without destination", withTask(", 'Templates': [{'EmbeddedTmpl': 'x'}]"),
                        TMPL + ".DestPath", "Must specify a destination for the template"),
                c("a template outside the allocation", template(", 'DestPath': '../../../etc/passwd'"),
                        TMPL + ".DestPath", "destination escapes allocation directory"),
                ok("a template in the shared alloc directory", template(", 'DestPath': '../alloc/x'")),
                c("an unknown change mode", template(", 'ChangeMode': 'reload'"), TMPL + ".ChangeMode",
                        "Invalid change mode. Must be one of the following: noop, signal, script, restart"),
                ok("signal mode with the default signal", template(", 'ChangeMode': 'signal'")),
                c("signal mode without a signal", template(", 'ChangeMode': 'signal', 'ChangeSignal': ''"),
                        TMPL + ".ChangeSignal", "Must specify signal value when change mode is signal"),
                c("a signal for an env template", template(", 'ChangeMode': 'signal', 'Envvars': true"),
                        TMPL + ".Envvars", "cannot use signals with env var templates"),
                c("script mode without a script", template(", 'ChangeMode': 'script'"), TMPL + ".ChangeScript",
                        "must specify change script configuration value when change mode is script"),
                c("a script without a command", template(", 'ChangeMode': 'script', 'ChangeScript': {}"),
                        TMPL + ".ChangeScript.Command", "must specify script path value when change mode is script"),
                c("a negative splay", template(", 'Splay': '-1s'"), TMPL + ".Splay", "Must specify positive splay value"),
                c("perms that are not octal", template(", 'Perms': '999'"), TMPL + ".Perms",
                        "Failed to parse \"999\" as octal: strconv.ParseUint: parsing \"999\": invalid syntax"),
                c("perms over 12 bits", template(", 'Perms': '17777'"), TMPL + ".Perms",
                        "Failed to parse \"17777\" as octal: strconv.ParseUint: parsing \"17777\": value out of range"),
                c("a wait min over its max", template(", 'Wait': {'Min': '10s', 'Max': '5s'}"), TMPL + ".Wait.Min",
                        "wait min 10s is greater than max 5s"),
                c("two templates to one place", withTask(", 'Templates': [{'EmbeddedTmpl': 'a', 'DestPath': 'local/x'},"
                        + " {'EmbeddedTmpl': 'b', 'DestPath': 'local/x'}]"), T + ".Templates[1].DestPath",
                        "Template 2 has same destination as 1"),
                c("an artifact without source", withTask(", 'Artifacts': [{}]"), ART + ".GetterSource",
                        "source must be specified"),
                c("an unknown artifact mode", artifact(", 'GetterMode': 'zip'"), ART + ".GetterMode",
                        "invalid artifact mode \"zip\"; must be one of: any, file, dir"),
                c("an artifact outside the allocation", artifact(", 'RelativeDest': '../../..'"), ART + ".RelativeDest",
                        "destination escapes allocation directory"),
                c("an odd checksum", artifact(", 'GetterOptions': {'checksum': 'md5:abc'}"),
                        ART + ".GetterOptions.checksum", "invalid checksum: encoding/hex: odd length hex string"),
                c("a short checksum", artifact(", 'GetterOptions': {'checksum': 'sha256:abcd'}"),
                        ART + ".GetterOptions.checksum", "invalid sha256 checksum: abcd"),
                c("an unknown checksum type", artifact(", 'GetterOptions': {'checksum': 'crc:ab'}"),
                        ART + ".GetterOptions.checksum", "unsupported checksum type: crc"),
                c("a checksum without type", artifact(", 'GetterOptions': {'checksum': 'abc'}"),
                        ART + ".GetterOptions.checksum", "checksum must be given as \"type:value\"; got \"abc\""),
                ok("an interpolated checksum", artifact(", 'GetterOptions': {'checksum': '${NOMAD_META_sum}'}")),
                ok("a payload file in the task", withTask(", 'DispatchPayload': {'File': '../../x'}")),
                c("a payload file outside the allocation", withTask(", 'DispatchPayload': {'File': '../../../x'}"),
                        T + ".DispatchPayload.File", "destination escapes allocation directory"),
                c("an unknown vault change mode", withTask(", 'Vault': {'ChangeMode': 'reload'}"),
                        T + ".Vault.ChangeMode", "Unknown change mode \"reload\""),
                c("vault signal mode without a signal", withTask(", 'Vault': {'ChangeMode': 'signal', 'ChangeSignal': ''}"),
                        T + ".Vault.ChangeSignal", "Signal must be specified when using change mode \"signal\""),
                c("an identity name with a space", withTask(", 'Identities': [{'Name': 'bad name'}]"), ID + ".Name",
                        "invalid name \"bad name\". Must match regex ^[a-zA-Z0-9-_]{1,128}$"),
                c("a second default identity", withTask(", 'Identities': [{'Name': 'default'}]"), ID + ".Name",
                        "Duplicate default identities found"),
                c("a TTL on the default identity", withTask(", 'Identity': {'TTL': '1h'}"), T + ".Identity.TTL",
                        "ttl for default identity not yet supported"),
                c("a negative TTL", withTask(", 'Identities': [{'Name': 'x', 'TTL': -1}]"), ID + ".TTL",
                        "ttl must be >= 0"),
                c("an empty audience", withTask(", 'Identities': [{'Name': 'x', 'Audience': ['a', '']}]"),
                        ID + ".Audience[1]", "an empty string is an invalid audience (2)"),
                c("identity signal mode without a signal", withTask(", 'Identities': [{'Name': 'x',"
                        + " 'ChangeMode': 'signal'}]"), ID + ".ChangeSignal",
                        "change_signal must be specified when using change_mode=\"signal\""),
                c("a secret without provider or path", withTask(", 'Secrets': [{'Name': 'db'}]"),
                        T + ".Secrets[0].Provider", "secret provider cannot be empty", T + ".Secrets[0].Path",
                        "secret path cannot be empty"),
                c("a vault secret without vault", withTask(", 'Secrets': [{'Name': 'db', 'Provider': 'vault',"
                        + " 'Path': 'kv/db'}]"), T + ".Secrets[0].Provider",
                        "Secret \"db\" has provider \"vault\" but no vault block"),
                c("two secrets named alike", withTask(", 'Secrets': [{'Name': 'db', 'Provider': 'nomad', 'Path': 'a'},"
                        + " {'Name': 'db', 'Provider': 'nomad', 'Path': 'b'}]"), T + ".Secrets[1].Name",
                        "Duplicate secret \"db\" found"),
                c("a secret name with a dash", withTask(", 'Secrets': [{'Name': 'my-db', 'Provider': 'nomad',"
                        + " 'Path': 'a'}]"), T + ".Secrets[0].Name", "secret name must match regex ^[a-zA-Z0-9_]{1,128}$"),
                c("env for a nomad secret", withTask(", 'Secrets': [{'Name': 'db', 'Provider': 'nomad', 'Path': 'a',"
                        + " 'Env': {'A': 'b'}}]"), T + ".Secrets[0].Env", "nomad provider cannot use the env block"),
                c("an action without command", withTask(", 'Actions': [{'Name': 'dump'}]"), T + ".Actions[0].Command",
                        "command cannot be empty"),
                c("two actions named alike", withTask(", 'Actions': [{'Name': 'dump', 'Command': 'a'},"
                        + " {'Name': 'dump', 'Command': 'b'}]"), T + ".Actions[1].Name", "Action dump defined multiple times"),
                c("a CSI plugin without ID", withTask(", 'CSIPluginConfig': {'Type': 'node'}"), T + ".CSIPluginConfig.ID",
                        "CSIPluginConfig must have a non-empty PluginID"),
                c("a CSI plugin of unknown type", withTask(", 'CSIPluginConfig': {'ID': 'x', 'Type': 'agent'}"),
                        T + ".CSIPluginConfig.Type",
                        "CSIPluginConfig PluginType must be one of 'node', 'controller', or 'monolith', got: \"agent\""),
                c("a device without name", withTask(", 'Resources': {'Devices': [{'Count': 1}]}"),
                        T + ".Resources.Devices[0].Name",
                        "device name must be given as one of the following: type, vendor/type, or vendor/type/name"),
                c("a device constraint on distinct hosts", withTask(", 'Resources': {'Devices': [{'Name': 'nvidia/gpu',"
                        + " 'Constraints': [{'Operand': 'distinct_hosts'}]}]}"),
                        T + ".Resources.Devices[0].Constraints[0].Operand",
                        "Constraint 1 validation failed: using unsupported operand \"distinct_hosts\""),
                c("a file path without a file", withTask(", 'Identities': [{'Name': 'x', 'Filepath': 'secrets/t'}]"),
                        ID + ".Filepath", "file parameter must be true in order to specify filepath"));
    }
}
