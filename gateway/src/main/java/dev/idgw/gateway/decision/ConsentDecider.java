package dev.idgw.gateway.decision;

import dev.idgw.gateway.consent.AgeBand;
import dev.idgw.gateway.consent.ConsentLookup;
import dev.idgw.gateway.consent.ConsentRecord;
import dev.idgw.partners.PartnerProfile;
import dev.idgw.partners.PartnerRole;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides, for one partner, which identity fields may travel. Collects every restricting reason
 * first and strips if there is any, so the most restrictive signal always wins and the share log
 * and metrics can say all the reasons, not just the first.
 *
 * <ul>
 *   <li>Strip for every partner: no record, unreadable or malformed record, consent denied (withdrawn
 *       advertising consent binds service providers too), child, minor (or unknown age where the
 *       region treats it as minor), {@code regs.coppa=1}, {@code device.lmt=1}, a GPP known-child flag.
 *   <li>Strip for third parties: any opt-out of sale/sharing: GPC, US Privacy "Y", a GPP opt-out, or a
 *       malformed or unsupported US Privacy or GPP signal.
 *   <li>Otherwise the partner gets the fields its profile names (its contractual ceiling).
 * </ul>
 */
public final class ConsentDecider {
    private ConsentDecider() {
    }

    /** At the system clock: for tests and tools whose rules have no dates; the gateway passes its Clock's instant. */
    public static Decision decide(ConsentLookup lookup, RequestSignals signals, JurisdictionRules rules,
                                  PartnerProfile partner) {
        return decide(lookup, signals, rules, partner, Instant.now());
    }

    /** Under the rules in force at {@code at} (the request's time) for the record's region. */
    public static Decision decide(ConsentLookup lookup, RequestSignals signals, JurisdictionRules rules,
                                  PartnerProfile partner, Instant at) {
        ConsentRecord record = recordOf(lookup);
        return decide(lookup, signals, rules.forCode(record == null ? null : record.jurisdiction(), at), partner);
    }

    /** The record of a found lookup, else null. */
    public static ConsentRecord recordOf(ConsentLookup lookup) {
        return lookup instanceof ConsentLookup.Found found ? found.record() : null;
    }

    /** Under {@code rule}: the rule the caller found in force for the record's region (the fallback without one). */
    public static Decision decide(ConsentLookup lookup, RequestSignals signals, JurisdictionRule rule,
                                  PartnerProfile partner) {
        List<Reason> reasons = new ArrayList<>(4);
        ConsentRecord record = null;
        if (lookup instanceof ConsentLookup.Found found) {
            record = found.record();
        } else if (lookup instanceof ConsentLookup.Malformed) {
            reasons.add(Reason.CONSENT_MALFORMED);
        } else if (lookup instanceof ConsentLookup.Unavailable) {
            reasons.add(Reason.CONSENT_UNAVAILABLE);
        } else {
            reasons.add(Reason.NO_RECORD); // Missing, and any outcome added later until it is handled here
        }
        if (record != null) {
            if (!record.adConsent()) {
                reasons.add(Reason.CONSENT_DENIED);
            }
            AgeBand age = record.ageBand() == AgeBand.UNKNOWN ? rule.unknownAgeAs() : record.ageBand();
            if (age == AgeBand.CHILD) {
                reasons.add(Reason.CHILD);
            } else if (age == AgeBand.MINOR) {
                reasons.add(Reason.MINOR);
            }
        }
        if (signals.coppa()) {
            reasons.add(Reason.COPPA);
        }
        if (signals.limitAdTracking()) {
            reasons.add(Reason.LIMIT_AD_TRACKING);
        }
        if (signals.gpp().restrictions().contains(Reason.GPP_KNOWN_CHILD)) {
            reasons.add(Reason.GPP_KNOWN_CHILD);
        }
        if (partner.role() == PartnerRole.THIRD_PARTY) {
            addOptOuts(signals, reasons);
        }
        if (!reasons.isEmpty()) {
            return new Decision.Strip(reasons);
        }
        if (partner.identityFields().isEmpty()) {
            return new Decision.Strip(List.of(Reason.PARTNER_RECEIVES_NO_IDENTITY));
        }
        if (partner.role() == PartnerRole.SERVICE_PROVIDER) {
            return new Decision.Share(partner.identityFields(), List.of(Reason.CONSENT_GRANTED), "service_provider");
        }
        return rule.regime() == Regime.OPT_IN
                ? new Decision.Share(partner.identityFields(), List.of(Reason.CONSENT_GRANTED), "consent")
                : new Decision.Share(partner.identityFields(), List.of(Reason.NOT_OPTED_OUT), "opt_out_not_exercised");
    }

    private static void addOptOuts(RequestSignals signals, List<Reason> reasons) {
        if (signals.gpc()) {
            reasons.add(Reason.GPC);
        }
        switch (signals.usPrivacy()) {
            case OPTED_OUT -> reasons.add(Reason.US_PRIVACY_OPT_OUT);
            case MALFORMED -> reasons.add(Reason.US_PRIVACY_MALFORMED);
            default -> { }
        }
        for (Reason r : signals.gpp().restrictions()) {
            if (r != Reason.GPP_KNOWN_CHILD) {
                reasons.add(r);
            }
        }
    }
}
