package org.drover.jobspec.rules;

import static org.drover.jobspec.rules.Jobs.T;
import static org.drover.jobspec.rules.Jobs.group;
import static org.drover.jobspec.rules.Jobs.job;
import static org.drover.jobspec.rules.Jobs.namedTask;
import static org.drover.jobspec.rules.Jobs.task;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.drover.jobspec.BrokenJobs;
import org.drover.jobspec.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Nomad's job rules, one case each: a small job and exactly the problems Nomad reports for it. */
class JobRulesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Case(String name, String job, List<Problem> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case ok(String name, String job) {
        return new Case(name, job, List.of());
    }

    /** A case: its name, its job, then path and message pairs. */
    static Case c(String name, String job, String... pathsAndMessages) {
        List<Problem> expected = new ArrayList<>();
        for (int i = 0; i < pathsAndMessages.length; i += 2) {
            expected.add(new Problem(pathsAndMessages[i], pathsAndMessages[i + 1]));
        }
        return new Case(name, job, expected);
    }

    static List<Problem> check(String job) throws Exception {
        return JobRules.check(JSON.readTree(Jobs.json(job)));
    }

    static List<Problem> sorted(List<Problem> problems) {
        List<Problem> out = new ArrayList<>(problems);
        out.sort(Comparator.comparing(Problem::toString));
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsExactlyNomadsProblems(Case c) throws Exception {
        assertEquals(sorted(c.expected()), sorted(check(c.job())));
    }

    static Stream<Case> cases() {
        return Stream.of(JobCases.all(), GroupCases.all(), StrategyCases.all(), TaskCases.all(), ServiceCases.all(),
                PlacementCases.all()).flatMap(List::stream);
    }

    @Test
    void theBrokenJobsValidJobAndAWrappedJobPass() throws Exception {
        assertEquals(List.of(), JobRules.check(JSON.readTree(BrokenJobs.VALID)));
        assertEquals(List.of(), check("{'Job': " + job("") + "}"));
    }

    @Test
    void aServersMaxPriorityIsTheLimit() throws Exception {
        JsonNode job = JSON.readTree(Jobs.json(job(", 'Priority': 150")));
        assertEquals(List.of(), JobRules.check(job, 200));
        assertEquals(List.of(new Problem("Job.Priority", "job priority must be between [1, 100]")),
                JobRules.check(job));
    }

    @Test
    void somethingOtherThanAJobHasNoRulesToBreak() throws Exception {
        assertEquals(List.of(), JobRules.check(JSON.readTree("[1, 2]")));
        assertEquals(List.of(), JobRules.check(null));
    }

    /** One job breaking rules in every stanza: every problem comes back, each at its field. */
    @Test
    void everyProblemIsReportedAtOnce() throws Exception {
        String web = namedTask("web", ", 'Resources': {'CPU': 0, 'MemoryMB': 5}, 'KillTimeout': -1"
                + ", 'Templates': [{'EmbeddedTmpl': 'x', 'DestPath': '../../../x', 'ChangeMode': 'reload'}]"
                + ", 'Services': [{'Name': 'web_api', 'Provider': 'nomad', 'PortLabel': 'http',"
                + " 'Checks': [{'Name': 'c', 'Type': 'script', 'Interval': '10s', 'Timeout': '2s'}]}]"
                + ", 'Lifecycle': {'Hook': 'prerun'}, 'Artifacts': [{'GetterMode': 'zip', 'GetterSource': 'x'}]");
        String g = "{'Name': 'api', 'Count': -1, 'Tasks': [" + web + "]"
                + ", 'RestartPolicy': {'Mode': 'sometimes'}, 'ReschedulePolicy': {'DelayFunction': 'linear'}"
                + ", 'Update': {'HealthCheck': 'sometimes', 'Stagger': 0}"
                + ", 'Networks': [{'ReservedPorts': [{'Label': 'http', 'Value': 70000}]}]"
                + ", 'Volumes': {'data': {'Type': 'nfs'}}"
                + ", 'Affinities': [{'LTarget': '${node.class}', 'Operand': '=', 'RTarget': 'x', 'Weight': 0}]}";
        String job = "{'ID': 'a b', 'Type': 'service', 'Priority': 0, 'Datacenters': ['']"
                + ", 'Constraints': [{'LTarget': '${attr.os}', 'Operand': 'regexp', 'RTarget': '(a'}]"
                + ", 'Periodic': {'Spec': '61 * * * *'}, 'TaskGroups': [" + g + "]}";
        String at = "Job.TaskGroups[\"api\"]";
        String task = at + ".Tasks[\"web\"]";
        List<Problem> expected = List.of(
                new Problem("Job.ID", "Job ID contains a space"),
                new Problem("Job.Priority", "job priority must be between [1, 100]"),
                new Problem("Job.Datacenters[0]", "Job datacenter must be non-empty string"),
                new Problem("Job.Constraints[0].RTarget",
                        "Regular expression failed to compile: error parsing regexp: missing closing ): `(a`"),
                new Problem("Job.Periodic", "Periodic can only be used with \"batch\" or \"sysbatch\" scheduler"),
                new Problem("Job.Periodic.Spec",
                        "Invalid cron spec \"61 * * * *\": syntax error in minute field: '61'"),
                new Problem(at + ".Count", "Task group count can't be negative"),
                new Problem(at + ".Affinities[0].Weight", "Affinity weight cannot be zero"),
                new Problem(at + ".RestartPolicy.Mode", "Unsupported restart mode: \"sometimes\""),
                new Problem(at + ".ReschedulePolicy.DelayFunction", "Invalid delay function \"linear\", must be one"
                        + " of [\"constant\" \"exponential\" \"fibonacci\"]"),
                new Problem(at + ".Update.HealthCheck", "Invalid health check given: \"sometimes\""),
                new Problem(at + ".Update.Stagger", "Stagger must be greater than zero: 0s"),
                new Problem(at + ".Tasks", "Task group api must have at least one main task"),
                new Problem(at + ".Volumes[\"data\"].Type", "volume has unrecognized type nfs"),
                new Problem(at + ".Networks[0].ReservedPorts[0].Value", "Port http (70000) cannot be greater than 65535"),
                new Problem(task + ".KillTimeout", "KillTimeout must be a positive value"),
                new Problem(task + ".Resources.CPU", "minimum CPU value is 1; got 0"),
                new Problem(task + ".Resources.MemoryMB", "minimum MemoryMB value is 10; got 5"),
                new Problem(task + ".Services[0].Name", "Service name must be valid per RFC 1123 and can contain"
                        + " only alphanumeric characters or dashes and must be no longer than 63 characters: \"web_api\""),
                new Problem(task + ".Services[0].Checks[0].Type",
                        "invalid check type (\"script\"), must be one of tcp, http"),
                new Problem(task + ".Artifacts[0].GetterMode",
                        "invalid artifact mode \"zip\"; must be one of: any, file, dir"),
                new Problem(task + ".Templates[0].DestPath", "destination escapes allocation directory"),
                new Problem(task + ".Templates[0].ChangeMode",
                        "Invalid change mode. Must be one of the following: noop, signal, script, restart"),
                new Problem(task + ".Lifecycle.Hook", "invalid hook: prerun"));
        assertEquals(sorted(expected), sorted(check(job)));
    }

    /** Shorthands the case tables share. */
    static String svc(String fields) {
        return ", 'Services': [{'Name': 'api'" + fields + "}]";
    }

    static String net(String ports) {
        return ", 'Networks': [{'DynamicPorts': [" + ports + "]}]";
    }

    static final String HTTP = net("{'Label': 'http'}");

    /** A job whose task t has a service api on port http with the given check. */
    static String checked(String provider, String check) {
        return job("", group(HTTP, task(svc(", 'Provider': '" + provider + "', 'PortLabel': 'http', 'Checks': ["
                + check + "]"))));
    }

    static final String S = T + ".Services[0]";
    static final String C = S + ".Checks[0]";
}
