package org.drover.launcher.jobs;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.drover.jobspec.schema.Block;
import org.drover.jobspec.schema.JobSchema;
import org.drover.jobspec.schema.PlacementSchema;
import org.drover.jobspec.schema.TaskSchema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What Nomad's job-file reader does beyond renaming keys, done the same way: a constraint's or an
 * affinity's shorthand ({@code distinct_hosts = true}, {@code version = "…"}) as an operator and
 * its target; a {@code port} with {@code static} as a reserved port; {@code cron} as a spec of type
 * cron; a group's {@code scaling} horizontal unless it says; a group's and the job's {@code vault}
 * and {@code secret} given to each task; the job's {@code task} shorthand as a group of its own; a
 * task's {@code identity} without a name as its default identity; and a task's {@code scaling "cpu"}
 * and {@code scaling "mem"} as vertical policies.
 */
final class HclConversions {

    /** Shorthands that set the operator to their own name and the right target to their value, in Nomad's order. */
    private static final List<String> CONSTRAINT_SHORTHANDS = List.of("version", "semver", "regexp", "set_contains");
    private static final List<String> AFFINITY_SHORTHANDS = List.of("version", "semver", "regexp", "set_contains_any",
            "set_contains_all", "set_contains");

    private final HclToApi walker;
    private final HclJobFile file;

    HclConversions(HclToApi walker, HclJobFile file) {
        this.walker = walker;
        this.file = file;
    }

    /** The conversions of one stanza, done once its keys are written. */
    void block(ObjectNode out, Map<String, Object> body, Block block, String path, String hcl, int line) {
        if (block == PlacementSchema.CONSTRAINT) {
            placement(out, body, CONSTRAINT_SHORTHANDS, true, path, hcl, line);
        } else if (block == PlacementSchema.AFFINITY) {
            placement(out, body, AFFINITY_SHORTHANDS, false, path, hcl, line);
        } else if (block == JobSchema.NETWORK) {
            ports(out, path);
        } else if (block == JobSchema.PERIODIC && (out.has("Spec") || out.has("Specs"))) {
            out.put("SpecType", "cron");
        } else if (block == JobSchema.SCALING && path.endsWith(".Scaling") && !out.has("Type")) {
            out.put("Type", "horizontal");
        } else if (block == TaskSchema.TASK) {
            defaultIdentity(out, path);
            verticalScaling(out, path, hcl);
        } else if (block == JobSchema.GROUP && (body.containsKey("vault") || body.containsKey("secret"))) {
            give(out, path, inherited(body, path, hcl, line));
        }
    }

    /** A job's own conversions, done once its groups are written. */
    void job(ObjectNode job, Map<String, Object> body, String hcl, int line) {
        List<ObjectNode> alone = new ArrayList<>();
        for (Map.Entry<String, Object> t : HclToApi.labelled(body.get("task"))) {
            String group = "Job.TaskGroups[\"" + t.getKey() + "\"]";
            String task = group + ".Tasks[\"" + t.getKey() + "\"]";
            ObjectNode one = walker.labelledItem(t, JobSchema.JOB.hcl("task").orElseThrow(), task,
                    hcl + " task \"" + t.getKey() + "\"", line);
            file.note(group, file.lineOf(task));
            ObjectNode g = HclJobFile.object();
            g.put("Name", t.getKey());
            g.putArray("Tasks").add(one);
            alone.add(g);
        }
        if (!alone.isEmpty()) {
            ArrayNode groups = HclJobFile.object().putArray("TaskGroups");
            alone.forEach(groups::add);
            if (job.get("TaskGroups") instanceof ArrayNode written) {
                groups.addAll(written);
            }
            job.set("TaskGroups", groups);
        }
        if (job.get("TaskGroups") instanceof ArrayNode groups && (body.containsKey("vault")
                || body.containsKey("secret"))) {
            Inherited from = inherited(body, "Job", hcl, line);
            for (JsonNode g : groups) {
                give((ObjectNode) g, "Job.TaskGroups[\"" + g.path("Name").asText() + "\"]", from);
            }
        }
    }

    /** Nomad's reader moves the first identity without a name (or named default) to the task's own. */
    private void defaultIdentity(ObjectNode task, String path) {
        if (!(task.get("Identities") instanceof ArrayNode ids)) {
            return;
        }
        for (int i = 0; i < ids.size(); i++) {
            String name = ids.get(i).path("Name").asText("");
            if (name.isEmpty() || name.equals("default")) {
                task.set("Identity", ids.remove(i));
                file.copyLines(path + ".Identities[" + i + "]", path + ".Identity");
                if (ids.isEmpty()) {
                    task.remove("Identities");
                }
                return;
            }
        }
    }

    /** {@code scaling "cpu"} is a policy of type vertical_cpu, {@code scaling "mem"} of vertical_mem; no others. */
    private void verticalScaling(ObjectNode task, String path, String hcl) {
        if (!(task.get("ScalingPolicies") instanceof ArrayNode policies)) {
            return;
        }
        List<String> labels = new ArrayList<>();
        for (JsonNode p : policies) {
            labels.add(p.path("Type").asText(""));
        }
        for (int i = 0; i < policies.size(); i++) {
            ObjectNode p = (ObjectNode) policies.get(i);
            String label = labels.get(i).toLowerCase(java.util.Locale.ROOT);
            String at = path + ".ScalingPolicies[\"" + labels.get(i) + "\"]";
            String type = switch (label) {
                case "cpu", "vertical_cpu" -> "vertical_cpu";
                case "mem", "vertical_mem" -> "vertical_mem";
                default -> null;
            };
            if (type == null) {
                file.error(at, hcl + " scaling \"" + labels.get(i) + "\"", "scaling policy name must be \"cpu\" or"
                        + " \"mem\"");
                continue;
            }
            p.put("Type", type);
            file.copyLines(at, path + ".ScalingPolicies[\"" + type + "\"]");
        }
    }

    /** What a group's or the job's {@code vault} and {@code secret} give each task, as written there. */
    private record Inherited(ObjectNode vault, String vaultAt, ArrayNode secrets, String secretsAt) {
    }

    private Inherited inherited(Map<String, Object> body, String fromPath, String hcl, int line) {
        String vaultAt = fromPath + ".vault";
        ObjectNode vault = null;
        if (body.get("vault") != null) {
            int at = file.locate(vaultAt, line, "vault\\s*\\{");
            vault = walker.block(walker.body(body.get("vault"), vaultAt, hcl + " vault"), JobSchema.VAULT, vaultAt,
                    hcl + " vault", at);
        }
        String secretsAt = fromPath + ".secret";
        ArrayNode secrets = HclJobFile.object().putArray("Secrets");
        for (Map.Entry<String, Object> s : HclToApi.labelled(body.get("secret"))) {
            secrets.add(walker.labelledItem(s, JobSchema.GROUP.hcl("secret").orElseThrow(),
                    secretsAt + "[\"" + s.getKey() + "\"]", hcl + " secret \"" + s.getKey() + "\"", line));
        }
        return new Inherited(vault, vaultAt, secrets, secretsAt);
    }

    /** The vault to each task of {@code group} without one, the secrets after each task's own. */
    private void give(ObjectNode group, String groupPath, Inherited from) {
        if (!(group.get("Tasks") instanceof ArrayNode tasks)) {
            return;
        }
        for (JsonNode t : tasks) {
            ObjectNode task = (ObjectNode) t;
            String taskPath = groupPath + ".Tasks[\"" + task.path("Name").asText() + "\"]";
            if (from.vault() != null && (task.get("Vault") == null || task.get("Vault").isNull())) {
                task.set("Vault", from.vault().deepCopy());
                file.copyLines(from.vaultAt(), taskPath + ".Vault");
            }
            if (!from.secrets().isEmpty()) {
                ArrayNode own = task.get("Secrets") instanceof ArrayNode a ? a : task.putArray("Secrets");
                from.secrets().forEach(s -> own.add(s.deepCopy()));
                file.copyLines(from.secretsAt(), taskPath + ".Secrets");
            }
        }
    }

    /** A constraint's or affinity's shorthand: the operator its name, its value the target; else "=". */
    private void placement(ObjectNode out, Map<String, Object> body, List<String> shorthands, boolean constraint,
            String path, String hcl, int line) {
        for (String s : shorthands) {
            String v = shorthand(body, s, path, hcl, line);
            if (v != null && !v.isEmpty()) {
                out.put("Operand", s);
                out.put("RTarget", v);
            }
        }
        if (constraint && body.containsKey("distinct_hosts")) {
            Object v = body.get("distinct_hosts");
            file.locate(path + ".Operand", line, "distinct_hosts\\s*=");
            if (v instanceof Boolean || "true".equals(v) || "false".equals(v)) {
                out.put("Operand", "distinct_hosts");
                out.put("RTarget", String.valueOf(v));
            } else {
                file.error(path + ".Operand", hcl + " distinct_hosts", "must be true or false, got "
                        + HclToApi.value(v));
            }
        }
        String property = constraint ? shorthand(body, "distinct_property", path, hcl, line) : null;
        if (property != null && !property.isEmpty()) {
            out.put("Operand", "distinct_property");
            out.put("LTarget", property);
        }
        if (out.path("Operand").asText("").isEmpty()) {
            out.put("Operand", "=");
        }
    }

    /** A shorthand's text, its line recorded as the operator's; null if not written. */
    private String shorthand(Map<String, Object> body, String name, String path, String hcl, int line) {
        if (!body.containsKey(name)) {
            return null;
        }
        int at = file.locate(path + ".Operand", line, Pattern.quote(name) + "\\s*=");
        file.note(path + ".RTarget", at);
        Object v = body.get(name);
        if (!(v instanceof String)) {
            file.error(path + ".Operand", hcl + " " + name, "must be a string, got " + HclToApi.value(v));
            return null;
        }
        return HclToApi.value(v).asText();
    }

    /** Nomad's reader writes every {@code port} as dynamic, then moves those with {@code static} to the reserved. */
    private void ports(ObjectNode network, String path) {
        if (!(network.get("DynamicPorts") instanceof ArrayNode ports) || ports.isEmpty()) {
            return;
        }
        ArrayNode dynamic = HclJobFile.object().putArray("DynamicPorts");
        ArrayNode reserved = HclJobFile.object().putArray("ReservedPorts");
        for (Iterator<JsonNode> it = ports.elements(); it.hasNext();) {
            JsonNode p = it.next();
            if (p.path("Value").isNumber() && p.path("Value").asDouble() > 0) {
                String label = "[\"" + p.path("Label").asText() + "\"]";
                file.copyLines(path + ".DynamicPorts" + label, path + ".ReservedPorts" + label);
                file.note(path + ".ReservedPorts", file.lineOf(path + ".DynamicPorts" + label));
                reserved.add(p);
            } else {
                dynamic.add(p);
            }
        }
        network.remove("DynamicPorts");
        network.remove("ReservedPorts");
        if (!dynamic.isEmpty()) {
            network.set("DynamicPorts", dynamic);
        }
        if (!reserved.isEmpty()) {
            network.set("ReservedPorts", reserved);
        }
    }
}
