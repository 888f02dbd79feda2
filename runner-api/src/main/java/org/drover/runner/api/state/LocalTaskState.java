package org.drover.runner.api.state;

import java.util.Map;
import java.util.Optional;

import org.drover.runner.api.driver.TaskHandle;

/**
 * The runner's private record of a task: what it needs to re-attach after a
 * restart, as opposed to {@link org.drover.runner.api.model.TaskState}, which
 * is what users see.
 *
 * @param handle      the driver's handle of the current run, if one is running
 * @param hooks       each hook's state, by the hook's stable name
 * @param runComplete whether the task finished for good: it must never run again
 * @param killRequested whether the task was asked to die (a stop, its leader's or a sibling's death):
 *                    it is killed if it still runs and never started again, also after a restart
 */
public record LocalTaskState(Optional<TaskHandle> handle, Map<String, HookState> hooks, boolean runComplete,
        boolean killRequested) {
    public static final LocalTaskState EMPTY = new LocalTaskState(Optional.empty(), Map.of(), false, false);

    public LocalTaskState {
        hooks = Map.copyOf(hooks);
    }

    public LocalTaskState(Optional<TaskHandle> handle, Map<String, HookState> hooks, boolean runComplete) {
        this(handle, hooks, runComplete, false);
    }

    public LocalTaskState withHandle(TaskHandle newHandle) {
        return new LocalTaskState(Optional.ofNullable(newHandle), hooks, runComplete, killRequested);
    }

    public LocalTaskState withHook(String name, HookState state) {
        Map<String, HookState> copy = new java.util.HashMap<>(hooks);
        copy.put(name, state);
        return new LocalTaskState(handle, copy, runComplete, killRequested);
    }

    public LocalTaskState completed() {
        return new LocalTaskState(Optional.empty(), hooks, true, killRequested);
    }

    public LocalTaskState withKillRequested() {
        return new LocalTaskState(handle, hooks, runComplete, true);
    }
}
