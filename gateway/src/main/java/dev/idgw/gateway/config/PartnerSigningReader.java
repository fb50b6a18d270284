package dev.idgw.gateway.config;

import dev.idgw.gateway.signing.PartnerSigningSettings;
import java.time.Duration;

/**
 * {@code partnerSigning:} how partner-request signatures are made and their keys published (which partners
 * get signed requests is each profile's {@code signRequests} in partners.yaml). Defaults and limits:
 * {@link PartnerSigningSettings}.
 */
final class PartnerSigningReader {
    private PartnerSigningReader() {
    }

    static PartnerSigningSettings read(ConfigNode n) {
        Duration validity = wholeSeconds(n, "validity", n.duration("validity", PartnerSigningSettings.DEFAULT_VALIDITY,
                PartnerSigningSettings.MIN_VALIDITY, PartnerSigningSettings.MAX_VALIDITY));
        Duration maxAge = wholeSeconds(n, "jwksMaxAge", n.duration("jwksMaxAge",
                PartnerSigningSettings.DEFAULT_JWKS_MAX_AGE, Duration.ZERO, PartnerSigningSettings.MAX_JWKS_MAX_AGE));
        n.rejectUnknownKeys();
        return new PartnerSigningSettings(validity, maxAge);
    }

    /** Signature times and {@code max-age} are whole seconds: a fraction would be dropped silently. */
    private static Duration wholeSeconds(ConfigNode n, String name, Duration value) {
        if (value.toNanosPart() != 0) {
            throw n.error(name, "must be whole seconds (e.g. 30s), got " + value.toMillis() + "ms");
        }
        return value;
    }
}
