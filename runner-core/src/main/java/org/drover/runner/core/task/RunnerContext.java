package org.drover.runner.core.task;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

import org.drover.runner.api.model.Task;
import org.drover.runner.api.node.Node;
import org.drover.runner.api.state.StateStore;
import org.drover.runner.core.drivers.DriverSource;
import org.drover.runner.core.exec.StartGates;
import org.drover.runner.core.hooks.TaskHook;

/**
 * What every task runner of an agent shares.
 *
 * @param drivers   where drivers are found
 * @param store     where state is persisted
 * @param scheduler time and threads
 * @param config    settings
 * @param allocRoot the directory holding every allocation's directory
 * @param random    uniform in [0, 1): restart jitter
 * @param hooks     the hooks of a task, in the order they run
 * @param starts    the cap on driver starts in flight, per driver
 * @param node      the node as it is when a task starts: its environment and interpolation read it
 */
public record RunnerContext(DriverSource drivers, StateStore store, org.drover.runner.core.exec.Scheduler scheduler,
        RunnerConfig config, Path allocRoot, DoubleSupplier random, Function<Task, List<TaskHook>> hooks,
        StartGates starts, Supplier<Node> node) {

    /** A node with Nomad's defaults and nothing fingerprinted, for runners that need no more. */
    public static final Node UNNAMED_NODE = new Node("", "", "dc1", "global", "", "default", Map.of(), Map.of());

    /** Starts uncapped, on a node with the defaults. */
    public RunnerContext(DriverSource drivers, StateStore store, org.drover.runner.core.exec.Scheduler scheduler,
            RunnerConfig config, Path allocRoot, DoubleSupplier random, Function<Task, List<TaskHook>> hooks) {
        this(drivers, store, scheduler, config, allocRoot, random, hooks, StartGates.unlimited());
    }

    /** On a node with the defaults. */
    public RunnerContext(DriverSource drivers, StateStore store, org.drover.runner.core.exec.Scheduler scheduler,
            RunnerConfig config, Path allocRoot, DoubleSupplier random, Function<Task, List<TaskHook>> hooks,
            StartGates starts) {
        this(drivers, store, scheduler, config, allocRoot, random, hooks, starts, () -> UNNAMED_NODE);
    }
}
