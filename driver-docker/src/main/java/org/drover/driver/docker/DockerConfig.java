package org.drover.driver.docker;

import java.util.List;
import java.util.Map;

import org.drover.runner.api.driver.TaskConfigException;
import org.drover.runner.api.driver.TaskConfigSchema;
import org.drover.runner.api.driver.TaskConfigSchema.Field;
import org.drover.runner.api.driver.TaskConfigSchema.Type;

/**
 * The {@code config} block of docker tasks, with Nomad's keys. Blocks
 * ({@code mount}, {@code logging}) come from job files as a map when written
 * once and a list of maps when repeated; both are accepted.
 */
record DockerConfig(String image, String command, List<String> args, List<String> entrypoint, List<String> ports,
        String networkMode, List<String> volumes, List<Map<String, Object>> mounts, Map<String, String> labels,
        String hostname, String workDir, List<String> capAdd, List<String> capDrop, boolean privileged,
        long shmSize, Map<String, String> ulimits, long memoryHardLimitMb, boolean forcePull, String loggingType,
        Map<String, String> loggingConfig) {

    static final TaskConfigSchema SCHEMA = new TaskConfigSchema(Map.ofEntries(
            Map.entry("image", Field.required(Type.STRING)),
            Map.entry("command", Field.optional(Type.STRING)),
            Map.entry("args", Field.optional(Type.STRING_LIST)),
            Map.entry("entrypoint", Field.optional(Type.STRING_LIST)),
            Map.entry("ports", Field.optional(Type.STRING_LIST)),
            Map.entry("network_mode", Field.optional(Type.STRING)),
            Map.entry("volumes", Field.optional(Type.STRING_LIST)),
            Map.entry("mount", Field.optional(Type.ANY)),
            Map.entry("labels", Field.optional(Type.STRING_MAP)),
            Map.entry("hostname", Field.optional(Type.STRING)),
            Map.entry("work_dir", Field.optional(Type.STRING)),
            Map.entry("cap_add", Field.optional(Type.STRING_LIST)),
            Map.entry("cap_drop", Field.optional(Type.STRING_LIST)),
            Map.entry("privileged", Field.optional(Type.BOOL)),
            Map.entry("shm_size", Field.optional(Type.NUMBER)),
            Map.entry("ulimit", Field.optional(Type.STRING_MAP)),
            Map.entry("memory_hard_limit", Field.optional(Type.NUMBER)),
            Map.entry("force_pull", Field.optional(Type.BOOL)),
            Map.entry("logging", Field.optional(Type.ANY))));

    @SuppressWarnings("unchecked")
    static DockerConfig from(Map<String, Object> c) {
        Map<String, Object> logging = single(c.get("logging"), "logging");
        Object loggingConfig = logging.getOrDefault("config", Map.of());
        if (loggingConfig instanceof List<?> l && l.size() == 1) {
            loggingConfig = l.get(0);
        }
        if (!(loggingConfig instanceof Map<?, ?> lc) || !lc.values().stream().allMatch(String.class::isInstance)) {
            throw new TaskConfigException("logging", "config must be a map of strings");
        }
        return new DockerConfig((String) c.get("image"), (String) c.getOrDefault("command", ""),
                (List<String>) c.getOrDefault("args", List.of()),
                (List<String>) c.getOrDefault("entrypoint", List.of()),
                (List<String>) c.getOrDefault("ports", List.of()),
                (String) c.getOrDefault("network_mode", ""),
                (List<String>) c.getOrDefault("volumes", List.of()), blocks(c.get("mount"), "mount"),
                (Map<String, String>) c.getOrDefault("labels", Map.of()),
                (String) c.getOrDefault("hostname", ""), (String) c.getOrDefault("work_dir", ""),
                (List<String>) c.getOrDefault("cap_add", List.of()),
                (List<String>) c.getOrDefault("cap_drop", List.of()),
                (Boolean) c.getOrDefault("privileged", false),
                ((Number) c.getOrDefault("shm_size", 0)).longValue(),
                (Map<String, String>) c.getOrDefault("ulimit", Map.of()),
                ((Number) c.getOrDefault("memory_hard_limit", 0)).longValue(),
                (Boolean) c.getOrDefault("force_pull", false),
                String.valueOf(logging.getOrDefault("type", "")), (Map<String, String>) loggingConfig);
    }

    /** A block written once (a map) or repeated (a list of maps). */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> blocks(Object value, String key) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof Map<?, ?> m) {
            return List.of((Map<String, Object>) m);
        }
        if (value instanceof List<?> l && l.stream().allMatch(Map.class::isInstance)) {
            return (List<Map<String, Object>>) l;
        }
        throw new TaskConfigException(key, "must be a block (a map) or a list of blocks");
    }

    private static Map<String, Object> single(Object value, String key) {
        List<Map<String, Object>> b = blocks(value, key);
        if (b.size() > 1) {
            throw new TaskConfigException(key, "may be given once");
        }
        return b.isEmpty() ? Map.of() : b.get(0);
    }
}
