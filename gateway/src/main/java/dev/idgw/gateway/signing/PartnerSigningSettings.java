package dev.idgw.gateway.signing;

import dev.idgw.keys.KeyRotation;
import java.time.Duration;
import java.util.Objects;

/**
 * {@code partnerSigning:} in gateway.yaml: how long a partner-request signature is valid and how long
 * partners may cache the published keys. The key schedule follows from both ({@link #rotation()}).
 *
 * @param validity   {@code expires} minus {@code created} of every signature: a request is read within its
 *                   {@code tmax} (at most a second), so the rest is room for the partner's clock being
 *                   off from ours, and it is also the window in which a partner must remember request ids
 *                   to refuse a replay. Whole seconds (the signature's times are).
 * @param jwksMaxAge the {@code Cache-Control: max-age} of the published keys
 */
public record PartnerSigningSettings(Duration validity, Duration jwksMaxAge) {
    public static final Duration DEFAULT_VALIDITY = Duration.ofSeconds(30);
    public static final Duration DEFAULT_JWKS_MAX_AGE = Duration.ofMinutes(5);
    public static final Duration MIN_VALIDITY = Duration.ofSeconds(5);
    public static final Duration MAX_VALIDITY = Duration.ofMinutes(10);
    public static final Duration MAX_JWKS_MAX_AGE = Duration.ofDays(1);
    /** How long a key rotated into the key directory may take to be loaded by every instance (polled every 5 s). */
    public static final Duration KEY_RELOAD_ALLOWANCE = Duration.ofSeconds(10);
    /** How far the clocks of two gateway instances may be apart. */
    public static final Duration CLOCK_SKEW_ALLOWANCE = Duration.ofMinutes(1);

    public PartnerSigningSettings {
        Objects.requireNonNull(validity, "validity");
        Objects.requireNonNull(jwksMaxAge, "jwksMaxAge");
        if (validity.compareTo(MIN_VALIDITY) < 0 || validity.compareTo(MAX_VALIDITY) > 0 || validity.toNanosPart() != 0) {
            throw new IllegalArgumentException("validity must be whole seconds from " + MIN_VALIDITY.toSeconds() + "s to "
                    + MAX_VALIDITY.toSeconds() + "s");
        }
        if (jwksMaxAge.isNegative() || jwksMaxAge.compareTo(MAX_JWKS_MAX_AGE) > 0 || jwksMaxAge.toNanosPart() != 0) {
            throw new IllegalArgumentException("jwksMaxAge must be whole seconds from 0 to one day");
        }
    }

    public static PartnerSigningSettings defaults() {
        return new PartnerSigningSettings(DEFAULT_VALIDITY, DEFAULT_JWKS_MAX_AGE);
    }

    /**
     * A new key signs only once every partner that respects {@code jwksMaxAge} has fetched the keys since it
     * appeared (plus the time to reach every instance and their clock difference); a retired key stays
     * published until the last signature it made has expired (plus the clock difference).
     */
    public KeyRotation rotation() {
        return new KeyRotation(jwksMaxAge.plus(KEY_RELOAD_ALLOWANCE).plus(CLOCK_SKEW_ALLOWANCE),
                validity.plus(CLOCK_SKEW_ALLOWANCE));
    }
}
