package dev.idgw.gateway.time;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A {@link Ticker} seen as a {@link Clock}, for libraries that time intervals only through a clock
 * (Resilience4j's circuit breakers wait out their open state on one). Its instants are monotonic
 * nanoseconds counted from the epoch, not wall time: only differences between them mean anything, so
 * it must never stamp a record.
 */
public final class TickerClock extends Clock {
    private final Ticker ticker;

    public TickerClock(Ticker ticker) {
        this.ticker = ticker;
    }

    @Override
    public Instant instant() {
        return Instant.EPOCH.plusNanos(ticker.nanos());
    }

    @Override
    public long millis() {
        return Math.floorDiv(ticker.nanos(), 1_000_000L);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a ticker's clock has no wall time, hence no zone");
    }
}
