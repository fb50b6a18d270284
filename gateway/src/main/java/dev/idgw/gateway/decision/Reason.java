package dev.idgw.gateway.decision;

import java.util.Locale;

/**
 * Why identity did or did not travel to a partner. Recorded in share entries and metrics (tag `reason`);
 * values never carry an identifier.
 */
public enum Reason {
    // Sharing
    CONSENT_GRANTED,
    NOT_OPTED_OUT,
    // Strip for every partner
    NO_RECORD,
    CONSENT_UNAVAILABLE,
    CONSENT_MALFORMED,
    CONSENT_DENIED,
    CHILD,
    MINOR,
    COPPA,
    LIMIT_AD_TRACKING,
    GPP_KNOWN_CHILD,
    SHARE_LOG_UNAVAILABLE,
    // Strip for third parties (opt-outs of sale/sharing)
    GPC,
    US_PRIVACY_OPT_OUT,
    US_PRIVACY_MALFORMED,
    GPP_OPT_OUT,
    GPP_MALFORMED,
    GPP_UNSUPPORTED_SECTION,
    // Strip because of the partner's contract
    PARTNER_RECEIVES_NO_IDENTITY;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
