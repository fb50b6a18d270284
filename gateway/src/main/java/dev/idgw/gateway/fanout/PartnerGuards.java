package dev.idgw.gateway.fanout;

import dev.idgw.gateway.time.Ticker;
import dev.idgw.gateway.time.TickerClock;
import dev.idgw.partners.PartnerProfile;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A circuit breaker and a bulkhead per partner (Resilience4j). The bulkhead never waits (a waiting
 * permit would block the event loop): past its limit a partner is simply not called. A permit is
 * taken before the share record is written, so a partner that will not be called is not recorded as
 * having received anything. The breakers' time (the open state's wait, how long calls took) is read
 * from one {@link Ticker}.
 */
public final class PartnerGuards {
    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    private final Map<String, Bulkhead> bulkheads = new ConcurrentHashMap<>();
    private final CircuitBreakerConfig breakerConfig;
    private final BulkheadConfig bulkheadConfig;
    private final Ticker ticker;

    /** One partner call's permission; exactly one of {@link #release} or {@link #abandon} must follow. */
    public static final class Permit {
        private final CircuitBreaker breaker;
        private final Bulkhead bulkhead;
        private final long startNanos;
        private boolean done;

        private Permit(CircuitBreaker breaker, Bulkhead bulkhead, long startNanos) {
            this.breaker = breaker;
            this.bulkhead = bulkhead;
            this.startNanos = startNanos;
        }
    }

    /** Why a partner was not called. */
    public enum Refusal { CIRCUIT_OPEN, BULKHEAD_FULL }

    public record Decision(Optional<Permit> permit, Refusal refusal) {
    }

    public PartnerGuards(GuardSettings settings, Ticker ticker) {
        this.ticker = ticker;
        this.breakerConfig = CircuitBreakerConfig.custom()
                .clock(new TickerClock(ticker)) // the wait in the open state
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.breakerWindow())
                .minimumNumberOfCalls(settings.breakerMinimumCalls())
                .failureRateThreshold(settings.breakerFailureRatePercent())
                .waitDurationInOpenState(settings.breakerOpenFor())
                .permittedNumberOfCallsInHalfOpenState(settings.breakerHalfOpenCalls())
                .build();
        this.bulkheadConfig = BulkheadConfig.custom()
                .maxConcurrentCalls(settings.maxConcurrentCallsPerPartner())
                .maxWaitDuration(Duration.ZERO)
                .build();
    }

    public Decision tryAcquire(PartnerProfile partner) {
        // get before computeIfAbsent: the capturing lambda is an allocation per call, needed once per partner.
        Bulkhead bulkhead = bulkheads.get(partner.id());
        if (bulkhead == null) {
            bulkhead = bulkheads.computeIfAbsent(partner.id(), id -> Bulkhead.of(id, bulkheadConfig));
        }
        if (!bulkhead.tryAcquirePermission()) {
            return new Decision(Optional.empty(), Refusal.BULKHEAD_FULL);
        }
        CircuitBreaker breaker = breakers.get(partner.id());
        if (breaker == null) {
            breaker = breakers.computeIfAbsent(partner.id(), id -> CircuitBreaker.of(id, breakerConfig));
        }
        if (!breaker.tryAcquirePermission()) {
            bulkhead.onComplete();
            return new Decision(Optional.empty(), Refusal.CIRCUIT_OPEN);
        }
        return new Decision(Optional.of(new Permit(breaker, bulkhead, ticker.nanos())), null);
    }

    /** The call happened: its outcome feeds the breaker. */
    public void release(Permit permit, PartnerOutcome outcome) {
        if (permit.done) {
            return;
        }
        permit.done = true;
        long nanos = ticker.nanos() - permit.startNanos;
        if (outcome instanceof PartnerOutcome.Failed failed) {
            if (failed.kind() == PartnerOutcome.FailureKind.SKIPPED_NO_TIME) {
                permit.breaker.releasePermission();
            } else {
                permit.breaker.onError(nanos, TimeUnit.NANOSECONDS, new PartnerFailure(failed.kind()));
            }
        } else {
            permit.breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
        }
        permit.bulkhead.onComplete();
    }

    /** The call never happened (the request failed before it): give the permits back untouched. */
    public void abandon(Permit permit) {
        if (permit.done) {
            return;
        }
        permit.done = true;
        permit.breaker.releasePermission();
        permit.bulkhead.onComplete();
    }

    /** The breaker state per partner id, for metrics and health. */
    public Map<String, CircuitBreaker.State> states() {
        Map<String, CircuitBreaker.State> out = new java.util.TreeMap<>();
        breakers.forEach((id, b) -> out.put(id, b.getState()));
        return out;
    }

    /** The breaker state of one partner; closed for a partner not called yet (its breaker is made on first use). */
    public CircuitBreaker.State state(String partnerId) {
        CircuitBreaker breaker = breakers.get(partnerId);
        return breaker == null ? CircuitBreaker.State.CLOSED : breaker.getState();
    }

    /** What the breaker is told a failed call was (no stack trace: it is data, not an error). */
    static final class PartnerFailure extends RuntimeException {
        PartnerFailure(PartnerOutcome.FailureKind kind) {
            super(kind.name(), null, false, false);
        }
    }
}
