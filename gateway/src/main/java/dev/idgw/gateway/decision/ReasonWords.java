package dev.idgw.gateway.decision;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Each {@link Reason} in words a compliance officer or a partner's integrator reads without the code
 * table: what the request carried or lacked, and what it did to the identity fields.
 */
public final class ReasonWords {
    private static final Map<Reason, String> WORDS = new EnumMap<>(Reason.class);

    static {
        WORDS.put(Reason.CONSENT_GRANTED, "the viewer consented to advertising use of their identity");
        WORDS.put(Reason.NOT_OPTED_OUT, "the region's law lets identity travel unless the viewer opts out, and they had not");
        WORDS.put(Reason.NO_RECORD, "no consent record for the device: nothing may travel");
        WORDS.put(Reason.CONSENT_UNAVAILABLE, "the consent record could not be read in time: nothing travels (fail closed)");
        WORDS.put(Reason.CONSENT_MALFORMED, "the stored consent record is malformed: nothing travels");
        WORDS.put(Reason.CONSENT_DENIED, "the viewer refused or withdrew consent");
        WORDS.put(Reason.CHILD, "the viewer is a child: no identity travels");
        WORDS.put(Reason.MINOR, "the viewer is a minor and the region's rule forbids sale or targeted ads for minors");
        WORDS.put(Reason.COPPA, "the request is flagged as directed to children (COPPA)");
        WORDS.put(Reason.LIMIT_AD_TRACKING, "the device limits ad tracking");
        WORDS.put(Reason.GPP_KNOWN_CHILD, "the GPP string says the viewer is a known child");
        WORDS.put(Reason.SHARE_LOG_UNAVAILABLE, "the share log could not record the disclosure, so identity was held back");
        WORDS.put(Reason.GPC, "the browser or device sent Global Privacy Control: an opt-out of sale and sharing");
        WORDS.put(Reason.US_PRIVACY_OPT_OUT, "the us_privacy string says the viewer opted out of sale");
        WORDS.put(Reason.US_PRIVACY_MALFORMED, "the us_privacy string is malformed and counts as an opt-out");
        WORDS.put(Reason.GPP_OPT_OUT, "the GPP string says the viewer opted out of sale, sharing or targeted ads");
        WORDS.put(Reason.GPP_MALFORMED, "the GPP string is malformed and counts as an opt-out");
        WORDS.put(Reason.GPP_UNSUPPORTED_SECTION, "the GPP string carries a section the gateway cannot read and counts as an opt-out");
        WORDS.put(Reason.PARTNER_RECEIVES_NO_IDENTITY, "the partner's contract allows it no identity fields");
    }

    private ReasonWords() {
    }

    public static String of(Reason reason) {
        return WORDS.get(reason);
    }

    /** The words for a reason code as stored (lowercase), if it is one. */
    public static Optional<String> ofCode(String code) {
        for (Reason r : Reason.values()) {
            if (r.code().equals(code)) {
                return Optional.of(WORDS.get(r));
            }
        }
        return Optional.empty();
    }
}
