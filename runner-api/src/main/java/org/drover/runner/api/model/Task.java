package org.drover.runner.api.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One task of a group, as submitted.
 *
 * @param name          unique within its group
 * @param driver        the {@code driver.name} of the driver that runs it
 * @param config        the driver's task configuration, checked against the driver's schema
 * @param env           environment variables set for the task
 * @param meta          task metadata, exported as {@code NOMAD_META_*}
 * @param resources     CPU and memory limits
 * @param logs          log rotation
 * @param killTimeout   how long to wait after {@code killSignal} before SIGKILL
 * @param killSignal    the signal a kill sends first
 * @param shutdownDelay how long to wait before the kill signal
 * @param leader        when a leader dies, its siblings are killed
 * @param user          the user the task runs as; empty for the driver's default
 * @param constraints   its task-level constraints
 * @param stanzas       what else was submitted for the task and is read but not acted on
 * @param networks      its legacy {@code resources { network { ... } }}, read as Nomad reads it
 */
public record Task(String name, String driver, Map<String, Object> config, Map<String, String> env,
        Map<String, String> meta, Resources resources, LogConfig logs, Duration killTimeout, String killSignal,
        Duration shutdownDelay, boolean leader, String user, List<Constraint> constraints, Stanzas stanzas,
        List<NetworkResource> networks) {

    public static final Duration DEFAULT_KILL_TIMEOUT = Duration.ofSeconds(5);
    public static final String DEFAULT_KILL_SIGNAL = "SIGINT";

    public Task {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(driver, "driver");
        config = Map.copyOf(config);
        env = Map.copyOf(env);
        meta = Map.copyOf(meta);
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(logs, "logs");
        Objects.requireNonNull(killTimeout, "killTimeout");
        Objects.requireNonNull(killSignal, "killSignal");
        Objects.requireNonNull(shutdownDelay, "shutdownDelay");
        Objects.requireNonNull(user, "user");
        constraints = List.copyOf(constraints);
        Objects.requireNonNull(stanzas, "stanzas");
        networks = List.copyOf(networks);
    }

    /** A task without a legacy network. */
    public Task(String name, String driver, Map<String, Object> config, Map<String, String> env,
            Map<String, String> meta, Resources resources, LogConfig logs, Duration killTimeout, String killSignal,
            Duration shutdownDelay, boolean leader, String user, List<Constraint> constraints, Stanzas stanzas) {
        this(name, driver, config, env, meta, resources, logs, killTimeout, killSignal, shutdownDelay, leader, user,
                constraints, stanzas, List.of());
    }

    /** A task without constraints or other stanzas. */
    public Task(String name, String driver, Map<String, Object> config, Map<String, String> env,
            Map<String, String> meta, Resources resources, LogConfig logs, Duration killTimeout, String killSignal,
            Duration shutdownDelay, boolean leader, String user) {
        this(name, driver, config, env, meta, resources, logs, killTimeout, killSignal, shutdownDelay, leader, user,
                List.of(), Stanzas.NONE);
    }

    /** A task with Nomad's defaults for everything but its name, driver and config. */
    public static Task of(String name, String driver, Map<String, Object> config) {
        return new Task(name, driver, config, Map.of(), Map.of(), Resources.DEFAULT, LogConfig.DEFAULT,
                DEFAULT_KILL_TIMEOUT, DEFAULT_KILL_SIGNAL, Duration.ZERO, false, "");
    }

    public Task withEnv(Map<String, String> newEnv) {
        return new Task(name, driver, config, newEnv, meta, resources, logs, killTimeout, killSignal,
                shutdownDelay, leader, user, constraints, stanzas, networks);
    }

    public Task withLeader(boolean isLeader) {
        return new Task(name, driver, config, env, meta, resources, logs, killTimeout, killSignal,
                shutdownDelay, isLeader, user, constraints, stanzas, networks);
    }

    public Task withKill(Duration timeout, String signal, Duration delay) {
        return new Task(name, driver, config, env, meta, resources, logs, timeout, signal, delay, leader, user,
                constraints, stanzas, networks);
    }
}
