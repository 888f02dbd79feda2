package org.drover.driver.docker;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.drover.driver.docker.engine.Engine;
import org.drover.runner.api.alloc.TaskDir;
import org.drover.runner.api.driver.TaskConfig;
import org.drover.runner.api.driver.TaskConfigException;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The body of a container create for one run of a task: Nomad's docker
 * options mapped onto the Engine's, the allocation's directories mounted at
 * {@code /alloc}, {@code /local} and {@code /secrets}, and Drover's labels.
 * Anything the operator has not enabled is refused here, naming the key and
 * the setting.
 */
final class ContainerSpec {

    /** Log drivers the Engine can read back, so the driver can copy their lines into the task's files. */
    static final Set<String> READABLE_LOGGING = Set.of("json-file", "local", "journald");

    private ContainerSpec() {
    }

    /** The image reference as the Engine takes it, with {@code :latest} when no tag or digest is given. */
    static String imageRef(String image) {
        int slash = image.lastIndexOf('/');
        return image.contains("@") || image.indexOf(':', slash + 1) >= 0 ? image : image + ":latest";
    }

    static ObjectNode of(TaskConfig task, DockerConfig c, DockerSettings settings, String nodeId) {
        return of(task, c, settings, nodeId, ContainerNetwork.HOST);
    }

    static ObjectNode of(TaskConfig task, DockerConfig c, DockerSettings settings, String nodeId,
            ContainerNetwork network) {
        ObjectNode spec = Engine.object();
        spec.put("Image", imageRef(c.image()));
        if (!c.command().isEmpty() || !c.args().isEmpty()) {
            ArrayNode cmd = spec.putArray("Cmd");
            if (!c.command().isEmpty()) {
                cmd.add(c.command());
            }
            c.args().forEach(cmd::add);
        }
        if (!c.entrypoint().isEmpty()) {
            c.entrypoint().forEach(spec.putArray("Entrypoint")::add);
        }
        ArrayNode env = spec.putArray("Env");
        new java.util.TreeMap<>(task.env()).forEach((k, v) -> env.add(k + "=" + v));
        if (!task.user().isEmpty()) {
            spec.put("User", task.user());
        }
        if (!c.hostname().isEmpty()) {
            spec.put("Hostname", c.hostname());
        }
        if (!c.workDir().isEmpty()) {
            spec.put("WorkingDir", c.workDir());
        }
        spec.set("Labels", labels(task, c, nodeId));
        ObjectNode host = spec.putObject("HostConfig");
        resources(task, c, host);
        mounts(task, c, settings, host);
        network.apply(task, c, settings, spec, host);
        if (c.privileged()) {
            if (!settings.allowPrivileged()) {
                throw new TaskConfigException("privileged", DockerSettings.refusal("privileged", "allow_privileged"));
            }
            host.put("Privileged", true);
        }
        c.capAdd().forEach(host.withArrayProperty("CapAdd")::add);
        c.capDrop().forEach(host.withArrayProperty("CapDrop")::add);
        if (c.shmSize() > 0) {
            host.put("ShmSize", c.shmSize());
        }
        ulimits(c, host);
        logging(c, host);
        return spec;
    }

    private static ObjectNode labels(TaskConfig task, DockerConfig c, String nodeId) {
        ObjectNode labels = Engine.object();
        for (Map.Entry<String, String> l : new java.util.TreeMap<>(c.labels()).entrySet()) {
            if (l.getKey().startsWith(Labels.PREFIX)) {
                throw new TaskConfigException("labels", "\"" + l.getKey() + "\": the prefix " + Labels.PREFIX
                        + " is Drover's own");
            }
            labels.put(l.getKey(), l.getValue());
        }
        labels.put(Labels.NODE, nodeId).put(Labels.ALLOC, task.allocId()).put(Labels.JOB, task.jobName())
                .put(Labels.TASK, task.taskName()).put(Labels.RUN, task.id());
        return labels;
    }

    /** Nomad's mapping: memory in MB (a hard limit above it makes it the reservation), CPU MHz as shares, no swap. */
    private static void resources(TaskConfig task, DockerConfig c, ObjectNode host) {
        long memoryMb = task.resources().memoryMb();
        long limitMb = c.memoryHardLimitMb() > 0 ? c.memoryHardLimitMb() : memoryMb;
        if (c.memoryHardLimitMb() > 0 && c.memoryHardLimitMb() < memoryMb) {
            throw new TaskConfigException("memory_hard_limit", c.memoryHardLimitMb()
                    + " MB is below the task's memory of " + memoryMb + " MB");
        }
        if (limitMb > 0) {
            host.put("Memory", limitMb * 1024 * 1024);
            host.put("MemorySwap", limitMb * 1024 * 1024);
            if (c.memoryHardLimitMb() > 0) {
                host.put("MemoryReservation", memoryMb * 1024 * 1024);
            }
        }
        host.put("CpuShares", Math.max(2, task.resources().cpuMhz()));
    }

    private static void mounts(TaskConfig task, DockerConfig c, DockerSettings settings, ObjectNode host) {
        ArrayNode binds = host.putArray("Binds");
        TaskDir dirs = task.dirs();
        TaskDir inside = TaskDir.SANDBOX;
        binds.add(dirs.sharedDir() + ":" + inside.sharedDir());
        // The driver, as root on the host, writes the logs there: a container that could put a link
        // or a pipe in their place would have the host's files written. Its own logs it may read.
        binds.add(task.logDir() + ":" + inside.logDir() + ":ro");
        binds.add(dirs.localDir() + ":" + inside.localDir());
        binds.add(dirs.secretsDir() + ":" + inside.secretsDir());
        for (String volume : c.volumes()) {
            String[] parts = volume.split(":");
            if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || !parts[1].startsWith("/")) {
                throw new TaskConfigException("volumes", "\"" + volume + "\" is not host_path:/container_path[:ro|rw]");
            }
            Path source = hostPath(task, parts[0], settings, "volumes");
            binds.add(source + ":" + parts[1] + (parts.length == 3 ? ":" + parts[2] : ""));
        }
        for (Map<String, Object> m : c.mounts()) {
            host.withArrayProperty("Mounts").add(mount(task, m, settings));
        }
    }

    /** Relative host paths are the task directory's, as in Nomad; others must stay inside the allocation. */
    private static Path hostPath(TaskConfig task, String path, DockerSettings settings, String field) {
        Path source = task.taskDir().resolve(path).normalize();
        if (!source.startsWith(task.allocDir().normalize()) && !settings.volumesEnabled()) {
            throw new TaskConfigException(field, DockerSettings.refusal("mounting " + source
                    + " (outside the allocation directory)", "volumes_enabled"));
        }
        return source;
    }

    private static ObjectNode mount(TaskConfig task, Map<String, Object> m, DockerSettings settings) {
        String type = String.valueOf(m.getOrDefault("type", "volume"));
        Object target = m.get("target");
        if (!(target instanceof String t) || !t.startsWith("/")) {
            throw new TaskConfigException("mount", "target must be an absolute path in the container");
        }
        ObjectNode mount = Engine.object();
        mount.put("Type", type).put("Target", t).put("ReadOnly", Boolean.TRUE.equals(m.get("readonly")));
        switch (type) {
            case "bind" -> mount.put("Source",
                    hostPath(task, String.valueOf(m.getOrDefault("source", "")), settings, "mount").toString());
            case "volume" -> {
                if (!settings.volumesEnabled()) {
                    throw new TaskConfigException("mount", DockerSettings.refusal("a named volume", "volumes_enabled"));
                }
                mount.put("Source", String.valueOf(m.getOrDefault("source", "")));
            }
            case "tmpfs" -> {
                Object options = m.get("tmpfs_options");
                if (options instanceof Map<?, ?> o && o.get("size") instanceof Number size) {
                    mount.putObject("TmpfsOptions").put("SizeBytes", size.longValue());
                }
            }
            default -> throw new TaskConfigException("mount", "type \"" + type + "\" is not bind, volume or tmpfs");
        }
        return mount;
    }

    private static void ulimits(DockerConfig c, ObjectNode host) {
        for (Map.Entry<String, String> u : new java.util.TreeMap<>(c.ulimits()).entrySet()) {
            String[] softHard = u.getValue().split(":");
            try {
                long soft = Long.parseLong(softHard[0].trim());
                long hard = softHard.length > 1 ? Long.parseLong(softHard[1].trim()) : soft;
                host.withArrayProperty("Ulimits").addObject().put("Name", u.getKey()).put("Soft", soft).put("Hard", hard);
            } catch (NumberFormatException e) {
                throw new TaskConfigException("ulimit", u.getKey() + " = \"" + u.getValue()
                        + "\" is not SOFT or SOFT:HARD");
            }
        }
    }

    /** The job's logging, or json-file kept small: the driver copies the lines into the task's own files. */
    private static void logging(DockerConfig c, ObjectNode host) {
        ObjectNode log = host.putObject("LogConfig");
        if (c.loggingType().isEmpty()) {
            log.put("Type", "json-file");
            log.putObject("Config").put("max-size", "10m").put("max-file", "3");
        } else {
            log.put("Type", c.loggingType());
            ObjectNode config = log.putObject("Config");
            c.loggingConfig().forEach(config::put);
        }
    }

    /** Whether the Engine can hand back the lines of this container's log. */
    static boolean logsReadable(DockerConfig c) {
        return c.loggingType().isEmpty() || READABLE_LOGGING.contains(c.loggingType());
    }

}
