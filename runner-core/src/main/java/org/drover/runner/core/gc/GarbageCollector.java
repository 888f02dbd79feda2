package org.drover.runner.core.gc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.drover.runner.core.exec.Cancellable;
import org.drover.runner.core.exec.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nomad's client garbage collection, and the job collection its servers do, for one node. Every
 * {@code gc_interval} it destroys the oldest terminal allocation while the node holds more than
 * {@code gc_max_allocs} allocations or the allocation directory's file system is fuller than its
 * thresholds, and it forgets jobs dead for longer than {@code job_gc_threshold}. Destroying an
 * allocation (its records and directory) is disk work, so it runs on threads of its own, at most
 * {@code gc_parallel_destroys} at once, which exist only while there is work.
 */
public final class GarbageCollector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);

    /**
     * Nomad's client settings ({@code gc_*}) and its server's {@code job_gc_threshold}.
     *
     * @param interval            how often the collector looks
     * @param maxAllocs           allocations of every state the node may hold before terminal ones go
     * @param diskUsageThreshold  percent of the allocation directory's file system in use before terminal ones go
     * @param inodeUsageThreshold percent of its inodes in use before terminal ones go
     * @param parallelDestroys    allocations destroyed at once
     * @param jobGcThreshold      how long a dead job is kept
     */
    public record Settings(Duration interval, int maxAllocs, double diskUsageThreshold, double inodeUsageThreshold,
            int parallelDestroys, Duration jobGcThreshold) {
        public static final Settings DEFAULT = new Settings(Duration.ofMinutes(1), 50, 80, 70, 2,
                Duration.ofHours(4));
    }

    /**
     * A terminal allocation: every task of it is dead.
     *
     * @param purged whether it is to be forgotten as soon as it is dead (a purged job, a job's old version)
     */
    public record Terminal(String allocId, String jobId, long terminalSinceNanos, boolean purged) {
    }

    /** What the collector sees of the node's allocations, and how it destroys one. */
    public interface Allocations {
        /** Every allocation the node holds, whatever its state. */
        int count();

        /** The terminal allocations, in any order. */
        List<Terminal> terminal();

        /** The jobs that have an allocation that is not terminal. */
        Set<String> liveJobs();

        /** Forgets a terminal allocation: records and directory. Blocking. */
        void destroy(String allocId);
    }

    private final Allocations allocs;
    private final Scheduler scheduler;
    private final Settings settings;
    private final UsageProbe usage;
    private final ThreadPoolExecutor passes;
    private final ThreadPoolExecutor destroyers;
    private volatile Cancellable next = Cancellable.NONE;
    private volatile boolean closed;

    public GarbageCollector(Allocations allocs, Scheduler scheduler, Settings settings, UsageProbe usage) {
        this.allocs = allocs;
        this.scheduler = scheduler;
        this.settings = settings;
        this.usage = usage;
        this.passes = pool(1, "drover-gc");
        this.destroyers = pool(Math.max(1, settings.parallelDestroys()), "drover-gc-destroy");
    }

    /** Threads that exist only while there is work: an idle node holds none for collection. */
    private static ThreadPoolExecutor pool(int threads, String name) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 10, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, name);
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Starts the periodic collection. */
    public void start() {
        schedule();
    }

    private void schedule() {
        if (!closed) {
            next = scheduler.schedule(settings.interval(), () -> passes.execute(() -> {
                try {
                    collect();
                } catch (RuntimeException e) {
                    LOG.warn("Garbage collection failed: {}", e.toString());
                } finally {
                    schedule();
                }
            }));
        }
    }

    /** One periodic pass: keep the node under its limits, then forget jobs dead for long enough. */
    public synchronized int collect() {
        // A purged allocation that could not be forgotten when it died (the store refused) goes now.
        List<String> purged = allocs.terminal().stream().filter(Terminal::purged).map(Terminal::allocId).toList();
        int destroyed = destroyAll(purged) + keepUnderLimits();
        return destroyed + collectDeadJobs(settings.jobGcThreshold());
    }

    /** Forgets one allocation now that its tasks are dead (a purge, a job's old version), on the collector's threads. */
    public void forget(String allocId) {
        if (closed) {
            return; // the next agent forgets it: its record says purge
        }
        try {
            destroyers.execute(() -> {
                try {
                    allocs.destroy(allocId);
                } catch (RuntimeException e) {
                    LOG.warn("Could not forget allocation {} (a later pass tries again): {}", allocId,
                            e.getMessage());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing: the next agent forgets it, its record says purge
        }
    }

    /** Destroys every terminal allocation now ({@code PUT /v1/client/gc}). */
    public synchronized int collectAll() {
        List<String> ids = allocs.terminal().stream().map(Terminal::allocId).toList();
        ids.forEach(id -> LOG.info("Garbage collecting allocation {}: forced collection", id));
        return destroyAll(ids);
    }

    /** Forgets every job dead for longer than {@code threshold} (zero: every dead job), with its allocations. */
    public synchronized int collectDeadJobs(Duration threshold) {
        Set<String> live = allocs.liveJobs();
        long cutoff = scheduler.nowNanos() - threshold.toNanos();
        java.util.Map<String, List<Terminal>> byJob = new java.util.HashMap<>();
        for (Terminal t : allocs.terminal()) {
            if (!live.contains(t.jobId())) {
                byJob.computeIfAbsent(t.jobId(), j -> new ArrayList<>()).add(t);
            }
        }
        List<String> ids = new ArrayList<>();
        int jobs = 0;
        for (var e : byJob.entrySet()) {
            long deadSince = e.getValue().stream().mapToLong(Terminal::terminalSinceNanos).max().orElse(0);
            if (deadSince <= cutoff) {
                jobs++;
                LOG.info("Garbage collecting job {} and its {} allocation(s): dead since over {} ago", e.getKey(),
                        e.getValue().size(), org.drover.runner.api.model.GoDuration.format(threshold));
                e.getValue().forEach(t -> ids.add(t.allocId()));
            }
        }
        destroyAll(ids);
        return jobs;
    }

    /**
     * Nomad's rule: while a reason holds, the oldest terminal allocation goes; with none left the
     * pass ends, saying so.
     */
    private int keepUnderLimits() {
        List<Terminal> oldestFirst = new ArrayList<>(allocs.terminal());
        oldestFirst.sort(java.util.Comparator.comparingLong(Terminal::terminalSinceNanos));
        Set<String> gone = new HashSet<>();
        int count = allocs.count();
        // The count is known without touching the disk: those victims are chosen at once, and go together.
        List<String> excess = new ArrayList<>();
        for (int i = 0; count - excess.size() > settings.maxAllocs() && i < oldestFirst.size(); i++) {
            excess.add(oldestFirst.get(i).allocId());
        }
        if (!excess.isEmpty()) {
            LOG.info("Garbage collecting {} allocation(s): number of allocations ({}) is over the limit ({})",
                    excess.size(), count, settings.maxAllocs());
            destroyAll(excess);
            gone.addAll(excess);
        }
        if (count - excess.size() > settings.maxAllocs()) {
            skipped("number of allocations (" + (count - excess.size()) + ") is over the limit ("
                    + settings.maxAllocs() + ")");
            return gone.size();
        }
        for (Terminal t : oldestFirst) {
            Optional<String> reason = usageReason();
            if (reason.isEmpty()) {
                return gone.size();
            }
            if (!gone.contains(t.allocId())) {
                LOG.info("Garbage collecting allocation {}: {}", t.allocId(), reason.get());
                destroyAll(List.of(t.allocId()));
                gone.add(t.allocId());
            }
        }
        usageReason().ifPresent(this::skipped);
        return gone.size();
    }

    private void skipped(String reason) {
        LOG.warn("Garbage collection skipped because no terminal allocations: {}", reason);
    }

    private Optional<String> usageReason() {
        UsageProbe.Usage u = usage.read();
        if (u.diskPercent() > settings.diskUsageThreshold()) {
            return Optional.of(String.format("disk usage of %.0f is over gc threshold of %.0f", u.diskPercent(),
                    settings.diskUsageThreshold()));
        }
        if (u.inodePercent() > settings.inodeUsageThreshold()) {
            return Optional.of(String.format("inode usage of %.0f is over gc threshold of %.0f", u.inodePercent(),
                    settings.inodeUsageThreshold()));
        }
        return Optional.empty();
    }

    /** Destroys, {@code gc_parallel_destroys} at a time, and waits for all. */
    private int destroyAll(List<String> ids) {
        AtomicInteger done = new AtomicInteger();
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (String id : ids) {
            running.add(CompletableFuture.runAsync(() -> {
                try {
                    allocs.destroy(id);
                    done.incrementAndGet();
                } catch (RuntimeException e) {
                    LOG.warn("Could not garbage collect allocation {}: {}", id, e.getMessage());
                }
            }, destroyers));
        }
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
        return done.get();
    }

    @Override
    public void close() {
        closed = true;
        next.cancel();
        passes.shutdown();
        destroyers.shutdown();
    }
}
