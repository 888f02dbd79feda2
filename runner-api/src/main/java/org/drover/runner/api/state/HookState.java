package org.drover.runner.api.state;

import java.util.Map;

/**
 * What a task hook (or an allocation-level hook) left behind, persisted so a restored task neither repeats
 * finished work nor loses its environment.
 *
 * @param done whether the hook need not run again for this task
 * @param data the hook's own data
 * @param env  environment variables the hook contributes; re-applied on restore even when done
 */
public record HookState(boolean done, Map<String, String> data, Map<String, String> env) {
    public static final HookState NONE = new HookState(false, Map.of(), Map.of());

    public HookState {
        data = Map.copyOf(data);
        env = Map.copyOf(env);
    }
}
