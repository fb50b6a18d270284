package dev.idgw.gateway.auction;

import dev.idgw.gateway.consent.ConsentKeys;
import dev.idgw.gateway.consent.ConsentLookup;
import dev.idgw.gateway.consent.ConsentRecord;
import dev.idgw.gateway.consent.ConsentStore;
import dev.idgw.gateway.decision.JurisdictionRules;
import dev.idgw.gateway.decision.Reason;
import dev.idgw.gateway.fanout.Deadline;
import dev.idgw.gateway.fanout.PartnerClient;
import dev.idgw.gateway.fanout.PartnerGuards;
import dev.idgw.gateway.fanout.PartnerOutcome;
import dev.idgw.gateway.intake.AdPodRequest;
import dev.idgw.gateway.ops.AuctionMeters;
import dev.idgw.gateway.optout.GpcFollowUp;
import dev.idgw.gateway.pod.PodAssembler;
import dev.idgw.gateway.sharelog.ShareEntry;
import dev.idgw.gateway.sharelog.ShareLog;
import dev.idgw.gateway.sharelog.ShareRecord;
import dev.idgw.gateway.time.Ticker;
import dev.idgw.gateway.wire.PooledBody;
import dev.idgw.keys.KeyedHasher;
import dev.idgw.partners.PartnerProfile;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one ad-pod request: consent → decisions → share record → payloads → fan-out → pod.
 *
 * <p>The order is the privacy guarantee. Payloads carrying identity are built only after the share
 * record for exactly those fields was acknowledged by Redis; if the append fails, every partner gets
 * a stripped payload instead. Consent that cannot be read strips too. Nothing here blocks: Redis and
 * partners answer through futures on the caller's context.
 */
public final class AdPodService {
    private static final Logger LOG = LoggerFactory.getLogger(AdPodService.class);
    /** During an outage every request fails its append: say so every few seconds, not once per request. */
    private static final long LOG_SPACING_NANOS = 5_000_000_000L;

    private final ConsentStore consent;
    private final ShareLog shareLog;
    private final PartnerClient partnerClient;
    private final PartnerGuards guards;
    private final Supplier<KeyedHasher> pseudonyms;
    private final AtomicReference<Policy> policy;
    private final AuctionSettings settings;
    private final Clock clock;
    private final Ticker ticker;
    private final AuctionMeters meters;
    private final java.util.concurrent.atomic.AtomicLong appendFailures = new java.util.concurrent.atomic.AtomicLong();
    private final LongAdder served = new LongAdder();
    private final LongAdder recorded = new LongAdder();
    private final java.util.concurrent.atomic.AtomicLong lastFailureLog;
    /** Null for the warm-up, whose throwaway devices must leave no trace. */
    private final GpcFollowUp gpcFollowUp;

    /** Without metrics (the warm-up). */
    public AdPodService(ConsentStore consent, ShareLog shareLog, PartnerClient partnerClient, PartnerGuards guards,
                        Supplier<KeyedHasher> pseudonyms,
                        PartnerDirectory partners, JurisdictionRules rules, AuctionSettings settings, Clock clock,
                        Ticker ticker) {
        this(consent, shareLog, partnerClient, guards, pseudonyms, partners, rules, settings, clock, ticker,
                AuctionMeters.none(), null);
    }

    /**
     * @param gpcFollowUp what a request's GPC does beyond the request (the consent view's "since", the linked
     *                    account's opt-out, the consumer-request record), started after the partners are called
     */
    public AdPodService(ConsentStore consent, ShareLog shareLog, PartnerClient partnerClient, PartnerGuards guards,
                        Supplier<KeyedHasher> pseudonyms, PartnerDirectory partners, JurisdictionRules rules,
                        AuctionSettings settings, Clock clock, Ticker ticker, AuctionMeters meters,
                        GpcFollowUp gpcFollowUp) {
        this.gpcFollowUp = gpcFollowUp;
        this.meters = meters;
        this.consent = consent;
        this.shareLog = shareLog;
        this.partnerClient = partnerClient;
        this.guards = guards;
        this.pseudonyms = pseudonyms;
        this.policy = new AtomicReference<>(Policy.of(partners, rules));
        this.settings = settings;
        this.clock = clock;
        this.ticker = ticker;
        this.lastFailureLog = new java.util.concurrent.atomic.AtomicLong(ticker.nanos() - LOG_SPACING_NANOS - 1);
    }

    /** Puts a new policy in force for every request that starts from now on; requests in flight keep theirs. */
    public void reload(Policy next) {
        policy.set(next);
    }

    public Policy policy() {
        return policy.get();
    }

    /**
     * Since start: ad requests taken, those whose share record was acknowledged, and those sent stripped
     * because the share log could not record theirs (for the stop line: a load test that got fast answers
     * because the ledger was failing would otherwise not know it).
     */
    public record Totals(long served, long shareRecorded, long sentStrippedForTheLedger) {
    }

    public Totals totals() {
        return new Totals(served.sum(), recorded.sum(), appendFailures.get());
    }

    public Future<AdPodAnswer> serve(AdPodRequest request, Context context) {
        served.increment();
        Deadline deadline = Deadline.in(settings.partnerBudget(request.tmax()), ticker);
        String requestId = UUID.randomUUID().toString();
        Policy current = policy.get(); // one read: a reload never mixes old partners with new rules
        // System.nanoTime() here and below: latencies for AuctionMeters, which reads it too; nothing decides on them.
        return meters.timeConsent(System.nanoTime(), consent.lookup(request.deviceId(), context))
                .compose(lookup -> recordThenPlan(request, requestId, lookup, current, context))
                .compose(prepared -> fanOut(request, requestId, prepared, deadline))
                .map(result -> new AdPodAnswer(request.playerRequestId(), requestId,
                        PodAssembler.assemble(request.imps(), PartnerOutcome.bidsOf(result.outcomes())), result.outcomes(),
                        result.prepared().shareRecorded(),
                        OptOutSignal.of(request.signals(), PartnerPlan.decisionsOf(result.prepared().plans()))))
                .andThen(done -> rememberGpc(request, context));
    }

    /** Fire and forget, once the partners have been called: the answer never waits for the follow-up. */
    private void rememberGpc(AdPodRequest request, Context context) {
        if (gpcFollowUp != null && request.signals().gpc() && request.deviceId().isPresent()) {
            gpcFollowUp.signalled(request.deviceId().get(), context);
        }
    }

    /** Everything decided and recorded, ready to send; {@code refused} are partners not called at all. */
    private record Prepared(RequestDecisions decisions, List<PartnerPlan> plans, List<PartnerOutcome> refused,
                            boolean shareRecorded) {
    }

    private record FanOutResult(Prepared prepared, List<PartnerOutcome> outcomes) {
    }

    private Future<Prepared> recordThenPlan(AdPodRequest request, String requestId, ConsentLookup lookup,
                                            Policy current, Context context) {
        RequestDecisions decisions = RequestDecisions.of(request, lookup, current, clock.instant());
        List<PartnerProfile> partners = current.partners().partners();
        List<PartnerPlan> plans = new ArrayList<>(partners.size());
        List<PartnerOutcome> refused = new ArrayList<>(0);
        try {
            for (PartnerProfile partner : partners) {
                // Permission first: a partner that will not be called must not appear in the share record.
                PartnerGuards.Decision permission = guards.tryAcquire(partner);
                if (permission.permit().isEmpty()) {
                    refused.add(new PartnerOutcome.Failed(partner.id(),
                            permission.refusal() == PartnerGuards.Refusal.CIRCUIT_OPEN
                                    ? PartnerOutcome.FailureKind.CIRCUIT_OPEN : PartnerOutcome.FailureKind.BULKHEAD_FULL));
                    continue;
                }
                plans.add(new PartnerPlan(decisions.decide(partner), permission.permit().get()));
            }
        } catch (RuntimeException e) {
            plans.forEach(p -> guards.abandon(p.permit()));
            throw e;
        }
        List<PartnerDecision> decided = PartnerPlan.decisionsOf(plans);
        List<ShareEntry> shared = RequestDecisions.sharedEntries(decided);
        if (shared.isEmpty()) {
            return Future.succeededFuture(new Prepared(decisions, plans, refused, false));
        }
        // Only a Found record can produce a share, so record and device ID are present here.
        ConsentRecord record = decisions.record();
        KeyedHasher pseudonym = pseudonyms.get();
        ShareRecord share = new ShareRecord(UUID.randomUUID().toString(), decisions.decidedAt(), requestId,
                shareLog.writerId(), pseudonym.hex(ConsentKeys.normalizeDeviceId(request.deviceId().orElseThrow())),
                pseudonym.keyId(), record.jurisdiction(), record.version(), decisions.rulesVersion(), shared,
                RequestDecisions.restrictingSignals(decided), current.version());
        return meters.timeAppend(System.nanoTime(), shareLog.append(share, context))
                .map(streamId -> {
                    recorded.increment();
                    return new Prepared(decisions, plans, refused, true);
                })
                .otherwise(error -> {
                    long failures = appendFailures.incrementAndGet();
                    long now = ticker.nanos();
                    if (now - lastFailureLog.get() > LOG_SPACING_NANOS) {
                        lastFailureLog.set(now);
                        LOG.warn("share log append failed ({}); requests sent stripped: {} so far", error.getClass()
                                .getSimpleName(), failures);
                    }
                    return new Prepared(decisions, stripAll(plans, decisions), refused, false);
                });
    }

    private static List<PartnerPlan> stripAll(List<PartnerPlan> plans, RequestDecisions decisions) {
        List<PartnerPlan> stripped = new ArrayList<>(plans.size());
        for (PartnerPlan plan : plans) {
            stripped.add(new PartnerPlan(decisions.strip(plan.partner(), Reason.SHARE_LOG_UNAVAILABLE), plan.permit()));
        }
        return stripped;
    }

    private Future<FanOutResult> fanOut(AdPodRequest request, String requestId, Prepared prepared, Deadline deadline) {
        List<PooledBody> payloads = new ArrayList<>(prepared.plans().size());
        try {
            for (PartnerPlan plan : prepared.plans()) {
                payloads.add(PooledBody.copyOf(prepared.decisions().writePayload(plan.partner(), plan.identity(),
                        requestId, Math.max(1, deadline.remaining().toMillis()))));
            }
        } catch (RuntimeException e) {
            payloads.forEach(PooledBody::release); // none was handed to a write yet
            prepared.plans().forEach(p -> guards.abandon(p.permit()));
            return Future.failedFuture(e);
        }
        List<Future<PartnerOutcome>> calls = new ArrayList<>(payloads.size());
        for (int i = 0; i < payloads.size(); i++) {
            PartnerPlan plan = prepared.plans().get(i);
            meters.decided(plan.partner(), plan.decision(), plan.identity().sentFields());
            long callStart = System.nanoTime();
            calls.add(partnerClient.call(plan.partner(), payloads.get(i), requestId, prepared.decisions().template(),
                    deadline.remaining()).onComplete(done -> guards.release(plan.permit(), done.result())));
            meters.timeCall(plan.partner(), callStart, calls.get(i));
        }
        prepared.refused().forEach(meters::refused);
        return Future.join(calls).transform(done -> {
            List<PartnerOutcome> outcomes = new ArrayList<>(calls.size() + prepared.refused().size());
            for (Future<PartnerOutcome> call : calls) {
                outcomes.add(call.result());
            }
            outcomes.addAll(prepared.refused());
            return Future.succeededFuture(new FanOutResult(prepared, outcomes));
        });
    }
}
