package org.drover.runner.api.driver;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.drover.runner.api.alloc.TaskDir;
import org.drover.runner.api.model.AllocatedPort;
import org.drover.runner.api.model.Dns;
import org.drover.runner.api.model.LogConfig;
import org.drover.runner.api.model.Resources;

/**
 * Everything a driver needs to start one run of a task. Immutable; kept in the
 * task's handle, so it must hold only values the state store can encode:
 * strings, numbers, booleans, lists and maps of those, and paths.
 *
 * @param id        this run's ID, {@code <allocID>/<task>/<8 random chars>}, new on every start
 * @param allocId   the allocation's ID
 * @param jobName   the job's name
 * @param groupName the group's name
 * @param taskName  the task's name
 * @param config    the task's driver configuration, already validated against the driver's schema
 * @param env       the complete environment of the task
 * @param resources CPU and memory limits
 * @param user      the user to run as; empty for the driver's default
 * @param allocDir  the allocation directory (holds {@code alloc/} shared by the group)
 * @param taskDir   the task's directory (holds {@code local/}, {@code secrets/}, {@code tmp/})
 * @param logDir    where the task's stdout and stderr go: {@code <task>.stdout.N}, {@code <task>.stderr.N}
 * @param logs      rotation of those files
 * @param ports     the group network's ports, placed with the allocation
 * @param taskPorts the ports of the task's own legacy {@code resources.network}, placed with the allocation
 * @param network   the allocation's network namespace, or null when the task runs in the host's network
 * @param dns       the group network's {@code dns}, or null: for drivers that write the task's {@code resolv.conf}
 */
public record TaskConfig(String id, String allocId, String jobName, String groupName, String taskName,
        Map<String, Object> config, Map<String, String> env, Resources resources, String user, Path allocDir,
        Path taskDir, Path logDir, LogConfig logs, List<AllocatedPort> ports, List<AllocatedPort> taskPorts, NetworkIsolation network,
        Dns dns) {
    public TaskConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(allocId, "allocId");
        Objects.requireNonNull(taskName, "taskName");
        config = Map.copyOf(config);
        env = Map.copyOf(env);
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(allocDir, "allocDir");
        Objects.requireNonNull(taskDir, "taskDir");
        Objects.requireNonNull(logDir, "logDir");
        Objects.requireNonNull(logs, "logs");
        ports = List.copyOf(ports);
        taskPorts = List.copyOf(taskPorts);
    }

    /** A task in the host's network, without ports. */
    public TaskConfig(String id, String allocId, String jobName, String groupName, String taskName,
            Map<String, Object> config, Map<String, String> env, Resources resources, String user, Path allocDir,
            Path taskDir, Path logDir, LogConfig logs) {
        this(id, allocId, jobName, groupName, taskName, config, env, resources, user, allocDir, taskDir, logDir, logs,
                List.of(), List.of(), null, null);
    }

    /** The port of that label, the group's or the task's own, if the task has one. */
    public Optional<AllocatedPort> port(String label) {
        return java.util.stream.Stream.concat(ports.stream(), taskPorts.stream()).filter(p -> p.label().equals(label))
                .findFirst();
    }

    /** The task's directories as the layout names them, from {@link #allocDir} and {@link #taskDir}. */
    public TaskDir dirs() {
        return new TaskDir(allocDir, taskDir);
    }

    public Path stdoutFile(int index) {
        return logDir.resolve(TaskDir.logName(taskName, TaskDir.STDOUT, index));
    }

    public Path stderrFile(int index) {
        return logDir.resolve(TaskDir.logName(taskName, TaskDir.STDERR, index));
    }
}
