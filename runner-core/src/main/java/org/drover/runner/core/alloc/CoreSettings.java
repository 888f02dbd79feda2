package org.drover.runner.core.alloc;

import java.util.concurrent.ThreadLocalRandom;

import org.drover.runner.api.model.GoDuration;
import org.drover.runner.core.gc.GarbageCollector;
import org.drover.runner.core.task.RunnerConfig;

/** The core's settings as operators write them, and what each part of the core takes from them. */
public final class CoreSettings {

    /**
     * Settings, from ConfigAdmin under the PID {@code org.drover.runner}. DS turns a single
     * underscore in a method name into a dot and a double one into an underscore: the keys are
     * Nomad's, {@code events_cap}, {@code max_kill_timeout}, ...
     */
    public @interface Config {
        int events__cap() default 10;

        String max__kill__timeout() default "30s";

        String driver__wait__timeout() default "10m";

        String driver__call__timeout() default "1m";

        String stats__interval() default "1s";

        int worker__threads() default 4;

        /** Threads for blocking driver calls; at least the start cap plus four, so kills never wait behind a start storm. */
        int driver__call__threads() default 8;

        /** Nomad's node_max_allocs: live allocations this node runs at most; 0 for no cap (Nomad's default). */
        int node__max__allocs() default 0;

        /**
         * Driver starts in flight at once (image pulls included); 0 for two per core. A start is
         * mostly process creation, bound by the CPU: past two per core a storm only queues
         * longer for the cores, and the API with it, for no more starts per second.
         */
        int max__concurrent__starts() default 0;

        /** Nomad's client GC: how often terminal allocations are looked at. */
        String gc__interval() default "1m";

        /** Allocations of every state the node holds before terminal ones are collected. */
        int gc__max__allocs() default 50;

        /** Percent of the allocation directory's disk in use before terminal allocations are collected. */
        double gc__disk__usage__threshold() default 80;

        /** Percent of its inodes in use before terminal allocations are collected. */
        double gc__inode__usage__threshold() default 70;

        /** Allocations destroyed at once. */
        int gc__parallel__destroys() default 2;

        /** Nomad's server setting: how long a dead job is kept before it is forgotten. */
        String job__gc__threshold() default "4h";
    }

    private CoreSettings() {
    }

    /** What every task runner is told. */
    static RunnerConfig runner(Config config) {
        RunnerConfig defaults = RunnerConfig.DEFAULT;
        return new RunnerConfig(config.events__cap(),
                GoDuration.parse(config.max__kill__timeout()), defaults.killRetryBase(), defaults.killRetryCap(),
                defaults.killAttempts(), GoDuration.parse(config.driver__wait__timeout()),
                GoDuration.parse(config.driver__call__timeout()), GoDuration.parse(config.stats__interval()));
    }

    static GarbageCollector.Settings gc(Config config) {
        return new GarbageCollector.Settings(GoDuration.parse(config.gc__interval()), config.gc__max__allocs(),
                config.gc__disk__usage__threshold(), config.gc__inode__usage__threshold(),
                config.gc__parallel__destroys(), GoDuration.parse(config.job__gc__threshold()));
    }

    /** Driver starts in flight at once, per driver. */
    static int startCap(Config config) {
        int configured = config.max__concurrent__starts();
        return configured > 0 ? configured : 2 * Runtime.getRuntime().availableProcessors();
    }

    /** Starts never take every call thread: a kill or a signal always finds one. */
    static int callThreads(Config config, int startCap) {
        return Math.max(config.driver__call__threads(), startCap + 4);
    }

    /** Uniform in [0, 1): restart jitter. */
    static double jitter() {
        return ThreadLocalRandom.current().nextDouble();
    }
}
