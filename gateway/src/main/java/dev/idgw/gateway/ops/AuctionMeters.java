package dev.idgw.gateway.ops;

import dev.idgw.gateway.consent.ConsentLookup;
import dev.idgw.gateway.decision.Decision;
import dev.idgw.gateway.decision.Reason;
import dev.idgw.gateway.fanout.PartnerOutcome;
import dev.idgw.partners.Field;
import dev.idgw.partners.PartnerProfile;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.vertx.core.Future;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * What the request pipeline ({@code AdPodService}) records: consent lookups, share-log appends, one
 * decision per partner called and the fate of each identity field, partner calls. Meters for the
 * configured partners exist from the start; a partner a policy reload adds gets its own on first use. Each
 * {@code time…} method hands back the future it was given, with the measurement attached.
 */
public final class AuctionMeters {
    private static final Field[] FIELDS = Field.values();

    private final MeterRegistry registry;
    private final Function<String, CircuitBreaker.State> breakerState;
    private final ConcurrentHashMap<String, PartnerMeters> partners = new ConcurrentHashMap<>();
    private final Timer consentFound;
    private final Timer consentMissing;
    private final Timer consentMalformed;
    private final Timer consentUnavailable;
    private final Timer appendAcknowledged;
    private final Timer appendFailed;

    /** @param breakerState a partner's circuit-breaker state by partner id, read at scrape time */
    public AuctionMeters(MeterRegistry registry, List<PartnerProfile> known,
                         Function<String, CircuitBreaker.State> breakerState) {
        this.registry = registry;
        this.breakerState = breakerState;
        consentFound = consent("found");
        consentMissing = consent("missing");
        consentMalformed = consent("malformed");
        consentUnavailable = consent("unavailable");
        appendAcknowledged = append("acknowledged");
        appendFailed = append("failed");
        for (PartnerProfile p : known) {
            partners.put(p.id(), new PartnerMeters(registry, p.id(), breakerState));
        }
    }

    /** Records nothing: for pipelines that must not show in the gateway's metrics (the warm-up). */
    public static AuctionMeters none() {
        return new AuctionMeters(new CompositeMeterRegistry(), List.of(), id -> CircuitBreaker.State.CLOSED);
    }

    /** Times a consent lookup started at {@code startNanos}, by what it found (cache hits included). */
    public Future<ConsentLookup> timeConsent(long startNanos, Future<ConsentLookup> lookup) {
        return lookup.onComplete((found, failure) -> consentTimer(found).record(System.nanoTime() - startNanos,
                TimeUnit.NANOSECONDS));
    }

    /** Times a share-log append started at {@code startNanos}: acknowledged, or failed (its request went out stripped). */
    public <T> Future<T> timeAppend(long startNanos, Future<T> append) {
        return append.onComplete((entry, failure) -> (failure == null ? appendAcknowledged : appendFailed)
                .record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS));
    }

    /** Times a call to {@code partner} started at {@code startNanos}, by its outcome. */
    public Future<PartnerOutcome> timeCall(PartnerProfile partner, long startNanos, Future<PartnerOutcome> call) {
        PartnerMeters m = meters(partner.id());
        return call.onComplete((outcome, failure) -> (outcome == null ? m.failed[PartnerOutcome.FailureKind.IO.ordinal()]
                : m.callTimer(outcome)).record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS));
    }

    /** A partner that was not called (its breaker is open, its bulkhead full): counted with no time spent. */
    public void refused(PartnerOutcome refusal) {
        meters(refusal.partnerId()).callTimer(refusal).record(0, TimeUnit.NANOSECONDS);
    }

    /**
     * The final decision for a partner about to be called ({@code sent}: the fields its payload carries),
     * after a failed append turned every share into a strip.
     */
    public void decided(PartnerProfile partner, Decision decision, Set<Field> sent) {
        PartnerMeters m = meters(partner.id());
        (decision instanceof Decision.Share ? m.shared : m.stripped).increment();
        List<Reason> reasons = decision.reasons();
        for (int i = 0; i < reasons.size(); i++) {
            m.reasons[reasons.get(i).ordinal()].increment();
        }
        Set<Field> allowed = decision.allowed();
        for (Field f : FIELDS) {
            if (partner.mayReceive(f)) {
                PartnerMeters.FieldOutcome o = sent.contains(f) ? PartnerMeters.FieldOutcome.SENT
                        : allowed.contains(f) ? PartnerMeters.FieldOutcome.ABSENT : PartnerMeters.FieldOutcome.STRIPPED;
                m.fields[f.ordinal()][o.ordinal()].increment();
            }
        }
    }

    private PartnerMeters meters(String partnerId) {
        PartnerMeters m = partners.get(partnerId);
        return m != null ? m : partners.computeIfAbsent(partnerId, id -> new PartnerMeters(registry, id, breakerState));
    }

    private Timer consentTimer(ConsentLookup lookup) {
        if (lookup instanceof ConsentLookup.Found) {
            return consentFound;
        }
        if (lookup instanceof ConsentLookup.Missing) {
            return consentMissing;
        }
        if (lookup instanceof ConsentLookup.Malformed) {
            return consentMalformed;
        }
        return consentUnavailable; // also a lookup that failed outright (it never should: it strips)
    }

    private Timer consent(String outcome) {
        return Timer.builder("idgw.consent.lookup")
                .description("Consent lookups (cache or Redis) by outcome; all but found strip")
                .tags("outcome", outcome)
                .serviceLevelObjectives(LatencyBuckets.CONSENT)
                .register(registry);
    }

    private Timer append(String outcome) {
        return Timer.builder("idgw.sharelog.append")
                .description("Share-record appends until Redis acknowledged (or refused) them")
                .tags("outcome", outcome)
                .serviceLevelObjectives(LatencyBuckets.LEDGER)
                .register(registry);
    }
}
