package dev.idgw.gateway.auction;

import dev.idgw.gateway.consent.ConsentLookup;
import dev.idgw.gateway.consent.ConsentRecord;
import dev.idgw.gateway.decision.ConsentDecider;
import dev.idgw.gateway.decision.Decision;
import dev.idgw.gateway.decision.JurisdictionRule;
import dev.idgw.gateway.decision.Reason;
import dev.idgw.gateway.intake.AdPodRequest;
import dev.idgw.gateway.sharelog.ShareEntry;
import dev.idgw.partners.ContextualTemplate;
import dev.idgw.partners.Field;
import dev.idgw.partners.IdentityForms;
import dev.idgw.partners.JsonOut;
import dev.idgw.partners.LeakGuard;
import dev.idgw.partners.OutboundIdentity;
import dev.idgw.partners.PartnerPayloadBuilder;
import dev.idgw.partners.PartnerProfile;
import dev.idgw.partners.PlayerIdentity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What one ad request decides before anything leaves: the consent record, the jurisdiction rule in force at one
 * instant, the contextual template all partners share, and per partner the decision and the identity its payload
 * carries. The auction ({@link AdPodService}) and the operator's preview both decide and write payloads through
 * here, so a preview shows what the auction does rather than a copy of it. Pure: no I/O, no clock of its own.
 *
 * <p>Not thread-safe (the identity's text forms are made once and cached): it lives as long as one request's
 * planning, on one thread.
 */
public final class RequestDecisions {
    private final AdPodRequest request;
    private final ConsentLookup lookup;
    private final ConsentRecord record;
    private final Policy policy;
    private final Instant decidedAt;
    private final JurisdictionRule rule;
    private final IdentityForms forms;
    private final ContextualTemplate template;

    private RequestDecisions(AdPodRequest request, ConsentLookup lookup, ConsentRecord record, Policy policy,
                             Instant decidedAt, JurisdictionRule rule, IdentityForms forms,
                             ContextualTemplate template) {
        this.request = request;
        this.lookup = lookup;
        this.record = record;
        this.policy = policy;
        this.decidedAt = decidedAt;
        this.rule = rule;
        this.forms = forms;
        this.template = template;
    }

    /**
     * @param decidedAt the one instant of the request: the rule decided under and the share record's time agree,
     *     even across a rule's start date
     */
    public static RequestDecisions of(AdPodRequest request, ConsentLookup lookup, Policy policy, Instant decidedAt) {
        ConsentRecord record = ConsentDecider.recordOf(lookup);
        JurisdictionRule rule = policy.rules().forCode(record == null ? null : record.jurisdiction(), decidedAt);
        // The email hash comes from the consent record only: a player never sends one.
        PlayerIdentity identity = record == null ? request.identity()
                : request.identity().withEmailSha256(record.emailSha256());
        IdentityForms forms = new IdentityForms(identity); // spelled once, shared by the guard and every partner
        ContextualTemplate template = ContextualTemplate.from(request.contextual(),
                LeakGuard.forIdentity(forms, List.of()));
        return new RequestDecisions(request, lookup, record, policy, decidedAt, rule, forms, template);
    }

    /** The decision for {@code partner} and the identity its payload carries. */
    public PartnerDecision decide(PartnerProfile partner) {
        Decision decision = ConsentDecider.decide(lookup, request.signals(), rule, partner);
        return new PartnerDecision(partner, decision, shape(partner, decision.allowed()));
    }

    /** {@code partner} stripped of all identity for {@code reason}, whatever was decided (the ledger failed). */
    public PartnerDecision strip(PartnerProfile partner, Reason reason) {
        return new PartnerDecision(partner, new Decision.Strip(List.of(reason)), shape(partner, Set.of()));
    }

    private OutboundIdentity shape(PartnerProfile partner, Set<Field> allowed) {
        return OutboundIdentity.shape(forms, allowed, partner, request.signals().limitAdTracking(),
                policy.partners().emailHmacFor(partner));
    }

    /**
     * The payload {@code partner} receives, left in the thread's {@link JsonOut} (see
     * {@link PartnerPayloadBuilder#write}): the caller copies it out before anything else on the thread writes JSON.
     *
     * @param identity what {@link #decide} shaped for this partner (the preview may respell its email)
     */
    public JsonOut writePayload(PartnerProfile partner, OutboundIdentity identity, String outboundRequestId,
                                long tmaxMillis) {
        return PartnerPayloadBuilder.write(template, partner, identity, outboundRequestId, tmaxMillis,
                request.signals().gpc(), request.signals().coppa());
    }

    /** The share record's entries: one per partner whose payload carries identity under a share decision. */
    public static List<ShareEntry> sharedEntries(List<PartnerDecision> decisions) {
        List<ShareEntry> entries = new ArrayList<>();
        for (PartnerDecision d : decisions) {
            Set<Field> sent = d.identity().sentFields();
            if (!sent.isEmpty() && d.decision() instanceof Decision.Share share) {
                entries.add(new ShareEntry(d.partner().id(), d.partner().role(), d.partner().category(), sent,
                        ShareEntry.piCategoriesOf(sent), share.legalBasis()));
            }
        }
        return entries;
    }

    /** Every reason any partner got less than its profile allows (gpc, gpp_malformed, …), for the record. */
    public static List<String> restrictingSignals(List<PartnerDecision> decisions) {
        List<String> out = new ArrayList<>();
        for (PartnerDecision d : decisions) {
            if (d.decision() instanceof Decision.Strip strip) {
                strip.reasons().forEach(r -> out.add(r.code()));
            }
        }
        return out;
    }

    /** The rules version a share record names: the file's, and a dated rule's own period. */
    public String rulesVersion() {
        return policy.rules().versionFor(rule);
    }

    /** The fields this request has a value for: device ID and address as sent, the record's email hash. */
    public Set<Field> availableFields() {
        return forms.identity().available();
    }

    public AdPodRequest request() {
        return request;
    }

    public ConsentLookup lookup() {
        return lookup;
    }

    /** The consent record when one was found, else null. */
    public ConsentRecord record() {
        return record;
    }

    public Policy policy() {
        return policy;
    }

    public Instant decidedAt() {
        return decidedAt;
    }

    /** The rule in force for the record's region at {@link #decidedAt()} (the fallback without a record). */
    public JurisdictionRule rule() {
        return rule;
    }

    public ContextualTemplate template() {
        return template;
    }
}
