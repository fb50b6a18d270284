package dev.idgw.gateway.decision;

import java.util.Locale;

/**
 * Why identity did or did not travel to a partner. Recorded in share entries and metrics (tag `reason`);
 * values never carry an identifier. {@link #words()} says it for a person (the operator's preview).
 */
public enum Reason {
    // Sharing
    CONSENT_GRANTED("advertising consent is granted and nothing restricts"),
    NOT_OPTED_OUT("an opt-out region and the viewer has not opted out of sale or sharing"),
    // Strip for every partner
    NO_RECORD("no consent record for this device (or no device ID to look one up by): fail closed"),
    CONSENT_UNAVAILABLE("consent could not be read (Redis did not answer): fail closed"),
    CONSENT_MALFORMED("the consent record cannot be trusted (a bad or unknown value): fail closed"),
    CONSENT_DENIED("the viewer withdrew, or never gave, advertising consent"),
    CHILD("the consent record says under 13"),
    MINOR("a known minor (13-17), or an unknown age the region's rule treats as a minor"),
    COPPA("the request says regs.coppa=1 (child-directed)"),
    LIMIT_AD_TRACKING("the device limits ad tracking (device.lmt=1)"),
    GPP_KNOWN_CHILD("the GPP string flags a known child or teen"),
    SHARE_LOG_UNAVAILABLE("the share record could not be written, so nothing identifying may leave"),
    // Strip for third parties (opt-outs of sale/sharing)
    GPC("Global Privacy Control (Sec-GPC: 1 or regs.ext.gpc) opts out of sale and sharing"),
    US_PRIVACY_OPT_OUT("regs.us_privacy says opted out of sale (third character Y)"),
    US_PRIVACY_MALFORMED("regs.us_privacy is malformed, which counts as an opt-out"),
    GPP_OPT_OUT("the GPP string opts out of sale, sharing or targeted advertising (or withholds consent)"),
    GPP_MALFORMED("the GPP string does not decode, or gpp_sid names a section it lacks: counts as an opt-out"),
    GPP_UNSUPPORTED_SECTION("the GPP string carries a section this gateway cannot read: counts as an opt-out"),
    // Strip because of the partner's contract
    PARTNER_RECEIVES_NO_IDENTITY("the partner's profile lists no identity field");

    private final String words;

    Reason(String words) {
        this.words = words;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The reason in a sentence, for people; {@link #code()} is what records and metrics carry. */
    public String words() {
        return words;
    }
}
