package dev.idgw.gateway.fanout;

import java.time.Duration;

/**
 * Per-partner circuit breaker and bulkhead settings.
 *
 * @param breakerWindow the last N calls the failure rate is taken over
 * @param breakerMinimumCalls calls needed in the window before the breaker may open
 * @param breakerFailureRatePercent failure rate (timeouts, connection errors, 5xx, garbage) that opens it
 * @param breakerOpenFor how long an open breaker refuses calls before letting a few through again
 * @param breakerHalfOpenCalls calls let through to test a partner after {@code breakerOpenFor}
 * @param maxConcurrentCallsPerPartner calls in flight to one partner; past it the partner is skipped
 */
public record GuardSettings(int breakerWindow, int breakerMinimumCalls, float breakerFailureRatePercent,
                            Duration breakerOpenFor, int breakerHalfOpenCalls, int maxConcurrentCallsPerPartner) {
    public GuardSettings {
        if (breakerWindow < 1 || breakerMinimumCalls < 1 || breakerHalfOpenCalls < 1 || maxConcurrentCallsPerPartner < 1
                || breakerFailureRatePercent <= 0 || breakerFailureRatePercent > 100 || breakerOpenFor.isNegative()
                || breakerOpenFor.isZero()) {
            throw new IllegalArgumentException("breaker and bulkhead settings must be positive (failure rate 1-100)");
        }
    }

    public static GuardSettings defaults() {
        return new GuardSettings(50, 20, 50f, Duration.ofSeconds(5), 5, 512);
    }
}
