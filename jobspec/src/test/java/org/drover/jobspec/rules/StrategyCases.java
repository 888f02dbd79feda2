package org.drover.jobspec.rules;

import static org.drover.jobspec.rules.JobRulesTest.c;
import static org.drover.jobspec.rules.JobRulesTest.ok;
import static org.drover.jobspec.rules.Jobs.G;
import static org.drover.jobspec.rules.Jobs.T;
import static org.drover.jobspec.rules.Jobs.batchWithGroup;
import static org.drover.jobspec.rules.Jobs.group;
import static org.drover.jobspec.rules.Jobs.job;
import static org.drover.jobspec.rules.Jobs.task;
import static org.drover.jobspec.rules.Jobs.withGroup;

import java.util.List;

import org.drover.jobspec.rules.JobRulesTest.Case;

/** Restart, reschedule, update, migrate and disconnect, merged with the job's and Nomad's defaults. */
final class StrategyCases {

    private static final String R = G + ".RestartPolicy";
    private static final String RS = G + ".ReschedulePolicy";
    private static final String U = G + ".Update";
    private static final String M = G + ".Migrate";
    private static final String D = G + ".Disconnect";

    private StrategyCases() {
    }

    static List<Case> all() {
        return List.of(
                c("an unknown restart mode", withGroup(", 'RestartPolicy': {'Mode': 'sometimes'}"), R + ".Mode",
                        "Unsupported restart mode: \"sometimes\""),
                c("delay mode without attempts", withGroup(", 'RestartPolicy': {'Attempts': 0, 'Mode': 'delay'}"),
                        R + ".Mode", "Restart policy \"delay\" with 0 attempts is ambiguous"),
                c("a restart interval of 1s", withGroup(", 'RestartPolicy': {'Attempts': 0, 'Interval': '1s'}"),
                        R + ".Interval", "Interval can not be less than 5s (got 1s)"),
                c("restarts that do not fit their interval",
                        withGroup(", 'RestartPolicy': {'Attempts': 10, 'Interval': 60000000000, 'Delay': '15s'}"),
                        R + ".Attempts", "Nomad can't restart the TaskGroup 10 times in an interval of 1m0s with a"
                                + " delay of 15s"),
                c("a reschedule policy in a system job", job(", 'Type': 'system'", group(", 'ReschedulePolicy': {}")),
                        RS, "System or sysbatch jobs should not have a reschedule policy"),
                c("an unknown delay function", withGroup(", 'ReschedulePolicy': {'DelayFunction': 'linear'}"),
                        RS + ".DelayFunction", "Invalid delay function \"linear\", must be one of [\"constant\""
                                + " \"exponential\" \"fibonacci\"]"),
                c("a reschedule delay of 1s", withGroup(", 'ReschedulePolicy': {'Delay': '1s'}"), RS + ".Delay",
                        "Delay cannot be less than 5s (got 1s)"),
                c("a max delay under the delay", withGroup(", 'ReschedulePolicy': {'Delay': '1m', 'MaxDelay': '30s'}"),
                        RS + ".MaxDelay", "Max Delay cannot be less than Delay 1m0s (got 30s)"),
                c("limited attempts that are also unlimited",
                        withGroup(", 'ReschedulePolicy': {'Attempts': 3, 'Interval': '1h'}"), RS + ".Unlimited",
                        "Reschedule Policy with Attempts = 3, Interval = 1h0m0s, and Unlimited = true is ambiguous",
                        RS + ".Unlimited", "If Attempts >0, Unlimited cannot also be set to true"),
                c("constant delays that do not fit",
                        batchWithGroup(", 'ReschedulePolicy': {'Attempts': 5, 'Interval': '10s', 'Delay': '5s'}"),
                        RS + ".Interval", "Interval cannot be less than 15s (got 10s)", RS + ".Interval",
                        "Nomad can only make 2 attempts in 10s with initial delay 5s and delay function \"constant\"",
                        RS + ".Interval", "Set the interval to at least 25s to accommodate 5 attempts"),
                c("exponential delays that do not fit", batchWithGroup(", 'ReschedulePolicy': {'Attempts': 4,"
                        + " 'Interval': '1m', 'Delay': '10s', 'DelayFunction': 'exponential', 'MaxDelay': '1h'}"),
                        RS + ".Interval", "Nomad can only make 3 attempts in 1m0s with initial delay 10s, delay"
                                + " function \"exponential\", and delay ceiling 1h0m0s",
                        RS + ".Interval", "Set the interval to at least 1m20s to accommodate 4 attempts"),
                c("fibonacci delays past their ceiling", batchWithGroup(", 'ReschedulePolicy': {'Attempts': 6,"
                        + " 'Interval': '1m', 'Delay': '10s', 'DelayFunction': 'fibonacci', 'MaxDelay': '25s'}"),
                        RS + ".Interval", "Nomad can only make 5 attempts in 1m0s with initial delay 10s, delay"
                                + " function \"fibonacci\", and delay ceiling 25s",
                        RS + ".Interval", "Set the interval to at least 1m15s to accommodate 6 attempts"),
                c("a million fibonacci attempts, counted at once", batchWithGroup(", 'ReschedulePolicy':"
                        + " {'Attempts': 1000000, 'Interval': '24h', 'Delay': '5s', 'DelayFunction': 'fibonacci',"
                        + " 'MaxDelay': '1h'}"), RS + ".Interval", "Nomad can only make 39 attempts in 24h0m0s with"
                                + " initial delay 5s, delay function \"fibonacci\", and delay ceiling 1h0m0s",
                        RS + ".Interval", "Set the interval to at least 999985h0m0s to accommodate 1000000 attempts"),
                c("the job's reschedule block, at the job", job(", 'Reschedule': {'Delay': '1s'}"),
                        "Job.Reschedule.Delay", "Delay cannot be less than 5s (got 1s)"),
                c("an update block in a batch job", batchWithGroup(", 'Update': {'MaxParallel': 1}"), U,
                        "Job type \"batch\" does not allow update block"),
                ok("an empty job update block in a batch job", job(", 'Type': 'batch', 'Update': {'MaxParallel': 0}")),
                c("an unknown health check", withGroup(", 'Update': {'HealthCheck': 'sometimes'}"), U + ".HealthCheck",
                        "Invalid health check given: \"sometimes\""),
                c("negative parallelism and canaries", withGroup(", 'Update': {'MaxParallel': -1, 'Canary': -1}"),
                        U + ".MaxParallel", "Max parallel can not be less than zero: -1 < 0", U + ".Canary",
                        "Canary count can not be less than zero: -1 < 0"),
                c("auto promotion without canaries", withGroup(", 'Update': {'AutoPromote': true}"), U + ".AutoPromote",
                        "Auto Promote requires a Canary count greater than zero"),
                c("a min healthy time past the deadline", withGroup(", 'Update': {'MinHealthyTime': '10m'}"),
                        U + ".MinHealthyTime", "Minimum healthy time must be less than healthy deadline: 10m0s > 5m0s"),
                c("a healthy deadline past the progress deadline", withGroup(", 'Update': {'HealthyDeadline': '20m'}"),
                        U + ".HealthyDeadline", "Healthy deadline must be less than progress deadline: 20m0s > 10m0s"),
                c("a zero healthy deadline", withGroup(", 'Update': {'HealthyDeadline': 0}"), U + ".HealthyDeadline",
                        "Healthy deadline must be greater than zero: 0s", U + ".MinHealthyTime",
                        "Minimum healthy time must be less than healthy deadline: 10s > 0s"),
                c("the job's update block, at the job", job(", 'Update': {'MaxParallel': 2, 'Stagger': '-1s'}"),
                        "Job.Update.Stagger", "Stagger must be greater than zero: -1s"),
                c("a kill timeout past the progress deadline", job("", group(", 'Update': {}",
                        task(", 'KillTimeout': '15m'"))), T + ".KillTimeout",
                        "KillTimout (15m0s) longer than the group's ProgressDeadline (10m0s)"),
                c("a migrate block in a batch job", batchWithGroup(", 'Migrate': {}"), M,
                        "Job type \"batch\" does not allow migrate block"),
                c("negative migrate parallelism", withGroup(", 'Migrate': {'MaxParallel': -1}"), M + ".MaxParallel",
                        "MaxParallel must be >= 0 but found -1"),
                c("an empty migrate health check", withGroup(", 'Migrate': {'HealthCheck': ''}"), M + ".HealthCheck",
                        "Missing HealthCheck"),
                c("an unknown migrate health check", withGroup(", 'Migrate': {'HealthCheck': 'manual'}"),
                        M + ".HealthCheck", "Invalid HealthCheck: \"manual\""),
                c("a migrate min healthy time past the deadline", withGroup(", 'Migrate': {'MinHealthyTime': '10m'}"),
                        M + ".MinHealthyTime", "MinHealthyTime must be less than HealthyDeadline"),
                c("a negative lost_after", withGroup(", 'Disconnect': {'LostAfter': '-1s'}"), D + ".LostAfter",
                        "lost_after cannot be a negative duration"),
                c("stop_after and lost_after", withGroup(", 'Disconnect': {'StopOnClientAfter': '1m',"
                        + " 'LostAfter': '1h'}"), D + ".LostAfter",
                        "Disconnect cannot be configured with both lost_after and stop_after"),
                c("stop_after in a system job", job(", 'Type': 'system'", group(", 'Disconnect':"
                        + " {'StopOnClientAfter': '1m'}")), D + ".StopOnClientAfter",
                        "stop_after can only be used with service or batch job types"),
                c("an unknown reconcile option", withGroup(", 'Disconnect': {'Reconcile': 'newest'}"),
                        D + ".Reconcile", "reconcile option is invalid: newest"));
    }
}
