package dev.idgw.gateway.http;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Sheds load before it queues: past {@code maxInFlight} ad requests in progress, or while an event
 * loop runs late by more than {@code maxLagMillis}, new requests get 503 with Retry-After at once
 * instead of waiting behind the others and missing their ad break anyway. Shared by every listener
 * instance; each event loop reports its own lag.
 */
public final class OverloadGuard {
    public static final long TICK = 50; // milliseconds

    private final int maxInFlight;
    private final long maxLagMillis;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLongArray lagMillis;
    private final AtomicInteger slots = new AtomicInteger();

    public OverloadGuard(int maxInFlight, long maxLagMillis, int eventLoops) {
        this.maxInFlight = maxInFlight;
        this.maxLagMillis = maxLagMillis;
        this.lagMillis = new AtomicLongArray(Math.max(1, eventLoops) * 4);
    }

    /** A slot for one event loop's lag reports. */
    public int register() {
        return Math.min(slots.getAndIncrement(), lagMillis.length() - 1);
    }

    /** Called every {@link #TICK} ms on an event loop with how late this tick fired. */
    public void reportLag(int slot, long lateMillis) {
        lagMillis.set(slot, Math.max(0, lateMillis));
    }

    /** True when the request may proceed; then {@link #done()} must follow exactly once. */
    public boolean admit() {
        if (inFlight.incrementAndGet() > maxInFlight || worstLag() > maxLagMillis) {
            inFlight.decrementAndGet();
            return false;
        }
        return true;
    }

    public void done() {
        inFlight.decrementAndGet();
    }

    public int inFlight() {
        return inFlight.get();
    }

    public long worstLag() {
        long worst = 0;
        for (int i = 0; i < lagMillis.length(); i++) {
            worst = Math.max(worst, lagMillis.get(i));
        }
        return worst;
    }
}
