package org.drover.jobspec.rules;

import static org.drover.jobspec.rules.JobRulesTest.c;
import static org.drover.jobspec.rules.JobRulesTest.ok;
import static org.drover.jobspec.rules.Jobs.G;
import static org.drover.jobspec.rules.Jobs.T;
import static org.drover.jobspec.rules.Jobs.batchWithGroup;
import static org.drover.jobspec.rules.Jobs.group;
import static org.drover.jobspec.rules.Jobs.job;
import static org.drover.jobspec.rules.Jobs.namedTask;
import static org.drover.jobspec.rules.Jobs.task;
import static org.drover.jobspec.rules.Jobs.withGroup;

import java.util.List;

import org.drover.jobspec.rules.JobRulesTest.Case;

/** A group's own rules: count, tasks, run duration, disk, scaling, volumes and network. */
final class GroupCases {

    private static final String SYSTEM = ", 'Type': 'system'";
    private static final String PORTS = G + ".Networks[0].ReservedPorts";

    private GroupCases() {
    }

    static List<Case> all() {
        return List.of(
                c("a negative count", withGroup(", 'Count': -1"), G + ".Count", "Task group count can't be negative"),
                c("no tasks", job("", "{'Name': 'g', 'Tasks': []}"), G + ".Tasks", "Missing tasks for task group"),
                c("two tasks named alike", job("", group("", task(""), task(""))), T + ".Name",
                        "Task 2 redefines 't' from task 1"),
                c("a nameless task", job("", group("", "{'Driver': 'exec'}")), G + ".Tasks[\"\"].Name",
                        "Task 1 missing name", G + ".Tasks[\"\"].Name", "Missing task name"),
                c("two leaders", job("", group("", namedTask("a", ", 'Leader': true"),
                        namedTask("b", ", 'Leader': true"))), G + ".Tasks", "Only one task may be marked as leader"),
                c("only lifecycle tasks", job("", group("", task(", 'Lifecycle': {'Hook': 'prestart'}"))),
                        G + ".Tasks", "Task group g must have at least one main task"),
                ok("a prestart sidecar beside a main task", job("", group("", task(""),
                        namedTask("side", ", 'Lifecycle': {'Hook': 'prestart', 'Sidecar': true}")))),
                c("a service's max run duration", withGroup(", 'MaxRunDuration': '1h'"), G + ".MaxRunDuration",
                        "Job type \"service\" does not allow max_run_duration"),
                c("a zero max run duration", batchWithGroup(", 'MaxRunDuration': 0"), G + ".MaxRunDuration",
                        "MaxRunDuration must be greater than zero"),
                c("a disk of 5 MB", withGroup(", 'EphemeralDisk': {'SizeMB': 5}"), G + ".EphemeralDisk.SizeMB",
                        "minimum DiskMB value is 10; got 5", T + ".LogConfig",
                        "log storage (100 MB) must be less than requested disk capacity (5 MB)"),
                c("a scaling maximum under the count", withGroup(", 'Count': 2, 'Scaling': {'Max': 1}"),
                        G + ".Scaling.Max", "Scaling policy invalid: maximum count must not be less than minimum count",
                        G + ".Count", "Scaling policy invalid: task group count must not be greater than maximum count"
                                + " in scaling policy"),
                c("a scaling policy without a maximum", withGroup(", 'Scaling': {'Min': 1}"), G + ".Scaling.Max",
                        "Scaling policy invalid: maximum count must be specified and non-negative", G + ".Count",
                        "Scaling policy invalid: task group count must not be greater than maximum count"
                                + " in scaling policy"),
                c("a count under the scaling minimum", withGroup(", 'Count': 1, 'Scaling': {'Min': 2, 'Max': 3}"),
                        G + ".Count", "Scaling policy invalid: task group count must not be less than minimum count"
                                + " in scaling policy"),
                ok("a count taken from the scaling minimum", withGroup(", 'Scaling': {'Min': 3, 'Max': 5}")),
                c("a volume of unknown type", withGroup(", 'Volumes': {'data': {'Type': 'nfs'}}"),
                        G + ".Volumes[\"data\"].Type", "volume has unrecognized type nfs"),
                c("a host volume without a source", withGroup(", 'Volumes': {'data': {'Type': 'host'}}"),
                        G + ".Volumes[\"data\"].Source", "volume has an empty source"),
                c("a host volume with a CSI access mode", withGroup(", 'Volumes': {'data': {'Type': 'host',"
                        + " 'Source': 'd', 'AccessMode': 'multi-node-multi-writer'}}"), G + ".Volumes[\"data\"].AccessMode",
                        "host volumes cannot be mounted with multi-node-multi-writer access mode"),
                c("a CSI volume without modes", withGroup(", 'Volumes': {'data': {'Type': 'csi', 'Source': 'd'}}"),
                        G + ".Volumes[\"data\"].AttachmentMode", "CSI volumes must have an attachment mode",
                        G + ".Volumes[\"data\"].AccessMode", "CSI volumes must have an access mode"),
                c("a shared single reader volume", withGroup(", 'Count': 2, 'Volumes': {'data': {'Type': 'csi',"
                        + " 'Source': 'd', 'AttachmentMode': 'file-system', 'AccessMode': 'single-node-reader-only'}}"),
                        G + ".Volumes[\"data\"].ReadOnly", "single-node-reader-only volumes must be read-only",
                        G + ".Volumes[\"data\"].AccessMode",
                        "volume with single-node-reader-only access mode allows only one reader"),
                c("a per-alloc volume in a system job", job(SYSTEM, group(", 'Volumes': {'data': {'Type': 'host',"
                        + " 'Source': 'd', 'PerAlloc': true}}")), G + ".Volumes[\"data\"].PerAlloc",
                        "volume cannot be per_alloc for system or sysbatch jobs"),
                c("a per-alloc volume with canaries", withGroup(", 'Update': {'Canary': 1}, 'Volumes': {'data':"
                        + " {'Type': 'host', 'Source': 'd', 'PerAlloc': true}}"), G + ".Volumes[\"data\"].PerAlloc",
                        "volume cannot be per_alloc when canaries are in use"),
                c("a mount of an undeclared volume", Jobs.withTask(", 'VolumeMounts': [{'Volume': 'logs'}]"),
                        T + ".VolumeMounts[0].Volume", "Volume Mount (0) references undefined volume logs"),
                c("a mount with an unknown propagation", job("", group(", 'Volumes': {'logs': {'Type': 'host',"
                        + " 'Source': 'l'}}", task(", 'VolumeMounts': [{'Volume': 'logs', 'PropagationMode': 'shared'}]"))),
                        T + ".VolumeMounts[0].PropagationMode", "volume mount has an invalid propagation mode: \"shared\""),
                c("a port label used twice", withGroup(", 'Networks': [{'ReservedPorts': [{'Label': 'http', 'Value': 80},"
                        + " {'Label': 'http', 'Value': 81}]}]"), PORTS + "[1].Label",
                        "Port label http already in use by taskgroup network"),
                c("a static port used twice", withGroup(", 'Networks': [{'ReservedPorts': [{'Label': 'a', 'Value': 80},"
                        + " {'Label': 'b', 'Value': 80}]}]"), PORTS + "[1].Value",
                        "Static port 80 already reserved by taskgroup network:a"),
                ok("a static port used twice with collisions ignored", withGroup(", 'Networks': [{'ReservedPorts':"
                        + " [{'Label': 'a', 'Value': 80}, {'Label': 'b', 'Value': 80, 'IgnoreCollision': true}]}]")),
                c("a port over 65535", withGroup(", 'Networks': [{'ReservedPorts': [{'Label': 'a', 'Value': 70000}]}]"),
                        PORTS + "[0].Value", "Port a (70000) cannot be greater than 65535"),
                c("a port mapped to -2", withGroup(JobRulesTest.net("{'Label': 'a', 'To': -2}")),
                        G + ".Networks[0].DynamicPorts[0].To", "Port \"a\" cannot be mapped to negative value -2"),
                c("a port mapped over 65535", withGroup(JobRulesTest.net("{'Label': 'a', 'To': 70000}")),
                        G + ".Networks[0].DynamicPorts[0].To",
                        "Port \"a\" cannot be mapped to a port (70000) greater than 65535"),
                c("an ignored collision in bridge mode", withGroup(", 'Networks': [{'Mode': 'bridge', 'ReservedPorts':"
                        + " [{'Label': 'a', 'Value': 80, 'IgnoreCollision': true}]}]"), PORTS + "[0].IgnoreCollision",
                        "Port \"a\" collision may not be ignored on non-host network mode \"bridge\""),
                c("a hostname that is not a DNS name", withGroup(", 'Networks': [{'Hostname': 'a..b'}]"),
                        G + ".Networks[0].Hostname", "Hostname is not a valid DNS name"),
                ok("an interpolated hostname", withGroup(", 'Networks': [{'Hostname': '${NOMAD_ALLOC_NAME}..x'}]")),
                c("a CNI arg with a semicolon", withGroup(", 'Networks': [{'Mode': 'cni/x', 'CNI': {'Args': {'k;x': 'v'}}}]"),
                        G + ".Networks[0].CNI.Args.k;x", "invalid ';' character in CNI arg key \"k;x\""));
    }
}
