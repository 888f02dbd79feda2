package org.drover.jobspec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.drover.jobspec.rules.JobRules;
import org.drover.jobspec.schema.Block;
import org.drover.jobspec.schema.JobSchema;
import org.drover.jobspec.schema.TaskSchema;
import org.drover.runner.api.driver.Signals;
import org.drover.runner.api.model.Constraint;
import org.drover.runner.api.model.Job;
import org.drover.runner.api.model.JobType;
import org.drover.runner.api.model.LogConfig;
import org.drover.runner.api.model.Resources;
import org.drover.runner.api.model.RestartPolicy;
import org.drover.runner.api.model.Stanzas;
import org.drover.runner.api.model.Task;
import org.drover.runner.api.model.TaskGroup;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A job in Nomad's API JSON ({@code {"Job": {...}}} or the job object itself)
 * read into Drover's model. Every key is checked against Nomad's job
 * specification ({@link JobSchema}); every problem is collected, each at its
 * field; fields set that Drover does not act on are kept in each level's
 * {@link Stanzas} and are warnings, or errors when strict.
 */
public final class ApiJob {

    /**
     * The job, and what was set that Drover does not act on, each at its path.
     *
     * @param job     the model
     * @param ignored each a field set that Drover reads but does not act on, with what to tell the user
     */
    public record Parsed(Job job, List<Problem> ignored) {
        public Parsed {
            ignored = List.copyOf(ignored);
        }

        /** Each ignored field as one line: {@code Job.Update is not supported by Drover and is ignored}. */
        public List<String> warnings() {
            return ignored.stream().map(p -> p.path() + " " + p.message()).toList();
        }
    }

    /** What Nomad's tools send that carries no meaning for a single node: the server's bookkeeping. */
    private static final Set<String> JOB_IGNORED = Set.of("Status", "StatusDescription", "Stable", "Version",
            "SubmitTime", "CreateIndex", "ModifyIndex", "JobModifyIndex", "ParentID", "Dispatched", "Stop",
            "ConsulNamespace", "VaultNamespace", "NomadTokenID", "Payload", "DispatchIdempotencyToken",
            "VersionTag");
    /**
     * Stanzas that change when a job runs: run at once on submit, such a job would mean something
     * else, so it is refused, strict or not, until Drover schedules them.
     */
    private static final Map<String, String> JOB_REFUSED = Map.of(
            "Periodic", "periodic jobs are not supported yet: Drover would run this job at once, not on its schedule",
            "ParameterizedJob", "parameterized jobs are not supported yet: Drover would run this job at once,"
                    + " not when it is dispatched");
    /** The stanzas read as levels of their own, each with its own stanzas. */
    private static final Set<Block> LEVELS = Set.of(JobSchema.GROUP, TaskSchema.TASK);

    private ApiJob() {
    }

    /** The job-level stanzas, by API name, that make a job refused until Drover runs them as Nomad does. */
    public static Set<String> refusedStanzas() {
        return JOB_REFUSED.keySet();
    }

    public static Parsed parse(JsonNode root, boolean strict) throws JobSpecException {
        Fields.Report report = new Fields.Report(strict);
        JsonNode node = root != null && root.isObject() && Fields.field(root, "Job").isObject()
                ? Fields.field(root, "Job") : root;
        if (node == null || !node.isObject()) {
            throw new JobSpecException(List.of(new Problem("Job", "must be an object")));
        }
        Job job = job(node, new Fields(node, "Job", report), report);
        // Nomad validates a job only once it has decoded: a field of the wrong kind or name is reported
        // alone, not again by each rule that would read it.
        if (report.problems.isEmpty()) {
            report.problems.addAll(JobRules.check(node));
        }
        if (!report.problems.isEmpty()) {
            throw new JobSpecException(report.problems);
        }
        return new Parsed(job, report.warnings);
    }

    private static Job job(JsonNode node, Fields f, Fields.Report report) {
        Map<String, Object> stanzas = new SchemaCheck(report, LEVELS).level(node, JobSchema.JOB, "Job", null,
                JOB_IGNORED);
        String id = f.string("ID", "", true);
        if (id.contains(" ")) {
            report.problem(f.at("ID"), "Job ID contains a space"); // Nomad's words
        } else if (id.length() > 128 || id.contains("/") || id.chars().anyMatch(Character::isISOControl)) {
            report.problem(f.at("ID"), "must be at most 128 characters, without \"/\" or control characters");
        }
        JOB_REFUSED.forEach((key, why) -> {
            if (f.has(key) && !Fields.empty(Fields.field(node, key))) {
                String at = f.at(key);
                report.warnings.removeIf(w -> w.path().equals(at));
                report.problems.removeIf(p -> p.path().equals(at));
                report.problem(at, why);
            }
        });
        String name = f.string("Name", id, false);
        JobType type = type(f);
        List<String> dcs = f.stringList("Datacenters");
        String region = f.string("Region", "global", false);
        String namespace = f.string("Namespace", "default", false);
        String pool = f.string("NodePool", "", false);
        Map<String, String> meta = f.stringMap("Meta");
        List<Constraint> constraints = constraints(f);
        List<TaskGroup> groups = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JsonNode g : f.objects("TaskGroups")) {
            String gName = Fields.field(g, "Name").asText("");
            String path = f.at("TaskGroups") + "[\"" + gName + "\"]";
            if (!gName.isEmpty() && !names.add(gName)) {
                report.problem(path, "a second group with this name");
            }
            groups.add(group(g, new Fields(g, path, report), type, report));
        }
        return new Job(id, name, type, region, dcs.isEmpty() ? "dc1" : dcs.get(0), namespace, meta, groups,
                SpecDigest.of(report.notModelled), 0, dcs.isEmpty() ? List.of("*") : dcs,
                pool.isEmpty() ? Job.DEFAULT_NODE_POOL : pool, constraints, new Stanzas(stanzas));
    }

    private static JobType type(Fields f) {
        String type = f.string("Type", "service", false);
        return switch (type) {
            case "service" -> JobType.SERVICE;
            case "batch" -> JobType.BATCH;
            case "system" -> JobType.SYSTEM;
            case "sysbatch" -> JobType.SYSBATCH;
            default -> {
                f.report().problem(f.at("Type"), "must be service, batch, system or sysbatch, got \"" + type + "\"");
                yield JobType.SERVICE;
            }
        };
    }

    /** Constraints as written; which operators and targets make sense is the rules' to say. */
    private static List<Constraint> constraints(Fields f) {
        List<Constraint> out = new ArrayList<>();
        JsonNode list = Fields.field(f.node(), "Constraints");
        if (list.isNull() || list.isMissingNode()) {
            return out;
        }
        if (!list.isArray()) {
            f.report().problem(f.at("Constraints"), "must be a list of objects, got " + Fields.describe(list));
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode c = list.get(i);
            String at = f.at("Constraints") + "[" + i + "]";
            if (!c.isObject()) {
                f.report().problem(at, "must be an object, got " + Fields.describe(c));
                continue;
            }
            Fields cf = new Fields(c, at, f.report());
            out.add(new Constraint(cf.string("LTarget", "", false), cf.string("Operand", "", false),
                    cf.string("RTarget", "", false)));
        }
        return out;
    }

    private static TaskGroup group(JsonNode node, Fields f, JobType type, Fields.Report report) {
        Map<String, Object> stanzas = new SchemaCheck(report, LEVELS).level(node, JobSchema.GROUP, f.path(), "Name",
                Set.of());
        String name = f.string("Name", "", true);
        int count = f.integer("Count", 1, 0, 10_000);
        RestartPolicy restart = restart(f, type);
        Map<String, String> meta = f.stringMap("Meta");
        List<Constraint> constraints = constraints(f);
        List<Task> tasks = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int leaders = 0;
        for (JsonNode t : f.objects("Tasks")) {
            String tName = Fields.field(t, "Name").asText("");
            String path = f.at("Tasks") + "[\"" + tName + "\"]";
            if (!tName.isEmpty() && !names.add(tName)) {
                report.problem(path, "a second task with this name");
            }
            Task task = task(t, new Fields(t, path, report));
            leaders += task.leader() ? 1 : 0;
            tasks.add(task);
        }
        if (leaders > 1) {
            report.problem(f.at("Tasks"), "only one task of a group may be the leader, " + leaders + " are");
        }
        return new TaskGroup(name, count, restart, meta, tasks, constraints, new Stanzas(stanzas),
                NetworkReader.networks(f));
    }

    private static RestartPolicy restart(Fields f, JobType type) {
        RestartPolicy d = RestartPolicy.defaultFor(type);
        JsonNode node = f.object("RestartPolicy", false);
        if (node == null) {
            return d;
        }
        Fields r = new Fields(node, f.at("RestartPolicy"), f.report());
        int attempts = r.integer("Attempts", d.attempts(), 0, 1_000_000);
        Duration interval = r.duration("Interval", d.interval());
        Duration delay = r.duration("Delay", d.delay());
        String mode = r.string("Mode", d.mode().wire(), false);
        RestartPolicy.Mode m = mode.equals("delay") ? RestartPolicy.Mode.DELAY : RestartPolicy.Mode.FAIL;
        if (!mode.equals("delay") && !mode.equals("fail")) {
            f.report().problem(r.at("Mode"), "must be \"fail\" or \"delay\", got \"" + mode + "\"");
        }
        RestartPolicy policy = new RestartPolicy(attempts, interval, delay, m);
        policy.problems().forEach(p -> f.report().problem(f.at("RestartPolicy"), p));
        return policy;
    }

    private static Task task(JsonNode node, Fields f) {
        Map<String, Object> stanzas = new SchemaCheck(f.report(), LEVELS).level(node, TaskSchema.TASK, f.path(),
                "Name", Set.of());
        String name = f.string("Name", "", true);
        String driver = f.string("Driver", "", true);
        String user = f.string("User", "", false);
        Map<String, Object> config = config(f);
        Map<String, String> env = f.stringMap("Env");
        Map<String, String> meta = f.stringMap("Meta");
        Resources resources = resources(f);
        LogConfig logs = logs(f);
        Duration killTimeout = f.duration("KillTimeout", Task.DEFAULT_KILL_TIMEOUT);
        String killSignal = f.string("KillSignal", Task.DEFAULT_KILL_SIGNAL, false);
        if (killSignal.isEmpty()) {
            killSignal = Task.DEFAULT_KILL_SIGNAL;
        } else if (!Signals.isKnown(killSignal)) {
            f.report().problem(f.at("KillSignal"), "unknown signal \"" + killSignal + "\" (e.g. SIGINT, SIGTERM)");
        }
        Duration shutdownDelay = f.duration("ShutdownDelay", Duration.ZERO);
        boolean leader = f.bool("Leader", false);
        List<Constraint> constraints = constraints(f);
        JsonNode res = f.object("Resources", false);
        List<org.drover.runner.api.model.NetworkResource> networks = res == null ? List.of()
                : NetworkReader.networks(new Fields(res, f.at("Resources"), f.report()));
        return new Task(name, driver, config, env, meta, resources, logs, killTimeout, killSignal, shutdownDelay,
                leader, user, constraints, new Stanzas(stanzas), networks);
    }

    private static Map<String, Object> config(Fields f) {
        JsonNode node = f.object("Config", false);
        Map<String, Object> out = new LinkedHashMap<>();
        if (node != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), plain(e.getValue()));
            }
        }
        return out;
    }

    /** JSON as plain Java values, the kinds a task's config may hold; whole numbers as longs. */
    static Object plain(JsonNode v) {
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isNumber()) {
            return v.isIntegralNumber() || v.asDouble() == Math.rint(v.asDouble()) ? (Object) v.asLong()
                    : (Object) v.asDouble();
        }
        if (v.isArray()) {
            List<Object> list = new ArrayList<>();
            v.forEach(e -> list.add(plain(e)));
            return list;
        }
        if (v.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            v.fields().forEachRemaining(e -> map.put(e.getKey(), plain(e.getValue())));
            return map;
        }
        return "";
    }

    private static Resources resources(Fields f) {
        JsonNode node = f.object("Resources", false);
        if (node == null) {
            return Resources.DEFAULT;
        }
        Fields r = new Fields(node, f.at("Resources"), f.report());
        int cpu = r.integer("CPU", Resources.DEFAULT.cpuMhz(), 1, 1_000_000);
        int memory = r.integer("MemoryMB", Resources.DEFAULT.memoryMb(), 10, 4_000_000);
        return new Resources(cpu, memory);
    }

    private static LogConfig logs(Fields f) {
        JsonNode node = f.object("LogConfig", false);
        if (node == null) {
            return LogConfig.DEFAULT;
        }
        Fields l = new Fields(node, f.at("LogConfig"), f.report());
        int files = l.integer("MaxFiles", LogConfig.DEFAULT.maxFiles(), 1, 1000);
        int size = l.integer("MaxFileSizeMB", LogConfig.DEFAULT.maxFileSizeMb(), 1, 100_000);
        return new LogConfig(files, size);
    }

}
