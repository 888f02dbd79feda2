package org.drover.driver.docker;

import java.util.List;
import java.util.Map;

import org.drover.runner.api.driver.ConfigField;
import org.drover.runner.api.driver.TaskConfigException;
import org.drover.runner.api.driver.TaskConfigSchema;
import org.drover.runner.api.model.Dns;

/**
 * The {@code config} block of docker tasks, with Nomad's keys. Blocks
 * ({@code mount}, {@code logging}, {@code port_map}) come from job files as a map when written
 * once and a list of maps when repeated; both are accepted. {@code dns} gathers the
 * {@code dns_servers}, {@code dns_search_domains} and {@code dns_options} keys; null when none is set.
 */
record DockerConfig(String image, String command, List<String> args, List<String> entrypoint, List<String> ports,
        Map<String, Integer> portMap, String networkMode, List<String> volumes, List<Map<String, Object>> mounts,
        Map<String, String> labels,
        String hostname, String workDir, List<String> capAdd, List<String> capDrop, boolean privileged,
        long shmSize, Map<String, String> ulimits, long memoryHardLimitMb, boolean forcePull, String loggingType,
        Map<String, String> loggingConfig, Dns dns) {

    static final ConfigField<String> IMAGE = ConfigField.string("image").required();
    static final ConfigField<String> COMMAND = ConfigField.string("command");
    static final ConfigField<List<String>> ARGS = ConfigField.list("args");
    static final ConfigField<List<String>> ENTRYPOINT = ConfigField.list("entrypoint");
    static final ConfigField<List<String>> PORTS = ConfigField.list("ports");
    static final ConfigField<Map<String, Integer>> PORT_MAP = ConfigField.any("port_map").as(DockerConfig::portMap);
    static final ConfigField<String> NETWORK_MODE = ConfigField.string("network_mode");
    static final ConfigField<List<String>> VOLUMES = ConfigField.list("volumes");
    static final ConfigField<List<Map<String, Object>>> MOUNT = ConfigField.any("mount").as(DockerConfig::blocks);
    static final ConfigField<Map<String, String>> LABELS = ConfigField.map("labels");
    static final ConfigField<String> HOSTNAME = ConfigField.string("hostname");
    static final ConfigField<String> WORK_DIR = ConfigField.string("work_dir");
    static final ConfigField<List<String>> CAP_ADD = ConfigField.list("cap_add");
    static final ConfigField<List<String>> CAP_DROP = ConfigField.list("cap_drop");
    static final ConfigField<Boolean> PRIVILEGED = ConfigField.bool("privileged");
    static final ConfigField<Long> SHM_SIZE = ConfigField.number("shm_size");
    static final ConfigField<Map<String, String>> ULIMIT = ConfigField.map("ulimit");
    static final ConfigField<Long> MEMORY_HARD_LIMIT = ConfigField.number("memory_hard_limit");
    static final ConfigField<Boolean> FORCE_PULL = ConfigField.bool("force_pull");
    static final ConfigField<Map<String, Object>> LOGGING = ConfigField.any("logging").as(DockerConfig::single);
    static final ConfigField<List<String>> DNS_SERVERS = ConfigField.list("dns_servers");
    static final ConfigField<List<String>> DNS_SEARCH_DOMAINS = ConfigField.list("dns_search_domains");
    static final ConfigField<List<String>> DNS_OPTIONS = ConfigField.list("dns_options");

    static final TaskConfigSchema SCHEMA = TaskConfigSchema.of(IMAGE, COMMAND, ARGS, ENTRYPOINT, PORTS, PORT_MAP,
            NETWORK_MODE, VOLUMES, MOUNT, LABELS, HOSTNAME, WORK_DIR, CAP_ADD, CAP_DROP, PRIVILEGED, SHM_SIZE, ULIMIT,
            MEMORY_HARD_LIMIT, FORCE_PULL, LOGGING, DNS_SERVERS, DNS_SEARCH_DOMAINS, DNS_OPTIONS);

    @SuppressWarnings("unchecked")
    static DockerConfig from(Map<String, Object> c) {
        Map<String, Object> logging = LOGGING.read(c);
        Object loggingConfig = logging.getOrDefault("config", Map.of());
        if (loggingConfig instanceof List<?> l && l.size() == 1) {
            loggingConfig = l.get(0);
        }
        if (!(loggingConfig instanceof Map<?, ?> lc) || !lc.values().stream().allMatch(String.class::isInstance)) {
            throw new TaskConfigException("logging", "config must be a map of strings");
        }
        return new DockerConfig(IMAGE.read(c), COMMAND.read(c), ARGS.read(c), ENTRYPOINT.read(c), PORTS.read(c),
                PORT_MAP.read(c), NETWORK_MODE.read(c), VOLUMES.read(c), MOUNT.read(c), LABELS.read(c),
                HOSTNAME.read(c), WORK_DIR.read(c), CAP_ADD.read(c), CAP_DROP.read(c), PRIVILEGED.read(c),
                SHM_SIZE.read(c), ULIMIT.read(c), MEMORY_HARD_LIMIT.read(c), FORCE_PULL.read(c),
                String.valueOf(logging.getOrDefault("type", "")), (Map<String, String>) loggingConfig,
                dns(c));
    }

    /** The task's own {@code dns_*} keys, or null when it has none. */
    private static Dns dns(Map<String, Object> c) {
        Dns dns = new Dns(DNS_SERVERS.read(c), DNS_SEARCH_DOMAINS.read(c), DNS_OPTIONS.read(c));
        return dns.servers().isEmpty() && dns.searches().isEmpty() && dns.options().isEmpty() ? null : dns;
    }

    /** A block written once (a map) or repeated (a list of maps). */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> blocks(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof Map<?, ?> m) {
            return List.of((Map<String, Object>) m);
        }
        if (value instanceof List<?> l && l.stream().allMatch(Map.class::isInstance)) {
            return (List<Map<String, Object>>) l;
        }
        throw new IllegalArgumentException("must be a block (a map) or a list of blocks");
    }

    /** {@code port_map { label = port }}, written once or repeated: the legacy ports' ports in the container. */
    static Map<String, Integer> portMap(Object value) {
        Map<String, Integer> out = new java.util.TreeMap<>();
        for (Map<String, Object> block : blocks(value)) {
            block.forEach((label, port) -> {
                if (!(port instanceof Number n) || n.doubleValue() != n.intValue() || n.intValue() < 1
                        || n.intValue() > 65535) {
                    throw new IllegalArgumentException(label + " = " + port + " is not a port (1 to 65535)");
                }
                out.put(label, n.intValue());
            });
        }
        return Map.copyOf(out);
    }

    private static Map<String, Object> single(Object value) {
        List<Map<String, Object>> b = blocks(value);
        if (b.size() > 1) {
            throw new IllegalArgumentException("may be given once");
        }
        return b.isEmpty() ? Map.of() : b.get(0);
    }
}
