package org.drover.runner.core.task;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.drover.runner.api.alloc.TaskDir;
import org.drover.runner.api.driver.NetworkIsolation;
import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.Task;
import org.drover.runner.api.node.Node;

/**
 * A task's environment, built in Nomad's order (later wins): directories,
 * limits and identity; ports; metadata; the agent's own environment (not for image
 * drivers, without the credentials Nomad keeps from tasks, and only where nothing
 * above set the variable); the task's {@code env} block; what hooks contribute.
 * Keys are cleaned to {@code [A-Za-z0-9_]}, but for ports, cleaned as Nomad cleans them.
 */
public final class TaskEnvironment {

    /** Host variables never passed to tasks (Nomad's deny list). */
    static final java.util.Set<String> HOST_DENY = java.util.Set.of("CONSUL_TOKEN", "VAULT_TOKEN",
            "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "GOOGLE_APPLICATION_CREDENTIALS");

    private TaskEnvironment() {
    }

    /**
     * @param isolated whether the driver shows the task /alloc, /local and
     *                 /secrets (chroot or image) instead of host paths
     * @param hostEnv  the agent's environment, or empty for image drivers
     * @param node     the node the task runs on: {@code NOMAD_DC}, {@code NOMAD_REGION} and the
     *                 {@code ${node.*}}, {@code ${attr.*}}, {@code ${meta.*}} of its variables
     */
    public static Map<String, String> build(Allocation alloc, Task task, TaskDir dirs, boolean isolated,
            Map<String, String> hostEnv, Map<String, String> hookEnv, Node node) {
        return build(alloc, task, dirs, isolated, hostEnv, hookEnv, node, null);
    }

    /** @param network the allocation's network namespace; null when its tasks run in the host's network */
    public static Map<String, String> build(Allocation alloc, Task task, TaskDir dirs, boolean isolated,
            Map<String, String> hostEnv, Map<String, String> hookEnv, Node node, NetworkIsolation network) {
        Map<String, String> env = new LinkedHashMap<>();
        TaskDir seen = isolated ? TaskDir.SANDBOX : dirs;
        env.put("NOMAD_ALLOC_DIR", seen.sharedDir().toString());
        env.put("NOMAD_TASK_DIR", seen.localDir().toString());
        env.put("NOMAD_SECRETS_DIR", seen.secretsDir().toString());
        env.put("NOMAD_MEMORY_LIMIT", Integer.toString(task.resources().memoryMb()));
        env.put("NOMAD_CPU_LIMIT", Integer.toString(task.resources().cpuMhz()));
        env.put("NOMAD_ALLOC_ID", alloc.id());
        env.put("NOMAD_SHORT_ALLOC_ID", alloc.shortId());
        env.put("NOMAD_ALLOC_NAME", alloc.name());
        env.put("NOMAD_ALLOC_INDEX", Integer.toString(alloc.index()));
        env.put("NOMAD_TASK_NAME", task.name());
        env.put("NOMAD_GROUP_NAME", alloc.group());
        env.put("NOMAD_JOB_NAME", alloc.job().name());
        env.put("NOMAD_JOB_ID", alloc.job().id());
        // The node's, as Nomad's client sets them: where the task runs, not what the job asked for.
        env.put("NOMAD_DC", node.datacenter());
        env.put("NOMAD_REGION", node.region());
        env.put("NOMAD_NAMESPACE", alloc.job().namespace());
        PortEnvironment.add(env, alloc.network(), task.name(), network);

        Map<String, String> meta = new LinkedHashMap<>(alloc.job().meta());
        meta.putAll(alloc.taskGroup().meta());
        meta.putAll(task.meta());
        // Nomad exports each key both as written and upper-cased.
        meta.forEach((k, v) -> {
            put(env, "NOMAD_META_" + k, v);
            put(env, "NOMAD_META_" + k.toUpperCase(Locale.ROOT), v);
        });
        // Nomad's rule: the host's variables never override what the agent set for the task.
        hostEnv.forEach((k, v) -> {
            if (!HOST_DENY.contains(k)) {
                env.putIfAbsent(k.replaceAll("[^A-Za-z0-9_]", "_"), v);
            }
        });
        // The task's own variables may refer to everything above, as in Nomad.
        Interpolation interpolation = new Interpolation(env, node);
        task.env().forEach((k, v) -> put(env, k, interpolation.apply(v)));
        hookEnv.forEach((k, v) -> put(env, k, v));
        return env;
    }

    /** The interpolation of a task's {@code config} against its environment and node. */
    static Interpolation interpolation(Map<String, String> env, Node node) {
        return new Interpolation(env, node);
    }

    private static void put(Map<String, String> env, String key, String value) {
        env.put(key.replaceAll("[^A-Za-z0-9_]", "_"), value);
    }
}
