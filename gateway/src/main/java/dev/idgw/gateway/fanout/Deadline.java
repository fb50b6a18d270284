package dev.idgw.gateway.fanout;

import java.time.Duration;

/** The moment by which the player must have its answer, on the monotonic clock. */
public record Deadline(long expiresAtNanos) {
    public static Deadline in(Duration budget) {
        return new Deadline(System.nanoTime() + budget.toNanos());
    }

    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, expiresAtNanos - System.nanoTime()));
    }
}
