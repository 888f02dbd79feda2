package org.drover.jobspec.rules;

import static org.drover.jobspec.rules.JobRulesTest.c;
import static org.drover.jobspec.rules.JobRulesTest.ok;
import static org.drover.jobspec.rules.Jobs.G;
import static org.drover.jobspec.rules.Jobs.group;
import static org.drover.jobspec.rules.Jobs.job;

import java.util.List;

import org.drover.jobspec.rules.JobRulesTest.Case;

/** The job's own rules: identity, type, priority, datacenters, groups, periodic and parameterized. */
final class JobCases {

    private static final String BATCH = ", 'Type': 'batch'";

    private JobCases() {
    }

    static List<Case> all() {
        return List.of(
                ok("a job with only an ID and a group", job("")),
                c("no ID", "{'TaskGroups': [" + group("") + "]}", "Job.ID", "Missing job ID", "Job.Name",
                        "Missing job name"),
                c("an ID with a space", job(", 'ID': 'a b'"), "Job.ID", "Job ID contains a space"),
                c("an ID with a null", job(", 'ID': 'a\\u0000b'"), "Job.ID", "Job ID contains a null character",
                        "Job.Name", "Job Name contains a null character"),
                c("an empty name", job(", 'Name': ''"), "Job.Name", "Missing job name"),
                c("a name with a null", job(", 'Name': 'a\\u0000'"), "Job.Name", "Job Name contains a null character"),
                c("an empty type", job(", 'Type': ''"), "Job.Type", "Missing job type"),
                c("an unknown type", job(", 'Type': 'web'"), "Job.Type", "Invalid job type: \"web\""),
                c("the core type", job(", 'Type': '_core'"), "Job.Type", "job type cannot be core"),
                ok("a sysbatch job", job(", 'Type': 'sysbatch'")),
                c("priority 0", job(", 'Priority': 0"), "Job.Priority", "job priority must be between [1, 100]"),
                c("priority 101", job(", 'Priority': 101"), "Job.Priority", "job priority must be between [1, 100]"),
                c("an empty datacenter", job(", 'Datacenters': ['dc1', '']"), "Job.Datacenters[1]",
                        "Job datacenter must be non-empty string"),
                c("no groups", "{'ID': 'web', 'TaskGroups': []}", "Job.TaskGroups", "Missing job task groups"),
                c("two groups named alike", job("", group(""), group("")), G + ".Name",
                        "Job task group 2 redefines 'g' from group 1"),
                c("a nameless group", job("", "{'Tasks': [" + Jobs.task("") + "]}"), "Job.TaskGroups[\"\"].Name",
                        "Job task group 1 missing name", "Job.TaskGroups[\"\"].Name", "Missing task group name"),
                c("a group's negative shutdown delay", Jobs.withGroup(", 'ShutdownDelay': '-1s'"), G + ".ShutdownDelay",
                        "ShutdownDelay must be a positive value"),
                c("a system group of two", job(", 'Type': 'system'", group(", 'Count': 2")), G + ".Count",
                        "Job task group g has count 2. Count cannot exceed 1 with system scheduler"),
                c("a payload", job(", 'Payload': 'aGVsbG8='"), "Job.Payload",
                        "job can't be submitted with a payload, only dispatched"),
                c("a long UI description", job(", 'UI': {'Description': '" + "x".repeat(1001) + "'}"),
                        "Job.UI.Description", "UI description must be under 1000 characters, currently 1001"),
                c("a periodic service", job(", 'Periodic': {'Spec': '*/5 * * * *'}"), "Job.Periodic",
                        "Periodic can only be used with \"batch\" or \"sysbatch\" scheduler"),
                ok("a disabled periodic block on a service", job(", 'Periodic': {'Enabled': false, 'Spec': 'x'}")),
                ok("cron specs of five, six and seven fields, names, steps and a descriptor",
                        job(BATCH + ", 'Periodic': {'Specs': ['*/15 9-17 * jan-jun mon-fri', '0 0 1 * * 2030',"
                                + " '30 0 12 ? * 5L *', '@daily', '0 0 15W * 1#2']}")),
                c("a cron minute of 61", job(BATCH + ", 'Periodic': {'Spec': '61 * * * *'}"), "Job.Periodic.Spec",
                        "Invalid cron spec \"61 * * * *\": syntax error in minute field: '61'"),
                c("a cron spec of four fields", job(BATCH + ", 'Periodic': {'Spec': '* * * *'}"), "Job.Periodic.Spec",
                        "Invalid cron spec \"* * * *\": missing field(s)"),
                c("an unknown descriptor", job(BATCH + ", 'Periodic': {'Spec': '@fortnightly'}"), "Job.Periodic.Spec",
                        "Invalid cron spec \"@fortnightly\": syntax error in descriptor: @fortnightly"),
                c("a bad spec among several", job(BATCH + ", 'Periodic': {'Specs': ['@hourly', '* 25 * * *']}"),
                        "Job.Periodic.Specs[1]", "Invalid cron spec \"* 25 * * *\": syntax error in hour field: '25'"),
                c("no spec", job(BATCH + ", 'Periodic': {'ProhibitOverlap': true}"), "Job.Periodic.Spec",
                        "Must specify a spec"),
                c("spec and specs", job(BATCH + ", 'Periodic': {'Spec': '@daily', 'Specs': ['@hourly']}"),
                        "Job.Periodic.Specs", "Only cron or crons may be used"),
                c("an unknown time zone", job(BATCH + ", 'Periodic': {'Spec': '@daily', 'TimeZone': 'Mars/Olympus'}"),
                        "Job.Periodic.TimeZone", "Invalid time zone \"Mars/Olympus\": unknown time zone Mars/Olympus"),
                ok("a time zone by name", job(BATCH + ", 'Periodic': {'Spec': '@daily', 'TimeZone': 'Europe/Paris'}")),
                c("an unknown spec type", job(BATCH + ", 'Periodic': {'Spec': '@daily', 'SpecType': 'rrule'}"),
                        "Job.Periodic.SpecType", "Unknown periodic specification type \"rrule\""),
                c("a parameterized service", job(", 'ParameterizedJob': {}"), "Job.ParameterizedJob",
                        "Parameterized job can only be used with \"batch\" or \"sysbatch\" scheduler"),
                c("an unknown payload requirement", job(BATCH + ", 'ParameterizedJob': {'Payload': 'sometimes'}"),
                        "Job.ParameterizedJob.Payload", "Unknown payload requirement: \"sometimes\""),
                c("meta both required and optional",
                        job(BATCH + ", 'ParameterizedJob': {'MetaRequired': ['a', 'b', 'c'], 'MetaOptional': ['b', 'a']}"),
                        "Job.ParameterizedJob.MetaOptional", "Required and optional meta keys should be disjoint."
                                + " Following keys exist in both: [a b]"));
    }
}
