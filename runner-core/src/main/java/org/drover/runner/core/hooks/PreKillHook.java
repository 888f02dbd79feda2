package org.drover.runner.core.hooks;

/** Runs when a kill begins, before shutdown_delay and the kill signal. */
public interface PreKillHook extends TaskHook {
    void preKill(HookContext context);
}
