package dev.idgw.gateway.preview;

import dev.idgw.gateway.auction.OptOutSignal;
import dev.idgw.gateway.auction.PartnerDecision;
import dev.idgw.gateway.auction.RequestDecisions;
import dev.idgw.gateway.sharelog.ShareEntry;
import dev.idgw.partners.Field;
import dev.idgw.partners.OutboundIdentity;
import dev.idgw.partners.PartnerProfile;
import dev.idgw.partners.PlayerIdentity;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A whole preview: the request's decisions and, per configured partner, its {@link PartnerPreview}; the share
 * record's entries and signals as the auction would append them, and what the player would be told about GPC.
 *
 * @param decisions what the auction's code decided for the request (read only, once built)
 * @param outboundRequestId the id the payloads carry (a real request gets a fresh one each time)
 * @param tmaxMillis the payloads' tmax: the whole partner budget (a real request's is a few ms less, as time passes)
 */
public record Preview(RequestDecisions decisions, String outboundRequestId, long tmaxMillis,
                      List<PartnerPreview> partners, List<ShareEntry> shared, List<String> restrictingSignals,
                      OptOutSignal optOutSignal) {
    public Preview {
        partners = List.copyOf(partners);
        shared = List.copyOf(shared);
        restrictingSignals = List.copyOf(restrictingSignals);
    }

    /**
     * Decides for every configured partner through {@code decisions}, as the auction does, and writes each payload
     * with the auction's writer. Breakers and bulkheads are not asked: every partner appears as called.
     *
     * @param callerEmail the SHA-256 the caller gave, shown in each partner's format where the record's hash goes
     */
    public static Preview of(RequestDecisions decisions, Optional<byte[]> callerEmail, String outboundRequestId,
                             long tmaxMillis) {
        List<PartnerProfile> profiles = decisions.policy().partners().partners();
        List<PartnerDecision> decided = new ArrayList<>(profiles.size());
        List<PartnerPreview> partners = new ArrayList<>(profiles.size());
        Set<Field> available = decisions.availableFields();
        for (PartnerProfile partner : profiles) {
            PartnerDecision d = decisions.decide(partner);
            decided.add(d);
            OutboundIdentity shown = d.identity();
            PartnerPreview.EmailShown emailShown = PartnerPreview.EmailShown.NONE;
            if (shown.hashedEmail() != null) {
                emailShown = callerEmail.isPresent() ? PartnerPreview.EmailShown.CALLER
                        : PartnerPreview.EmailShown.PLACEHOLDER;
                shown = shown.withHashedEmail(callerEmail.isPresent()
                        ? spelledFor(decisions, partner, callerEmail.get()) : placeholder(partner));
            }
            byte[] payload = decisions.writePayload(partner, shown, outboundRequestId, tmaxMillis).toByteArray();
            Map<Field, FieldOutcome> fields = new EnumMap<>(Field.class);
            for (Field field : Field.values()) {
                fields.put(field, FieldOutcome.of(field, d, available, decisions.record() != null));
            }
            partners.add(new PartnerPreview(d, fields, payload, emailShown));
        }
        return new Preview(decisions, outboundRequestId, tmaxMillis, partners, RequestDecisions.sharedEntries(decided),
                RequestDecisions.restrictingSignals(decided), OptOutSignal.of(decisions.request().signals(), decided));
    }

    /** What the partner would get for {@code emailSha256}: its format, its keyed hash, by the auction's shaping. */
    private static String spelledFor(RequestDecisions decisions, PartnerProfile partner, byte[] emailSha256) {
        return OutboundIdentity.shape(PlayerIdentity.none().withEmailSha256(emailSha256), Set.of(Field.HASHED_EMAIL),
                partner, false, decisions.policy().partners().emailHmacFor(partner)).hashedEmail();
    }

    /** Stands where the consent record's hash would travel: the answer never carries what Redis holds. */
    static String placeholder(PartnerProfile partner) {
        return "<hashed email from the consent record, " + partner.emailHashFormat().configName() + ">";
    }
}
