package dev.idgw.gateway.ops;

import java.time.Duration;

/**
 * Histogram buckets ({@code le}) per kind of wait: a few fixed ones each, so a Timer costs a dozen series,
 * and each set brackets its own deadline (a 50 ms Redis command timeout, a 300 ms auction).
 */
final class LatencyBuckets {
    /** Player answers and partner calls: tmax is 300 ms by default, 1 s at most. */
    static final Duration[] AUCTION = millis(5, 10, 25, 50, 100, 250, 500, 1000, 2500);
    /** Consent lookups: microseconds from the cache, sub-millisecond from Redis, 50 ms timeout. */
    static final Duration[] CONSENT = micros(50, 100, 500, 1000, 2000, 5000, 10_000, 25_000, 50_000, 100_000);
    /** Share-log appends: one fsync'd Redis round trip, grouped with others; 50 ms timeout. */
    static final Duration[] LEDGER = micros(500, 1000, 2000, 5000, 10_000, 25_000, 50_000, 100_000, 250_000);

    private LatencyBuckets() {
    }

    private static Duration[] millis(long... values) {
        Duration[] out = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Duration.ofMillis(values[i]);
        }
        return out;
    }

    private static Duration[] micros(long... values) {
        Duration[] out = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Duration.ofNanos(values[i] * 1000);
        }
        return out;
    }
}
