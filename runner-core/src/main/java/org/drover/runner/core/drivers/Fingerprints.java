package org.drover.runner.core.drivers;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.drover.runner.api.driver.Driver;
import org.drover.runner.api.driver.Fingerprint;

/**
 * Drivers' fingerprints, read with a bound: callers (the API, job checks) never wait longer than
 * {@code timeout} on a driver, a driver is asked again only once its last answer is older than
 * {@code fresh}, and never while an earlier question is still out, so a driver that hangs holds
 * one thread, not one per request.
 */
final class Fingerprints {

    private record Probe(CompletableFuture<Fingerprint> asked, Fingerprint last, long atNanos) {
    }

    private final Duration timeout;
    private final Duration fresh;
    private final Map<Driver, Probe> probes = new java.util.IdentityHashMap<>();
    private final ExecutorService threads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "drover-fingerprint");
                t.setDaemon(true);
                return t;
            });

    Fingerprints(Duration timeout, Duration fresh) {
        this.timeout = timeout;
        this.fresh = fresh;
    }

    Fingerprint of(Driver driver) {
        CompletableFuture<Fingerprint> asked;
        Fingerprint last;
        synchronized (this) {
            Probe p = probes.get(driver);
            long now = System.nanoTime();
            if (p != null && p.last() != null && now - p.atNanos() < fresh.toNanos()) {
                return p.last();
            }
            last = p == null ? null : p.last();
            if (p == null || p.asked().isDone()) {
                asked = CompletableFuture.supplyAsync(driver::fingerprint, threads);
                CompletableFuture<Fingerprint> mine = asked;
                asked.thenAccept(f -> remember(driver, mine, f));
                probes.put(driver, new Probe(asked, last, p == null ? 0 : p.atNanos()));
            } else {
                asked = p.asked();
            }
        }
        try {
            return asked.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return last != null ? last : Fingerprint.unhealthy("the driver did not answer its fingerprint within "
                    + org.drover.runner.api.model.GoDuration.format(timeout), Map.of());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return Fingerprint.unhealthy("the driver's fingerprint failed: "
                    + (cause.getMessage() == null ? cause.toString() : cause.getMessage()), Map.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return last != null ? last : Fingerprint.unhealthy("interrupted", Map.of());
        }
    }

    private synchronized void remember(Driver driver, CompletableFuture<Fingerprint> asked, Fingerprint f) {
        Probe p = probes.get(driver);
        if (p != null && p.asked() == asked) {
            probes.put(driver, new Probe(asked, f, System.nanoTime()));
        }
    }

    synchronized void forget(Driver driver) {
        probes.remove(driver);
    }

    void close() {
        threads.shutdown();
    }
}
