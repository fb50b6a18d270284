package dev.idgw.gateway.fanout;

import dev.idgw.gateway.time.Ticker;
import java.time.Duration;

/** The moment by which the player must have its answer, on {@code ticker}'s monotonic clock. */
public record Deadline(long expiresAtNanos, Ticker ticker) {
    public static Deadline in(Duration budget, Ticker ticker) {
        return new Deadline(ticker.nanos() + budget.toNanos(), ticker);
    }

    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, expiresAtNanos - ticker.nanos()));
    }
}
