package org.drover.jobspec.rules;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.drover.jobspec.Problem;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The rules Nomad's servers apply to a submitted job ({@code Job.Validate} and the register endpoint's
 * admission checks), on the job's API JSON, every problem at once at its field. Fields left out are
 * taken at the defaults Nomad's API fills in before it validates.
 */
public final class JobRules {

    /** Nomad's {@code job_max_priority} unless a server sets another. */
    public static final int DEFAULT_MAX_PRIORITY = 100;
    private static final Set<String> TYPES = Set.of("service", "batch", "system", "sysbatch");
    private static final int MAX_DESCRIPTION = 1000;

    private JobRules() {
    }

    /** The problems of {@code {"Job": {...}}} or the job object itself; none when it is not an object. */
    public static List<Problem> check(JsonNode job) {
        return check(job, DEFAULT_MAX_PRIORITY);
    }

    public static List<Problem> check(JsonNode root, int maxPriority) {
        JsonNode node = root;
        if (root != null && root.isObject()) {
            Obj wrapper = new Obj(root, "");
            JsonNode inner = wrapper.raw("Job");
            if (inner != null && inner.isObject()) {
                node = inner;
            }
        }
        Obj job = Obj.of(node, "Job");
        Problems p = new Problems();
        if (job != null) {
            check(job, maxPriority, p);
        }
        return p.list();
    }

    private static void check(Obj job, int maxPriority, Problems p) {
        String id = job.str("ID", "");
        String type = identity(job, id, p);
        JobContext ctx = new JobContext(type, job.str("Name", id));
        long priority = job.integer("Priority", 50);
        if (priority < 1 || priority > maxPriority) {
            p.add(job.at("Priority"), "job priority must be between [1, " + maxPriority + "]");
        }
        if (!job.str("Payload", "").isEmpty()) {
            p.add(job.at("Payload"), "job can't be submitted with a payload, only dispatched");
        }
        List<String> dcs = job.strings("Datacenters");
        for (int i = 0; i < dcs.size(); i++) {
            if (dcs.get(i).isEmpty()) {
                p.add(job.at("Datacenters") + "[" + i + "]", "Job datacenter must be non-empty string");
            }
        }
        description(job.obj("UI"), "UI description", p);
        description(job.obj("VersionTag"), "Tagged version description", p);
        PlacementRules.check(job, ctx, p);
        groups(job, ctx, p);
        ScheduleRules.periodic(job, ctx, p);
        ScheduleRules.parameterized(job, ctx, p);
    }

    /** ID, name and type; returns the type the rest of the rules go by. */
    private static String identity(Obj job, String id, Problems p) {
        if (id.isEmpty()) {
            p.add(job.at("ID"), "Missing job ID");
        } else if (id.contains(" ")) {
            p.add(job.at("ID"), "Job ID contains a space");
        } else if (id.contains("\0")) {
            p.add(job.at("ID"), "Job ID contains a null character");
        }
        // A job without a name is named after its ID, so a job without either misses both.
        String name = job.str("Name", id);
        if (name.isEmpty()) {
            p.add(job.at("Name"), "Missing job name");
        } else if (name.contains("\0")) {
            p.add(job.at("Name"), "Job Name contains a null character");
        }
        String type = job.str("Type", "service");
        if (type.isEmpty()) {
            p.add(job.at("Type"), "Missing job type");
        } else if (type.equals("_core")) {
            p.add(job.at("Type"), "job type cannot be core");
        } else if (!TYPES.contains(type)) {
            p.add(job.at("Type"), "Invalid job type: " + Problems.q(type));
        }
        return type;
    }

    private static void description(Obj block, String what, Problems p) {
        String d = block == null ? null : block.str("Description");
        int length = d == null ? 0 : d.getBytes(StandardCharsets.UTF_8).length;
        if (length > MAX_DESCRIPTION) {
            p.add(block.at("Description"), what + " must be under 1000 characters, currently " + length);
        }
    }

    private static void groups(Obj job, JobContext ctx, Problems p) {
        List<Obj> groups = job.named("TaskGroups");
        if (groups.isEmpty()) {
            p.add(job.at("TaskGroups"), "Missing job task groups");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < groups.size(); i++) {
            Obj g = groups.get(i);
            String name = g.str("Name", "");
            if (name.isEmpty()) {
                p.add(g.at("Name"), "Job task group " + (i + 1) + " missing name");
            } else if (seen.containsKey(name)) {
                p.add(g.at("Name"), "Job task group " + (i + 1) + " redefines '" + name + "' from group "
                        + (seen.get(name) + 1));
            } else {
                seen.put(name, i);
            }
            if (g.duration("ShutdownDelay", java.time.Duration.ZERO).isNegative()) {
                p.add(g.at("ShutdownDelay"), "ShutdownDelay must be a positive value");
            }
            long count = GroupRules.count(g);
            if (ctx.system() && count > 1) {
                p.add(g.at("Count"), "Job task group " + name + " has count " + count
                        + ". Count cannot exceed 1 with system scheduler");
            }
        }
        for (Obj g : groups) {
            GroupRules.check(g, job, ctx, p);
        }
    }
}
