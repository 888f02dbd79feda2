package org.drover.launcher.jobs;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Nomad's job file stanzas mapped to the API's JSON keys, level by level.
 * Values pass through as written (the API-side reader checks their types);
 * unknown keys are errors and stanzas Drover ignores are warnings.
 */
final class HclToApi {

    private static final Map<String, String> JOB = Map.of("type", "Type", "name", "Name", "region", "Region",
            "namespace", "Namespace", "datacenters", "Datacenters", "meta", "Meta");
    private static final Set<String> JOB_IGNORED = Set.of("priority", "all_at_once", "node_pool", "id");
    private static final Set<String> JOB_UNSUPPORTED = Set.of("constraint", "affinity", "spread", "update",
            "multiregion", "periodic", "parameterized", "migrate", "reschedule", "vault", "ui", "consul");
    private static final Map<String, String> GROUP = Map.of("count", "Count", "meta", "Meta");
    private static final Set<String> GROUP_UNSUPPORTED = Set.of("network", "service", "volume", "constraint",
            "affinity", "spread", "update", "migrate", "reschedule", "ephemeral_disk", "scaling", "consul",
            "shutdown_delay", "stop_after_client_disconnect", "max_client_disconnect", "prevent_reschedule_on_lost",
            "disconnect");
    private static final Map<String, String> RESTART = Map.of("attempts", "Attempts", "interval", "Interval",
            "delay", "Delay", "mode", "Mode", "render_templates", "RenderTemplates");
    private static final Map<String, String> TASK = Map.ofEntries(Map.entry("driver", "Driver"),
            Map.entry("user", "User"), Map.entry("config", "Config"), Map.entry("env", "Env"),
            Map.entry("meta", "Meta"), Map.entry("kill_timeout", "KillTimeout"),
            Map.entry("kill_signal", "KillSignal"), Map.entry("shutdown_delay", "ShutdownDelay"),
            Map.entry("leader", "Leader"));
    private static final Set<String> TASK_UNSUPPORTED = Set.of("service", "template", "artifact", "vault",
            "constraint", "affinity", "lifecycle", "volume_mount", "identity", "dispatch_payload", "csi_plugin",
            "scaling", "kind", "restart", "consul", "action", "schedule");
    private static final Map<String, String> RESOURCES = Map.of("cpu", "CPU", "memory", "MemoryMB",
            "memory_max", "MemoryMaxMB", "cores", "Cores", "device", "Devices", "network", "Networks",
            "disk", "DiskMB");
    private static final Map<String, String> LOGS = Map.of("max_files", "MaxFiles", "max_file_size",
            "MaxFileSizeMB", "disabled", "Disabled");

    /**
     * The keys whose value is a duration. Nomad reads a number there as nanoseconds (the API's
     * unit); in a job file that is almost always seconds meant, so it is kept but warned about.
     */
    private static final Set<String> DURATIONS = Set.of("kill_timeout", "shutdown_delay", "interval", "delay");

    private final HclJobFile file;

    HclToApi(HclJobFile file) {
        this.file = file;
    }

    ObjectNode job(Map<String, Object> parsed) {
        ObjectNode root = HclJobFile.object();
        Object jobs = parsed.get("job");
        List<Map.Entry<String, Object>> labelled = labelled(jobs);
        if (labelled.size() != 1 || parsed.size() != 1) {
            file.error("Job", "job", "a job file holds exactly one job \"<name>\" { … } block");
            return root;
        }
        String id = labelled.get(0).getKey();
        ObjectNode job = root.putObject("Job");
        job.put("ID", id);
        file.locate("Job", "", "job\\s+\"" + Pattern.quote(id) + "\"");
        Map<String, Object> body = body(labelled.get(0).getValue(), "Job", "job \"" + id + "\"");
        for (Map.Entry<String, Object> e : body.entrySet()) {
            String key = e.getKey();
            String hcl = "job \"" + id + "\"";
            if (key.equals("group")) {
                ArrayNode groups = job.putArray("TaskGroups");
                for (Map.Entry<String, Object> g : labelled(e.getValue())) {
                    groups.add(group(g.getKey(), body(g.getValue(), "Job", hcl + " group"), hcl));
                }
            } else {
                attribute(job, "Job", hcl, key, e.getValue(), JOB, JOB_IGNORED, JOB_UNSUPPORTED);
            }
        }
        return root;
    }

    private ObjectNode group(String name, Map<String, Object> body, String parentHcl) {
        String path = "Job.TaskGroups[\"" + name + "\"]";
        String hcl = parentHcl + " group \"" + name + "\"";
        file.locate(path, "Job", "group\\s+\"" + Pattern.quote(name) + "\"");
        ObjectNode group = HclJobFile.object();
        group.put("Name", name);
        for (Map.Entry<String, Object> e : body.entrySet()) {
            switch (e.getKey()) {
                case "task" -> {
                    ArrayNode tasks = group.putArray("Tasks");
                    for (Map.Entry<String, Object> t : labelled(e.getValue())) {
                        tasks.add(task(t.getKey(), body(t.getValue(), path, hcl + " task"), path, hcl));
                    }
                }
                case "restart" -> group.set("RestartPolicy",
                        block(e.getValue(), path + ".RestartPolicy", path, hcl + " restart", "restart", RESTART));
                default -> attribute(group, path, hcl, e.getKey(), e.getValue(), GROUP, Set.of(), GROUP_UNSUPPORTED);
            }
        }
        return group;
    }

    private ObjectNode task(String name, Map<String, Object> body, String groupPath, String groupHcl) {
        String path = groupPath + ".Tasks[\"" + name + "\"]";
        String hcl = groupHcl + " task \"" + name + "\"";
        file.locate(path, groupPath, "task\\s+\"" + Pattern.quote(name) + "\"");
        ObjectNode task = HclJobFile.object();
        task.put("Name", name);
        for (Map.Entry<String, Object> e : body.entrySet()) {
            switch (e.getKey()) {
                case "resources" -> task.set("Resources",
                        block(e.getValue(), path + ".Resources", path, hcl + " resources", "resources", RESOURCES));
                case "logs" -> task.set("LogConfig",
                        block(e.getValue(), path + ".LogConfig", path, hcl + " logs", "logs", LOGS));
                default -> attribute(task, path, hcl, e.getKey(), e.getValue(), TASK, Set.of(), TASK_UNSUPPORTED);
            }
        }
        return task;
    }

    /** A block given once, its keys mapped; anything else in it is an unknown field. */
    private ObjectNode block(Object value, String path, String parentPath, String hcl, String keyword,
            Map<String, String> keys) {
        file.locate(path, parentPath, Pattern.quote(keyword));
        ObjectNode out = HclJobFile.object();
        if (!(value instanceof Map<?, ?> m)) {
            file.error(path, hcl, "must be a single block");
            return out;
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String key = String.valueOf(e.getKey());
            String apiKey = keys.get(key);
            String at = path + "." + (apiKey == null ? key : apiKey);
            file.locate(at, path, Pattern.quote(key));
            if (apiKey == null) {
                file.error(at, hcl + " " + key, "unknown field; expected one of " + new java.util.TreeSet<>(keys.keySet()));
            } else {
                out.set(apiKey, value(e.getValue()));
                checkDuration(at, hcl + " " + key, key, e.getValue());
            }
        }
        return out;
    }

    private void attribute(ObjectNode into, String path, String hcl, String key, Object value,
            Map<String, String> keys, Set<String> ignored, Set<String> unsupported) {
        String apiKey = keys.get(key);
        String at = path + "." + (apiKey == null ? key : apiKey);
        file.locate(at, path, Pattern.quote(key));
        if (apiKey != null) {
            into.set(apiKey, value(value));
            checkDuration(at, hcl + " " + key, key, value);
        } else if (unsupported.contains(key)) {
            file.unsupported(at, hcl + " " + key);
        } else if (!ignored.contains(key)) {
            file.error(at, hcl + " " + key, "unknown field");
        }
    }

    private void checkDuration(String at, String hcl, String key, Object value) {
        if (DURATIONS.contains(key) && value instanceof Number n && n.doubleValue() != 0) {
            String written = value(value).asText();
            file.warn(at, hcl, written + " is " + written + " nanoseconds; a duration takes its unit, as in \""
                    + written + "s\"");
        }
    }

    /** A labelled block's entries ({@code group "a" {…}}): a map by label, or a list of such maps. */
    private static List<Map.Entry<String, Object>> labelled(Object value) {
        List<Map.Entry<String, Object>> out = new java.util.ArrayList<>();
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.add(Map.entry(String.valueOf(k), v)));
        } else if (value instanceof List<?> l) {
            l.forEach(e -> out.addAll(labelled(e)));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> body(Object value, String path, String hcl) {
        if (value instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        file.error(path, hcl, "must be a block { … }");
        return Map.of();
    }

    /** HCL's values as JSON: whole numbers as integers (hcl4j reads every number as a double). */
    static JsonNode value(Object v) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (v == null) {
            return f.nullNode();
        }
        if (v instanceof String s) {
            return f.textNode(Placeholders.unescape(s));
        }
        if (v instanceof Boolean b) {
            return f.booleanNode(b);
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            return d == Math.rint(d) && Math.abs(d) < 9e15 ? f.numberNode((long) d) : f.numberNode(d);
        }
        if (v instanceof List<?> l) {
            ArrayNode a = f.arrayNode();
            l.forEach(e -> a.add(value(e)));
            return a;
        }
        if (v instanceof Map<?, ?> m) {
            ObjectNode o = f.objectNode();
            m.forEach((k, e) -> o.set(String.valueOf(k), value(e)));
            return o;
        }
        return f.textNode(String.valueOf(v));
    }

    private static final class Pattern {
        static String quote(String s) {
            return java.util.regex.Pattern.quote(s);
        }
    }
}
