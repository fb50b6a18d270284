package dev.idgw.gateway.support;

import dev.idgw.gateway.time.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link Ticker} that stands still until a test advances it: time-dependent behaviour without sleeping. */
public final class ManualTicker implements Ticker {
    /** Not zero, so that nothing passes only because a reading happens to be 0. */
    private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);

    @Override
    public long nanos() {
        return nanos.get();
    }

    public void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }
}
