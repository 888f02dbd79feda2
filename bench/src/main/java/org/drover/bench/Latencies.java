package org.drover.bench;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A latency histogram with 10 µs buckets up to 10 s, shared by all writers:
 * fixed memory, so measuring does not itself cause the pauses it measures.
 */
final class Latencies {

    private static final long BUCKET_NANOS = 10_000;
    private final AtomicLongArray buckets = new AtomicLongArray(1_000_000);

    void record(long nanos) {
        buckets.incrementAndGet((int) Math.min(buckets.length() - 1, nanos / BUCKET_NANOS));
    }

    long count() {
        long n = 0;
        for (int i = 0; i < buckets.length(); i++) {
            n += buckets.get(i);
        }
        return n;
    }

    /** The upper bound of the bucket holding the p-th quantile, in milliseconds. */
    double percentileMillis(double p) {
        long total = count();
        long rank = (long) Math.ceil(total * p);
        long seen = 0;
        for (int i = 0; i < buckets.length(); i++) {
            seen += buckets.get(i);
            if (seen >= rank && seen > 0) {
                return (i + 1) * BUCKET_NANOS / 1e6;
            }
        }
        return Double.NaN;
    }
}
