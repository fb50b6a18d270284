package dev.idgw.gateway.preview;

import dev.idgw.gateway.auction.PartnerDecision;
import dev.idgw.partners.Field;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One partner in a preview: the auction's decision, each identity field's outcome, and the payload exactly as
 * the auction would write it (with the email hash respelled, see {@link EmailShown}).
 */
public record PartnerPreview(PartnerDecision decided, Map<Field, FieldOutcome> fields, byte[] payload,
                             EmailShown emailShown) {
    /** What stands in the payload where the partner's hashed email travels. */
    public enum EmailShown {
        /** No hashed email travels to this partner. */
        NONE,
        /** A placeholder: the consent record's hash is never shown, and the caller gave no email. */
        PLACEHOLDER,
        /** The caller's email, hashed and in the partner's format, in the place of the record's. */
        CALLER
    }

    public PartnerPreview {
        Objects.requireNonNull(decided, "decided");
        Objects.requireNonNull(emailShown, "emailShown");
        fields = Collections.unmodifiableMap(new EnumMap<>(fields));
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public String toString() {
        return "PartnerPreview[" + decided.partner().id() + ", " + decided.decision() + "]"; // never the payload
    }
}
