package dev.idgw.gateway.ops;

import dev.idgw.gateway.decision.Reason;
import dev.idgw.gateway.fanout.PartnerOutcome;
import dev.idgw.partners.Field;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.function.Function;

/**
 * Every meter of one partner (its breaker-state gauge too), created together when the partner becomes known, held in arrays indexed
 * by enum ordinal: recording is an array read and an increment, never a tag list or a registry lookup.
 */
final class PartnerMeters {
    static final String SHARE = "share";
    static final String STRIP = "strip";
    /** What became of an identity field the partner's contract lets it receive. */
    enum FieldOutcome {
        /** In the payload. */
        SENT,
        /** The decision did not allow it. */
        STRIPPED,
        /** Allowed, but the request had no value for it (no IFA, no email hash on record). */
        ABSENT;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A call's outcome: {@code bid}, {@code no_bid}, or the failure kind ({@code timeout}, {@code circuit_open}, …). */
    static final String BID = "bid";
    static final String NO_BID = "no_bid";

    final Counter shared;
    final Counter stripped;
    final Counter[] reasons;
    final Counter[][] fields;
    final Timer bid;
    final Timer noBid;
    final Timer[] failed;

    PartnerMeters(MeterRegistry registry, String partnerId, Function<String, CircuitBreaker.State> breakerState) {
        Gauge.builder("idgw.partner.breaker.state", breakerState,
                        states -> GatewayGauges.breakerValue(states.apply(partnerId)))
                .description("Partner breaker: 0 closed, 1 open, 2 half-open").tags("partner", partnerId)
                .strongReference(true).register(registry);
        shared = decisions(registry, partnerId, SHARE);
        stripped = decisions(registry, partnerId, STRIP);
        Reason[] allReasons = Reason.values();
        reasons = new Counter[allReasons.length];
        for (Reason r : allReasons) {
            reasons[r.ordinal()] = Counter.builder("idgw.decision.reasons")
                    .description("Reasons behind the decisions, one count per reason (a strip can have several)")
                    .tags("partner", partnerId, "reason", r.code())
                    .register(registry);
        }
        Field[] allFields = Field.values();
        FieldOutcome[] outcomes = FieldOutcome.values();
        fields = new Counter[allFields.length][outcomes.length];
        for (Field f : allFields) {
            for (FieldOutcome o : outcomes) {
                fields[f.ordinal()][o.ordinal()] = Counter.builder("idgw.identity.fields")
                        .description("Identity fields the partner's contract allows, per request: sent, stripped "
                                + "by the decision, or absent from the request")
                        .tags("partner", partnerId, "field", f.configName(), "outcome", o.tag())
                        .register(registry);
            }
        }
        bid = call(registry, partnerId, BID);
        noBid = call(registry, partnerId, NO_BID);
        PartnerOutcome.FailureKind[] kinds = PartnerOutcome.FailureKind.values();
        failed = new Timer[kinds.length];
        for (PartnerOutcome.FailureKind k : kinds) {
            failed[k.ordinal()] = call(registry, partnerId, k.name().toLowerCase(Locale.ROOT));
        }
    }

    Timer callTimer(PartnerOutcome outcome) {
        if (outcome instanceof PartnerOutcome.Bids) {
            return bid;
        }
        if (outcome instanceof PartnerOutcome.Failed f) {
            return failed[f.kind().ordinal()];
        }
        return noBid;
    }

    private static Counter decisions(MeterRegistry registry, String partnerId, String decision) {
        return Counter.builder("idgw.decisions")
                .description("Privacy decisions, one per partner called per ad request")
                .tags("partner", partnerId, "decision", decision)
                .register(registry);
    }

    private static Timer call(MeterRegistry registry, String partnerId, String outcome) {
        return Timer.builder("idgw.partner.call")
                .description("Partner calls by outcome; calls not made (circuit_open, bulkhead_full) count with 0 s")
                .tags("partner", partnerId, "outcome", outcome)
                .serviceLevelObjectives(LatencyBuckets.AUCTION)
                .register(registry);
    }
}
