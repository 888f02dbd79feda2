package org.drover.jobspec.rules;

import static org.drover.jobspec.rules.JobRulesTest.C;
import static org.drover.jobspec.rules.JobRulesTest.HTTP;
import static org.drover.jobspec.rules.JobRulesTest.S;
import static org.drover.jobspec.rules.JobRulesTest.c;
import static org.drover.jobspec.rules.JobRulesTest.checked;
import static org.drover.jobspec.rules.JobRulesTest.ok;
import static org.drover.jobspec.rules.JobRulesTest.svc;
import static org.drover.jobspec.rules.Jobs.G;
import static org.drover.jobspec.rules.Jobs.T;
import static org.drover.jobspec.rules.Jobs.group;
import static org.drover.jobspec.rules.Jobs.job;
import static org.drover.jobspec.rules.Jobs.task;
import static org.drover.jobspec.rules.Jobs.withTask;

import java.util.List;

import org.drover.jobspec.rules.JobRulesTest.Case;

/** Services and their checks, by provider, in groups and tasks. */
final class ServiceCases {

    private static final String GS = G + ".Services[0]";
    private static final String HTTP_CHECK = "{'Name': 'c', 'Type': 'http', 'Path': '/health', 'Interval': '10s',"
            + " 'Timeout': '2s'";

    private ServiceCases() {
    }

    /** A job with a group service api (with {@code fields}) beside task t. */
    static String grouped(String fields) {
        return job("", group(HTTP + svc(fields)));
    }

    static List<Case> all() {
        return List.of(
                ok("a default service name and an interpolated one",
                        job("", group(HTTP, task(", 'Services': [{'PortLabel': 'http'},"
                                + " {'Name': '${NOMAD_JOB_NAME}-api', 'PortLabel': 'http'}]")))),
                c("a service name with an underscore", withTask(svc(", 'Name': 'web_api'")),
                        S + ".Name", "Service name must be valid per RFC 1123 and can contain only alphanumeric"
                                + " characters or dashes and must be no longer than 63 characters: \"web_api\""),
                c("an unknown provider", withTask(svc(", 'Provider': 'etcd'")), S + ".Provider",
                        "Service provider must be \"consul\", or \"nomad\"; not \"etcd\""),
                c("an unknown address mode", withTask(svc(", 'AddressMode': 'vip'")), S + ".AddressMode",
                        "Service address_mode must be \"auto\", \"host\", or \"driver\"; not \"vip\""),
                c("an address with host mode", withTask(svc(", 'AddressMode': 'host', 'Address': '10.0.0.1'")),
                        S + ".Address", "Service address_mode must be \"auto\" if address is set"),
                c("an unknown on_update", withTask(svc(", 'OnUpdate': 'never'")), S + ".OnUpdate",
                        "Service on_update must be \"require_healthy\", \"ignore_warnings\", or \"ignore\"; not \"never\""),
                c("a port the group does not have", withTask(svc(", 'PortLabel': 'http'")), T + ".Services",
                        "port label \"http\" referenced by services api does not exist"),
                c("a task service named twice", job("", group(HTTP, task(", 'Services': [{'Name': 'api', 'PortLabel':"
                        + " 'http'}, {'Name': 'api', 'PortLabel': 'http'}]"))), T + ".Services[1]",
                        "service \"api\" is duplicate", G + ".Services", "Services are not unique: [t->api:http]"),
                c("group services named alike", job("", group(HTTP + ", 'Services': [{'Name': 'api'}, {'Name': 'api'}]")),
                        G + ".Services", "Services are not unique: [group->api]"),
                c("alloc address mode in a task", withTask(svc(", 'AddressMode': 'alloc'")), S + ".AddressMode",
                        "service \"api\" cannot use address_mode=\"alloc\", only services defined in a \"group\" block"
                                + " can use this mode"),
                c("connect in a task", withTask(svc(", 'Connect': {'Native': true}")), S + ".Connect",
                        "service \"api\" cannot have \"connect\" block, only services defined in a \"group\" block can"),
                c("a task service for another task", withTask(svc(", 'TaskName': 'other'")), S + ".TaskName",
                        "Service api is invalid: may only specify task the service belongs to, got \"other\""),
                c("a script check with the nomad provider", checked("nomad", "{'Name': 'c', 'Type': 'script',"
                        + " 'Command': '/bin/true', 'Interval': '10s', 'Timeout': '2s'}"), C + ".Type",
                        "invalid check type (\"script\"), must be one of tcp, http"),
                c("an http check without path", checked("nomad", "{'Name': 'c', 'Type': 'http', 'Interval': '10s',"
                        + " 'Timeout': '2s'}"), C + ".Path", "http type must have http path"),
                c("an http check with an absolute URL", checked("nomad", HTTP_CHECK.replace("/health",
                        "http://x/health") + "}"), C + ".Path", "http type must have relative http path"),
                c("a check every 500ms", checked("nomad", HTTP_CHECK.replace("'10s'", "'500ms'") + "}"),
                        C + ".Interval", "interval (500ms) cannot be lower than 1s"),
                c("a check without interval", checked("nomad", "{'Name': 'c', 'Type': 'tcp', 'Timeout': '2s'}"),
                        C + ".Interval", "missing required value interval. Interval cannot be less than 1s"),
                c("a check without timeout", checked("nomad", "{'Name': 'c', 'Type': 'tcp', 'Interval': '2s'}"),
                        C + ".Timeout", "missing required value timeout. Timeout cannot be less than 1s"),
                c("success_before_passing with nomad", checked("nomad", HTTP_CHECK + ", 'SuccessBeforePassing': 2}"),
                        C + ".SuccessBeforePassing", "success_before_passing may only be set for Consul service checks"),
                c("failures_before_critical with nomad", checked("nomad", HTTP_CHECK + ", 'FailuresBeforeCritical': 2}"),
                        C + ".FailuresBeforeCritical", "failures_before_critical may only be set for Consul service checks"),
                c("expose with nomad", checked("nomad", HTTP_CHECK + ", 'Expose': true}"), C + ".Expose",
                        "expose may only be set for Consul service checks"),
                c("ignore_warnings with nomad", checked("nomad", HTTP_CHECK + ", 'CheckRestart': {'IgnoreWarnings':"
                        + " true}}"), C + ".CheckRestart.IgnoreWarnings",
                        "ignore_warnings on check_restart only supported for Consul service checks"),
                c("driver address mode with nomad", checked("nomad", HTTP_CHECK + ", 'AddressMode': 'driver'}"),
                        C + ".AddressMode", "address_mode = driver may only be set for Consul service checks"),
                c("an unknown HTTP method", checked("nomad", HTTP_CHECK + ", 'Method': 'FETCH'}"), C + ".Method",
                        "method type \"FETCH\" not supported in Nomad http check"),
                c("a negative check_restart limit", checked("nomad", HTTP_CHECK + ", 'CheckRestart': {'Limit': -1}}"),
                        C + ".CheckRestart.Limit", "limit must be greater than or equal to 0 but found -1"),
                c("the service's negative check_restart grace", job("", group(HTTP, task(svc(", 'PortLabel': 'http',"
                        + " 'CheckRestart': {'Grace': '-1s'}, 'Checks': [" + HTTP_CHECK + "}]")))),
                        S + ".CheckRestart.Grace", "Check c invalid: grace period must be greater than or equal to 0"
                                + " but found -1000000000"),
                ok("a grpc check with consul", checked("consul", "{'Name': 'c', 'Type': 'grpc', 'Interval': '10s',"
                        + " 'Timeout': '2s', 'SuccessBeforePassing': 2}")),
                c("a script check without command", checked("consul", "{'Name': 'c', 'Type': 'script',"
                        + " 'Interval': '10s', 'Timeout': '2s'}"), C + ".Command",
                        "Check c invalid: script type must have a valid script path"),
                c("negative failures with consul", checked("consul", "{'Name': 'c', 'Type': 'tcp', 'Interval': '10s',"
                        + " 'Timeout': '2s', 'FailuresBeforeCritical': -1}"), C + ".FailuresBeforeCritical",
                        "Check c invalid: failures_before_critical must be non-negative"),
                c("a check without a port", withTask(svc(", 'Checks': [{'Name': 'c', 'Type': 'tcp', 'Interval': '10s',"
                        + " 'Timeout': '2s'}]")), C + ".PortLabel", "Check c invalid: check requires a port but neither"
                                + " check nor service \"api\" have a port", C + ".PortLabel", "check \"c\" is missing a port"),
                c("a numeric check port without driver mode", checked("consul", "{'Name': 'c', 'Type': 'tcp',"
                        + " 'PortLabel': '8080', 'Interval': '10s', 'Timeout': '2s'}"), C + ".PortLabel",
                        "check \"c\" cannot use a numeric port 8080 without setting address_mode=\"driver\""),
                c("driver address mode in a group service", grouped(", 'AddressMode': 'driver'"), GS + ".AddressMode",
                        "service \"api\" cannot use address_mode=\"driver\", only services defined in a \"task\" block"
                                + " can use this mode"),
                c("a group check on a task that does not exist", grouped(", 'PortLabel': 'http', 'Checks': ["
                        + HTTP_CHECK + ", 'TaskName': 'nope'}]"), GS + ".Checks[0].TaskName",
                        "Check c invalid: refers to non-existent task nope"),
                c("a group script check without task", grouped(", 'Checks': [{'Name': 'c', 'Type': 'script',"
                        + " 'Command': '/bin/true', 'Interval': '10s', 'Timeout': '2s'}]"), GS + ".Checks[0].TaskName",
                        "Service [g]->api or Check c must specify task parameter"),
                c("two providers in a group", job("", group(HTTP + svc(", 'Provider': 'nomad'"),
                        task(svc("")))), G + ".Services",
                        "Multiple service providers used: task group services must use the same provider"));
    }
}
