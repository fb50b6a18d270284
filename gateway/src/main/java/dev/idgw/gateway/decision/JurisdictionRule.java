package dev.idgw.gateway.decision;

import dev.idgw.gateway.consent.AgeBand;
import java.util.Objects;

/**
 * One region's rules, from config/jurisdictions.yaml.
 *
 * @param code e.g. US-CA, GB, or "default" for everywhere not listed
 * @param gpcRequired whether the law makes Global Privacy Control a binding opt-out here; documents the
 *     law only, since the policy honours GPC everywhere
 * @param minorAge below this age the law treats a person as a minor (never below the policy's 16);
 *     documents the law only, since every known minor (age band 13–17) is stripped anyway
 * @param unknownAgeAs how a record with an unknown age band is treated (the policy says "knowingly", so adult)
 */
public record JurisdictionRule(String code, Regime regime, boolean gpcRequired, int minorAge, AgeBand unknownAgeAs) {
    public static final int POLICY_MINOR_AGE = 16;

    public JurisdictionRule {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(regime, "regime");
        Objects.requireNonNull(unknownAgeAs, "unknownAgeAs");
        if (minorAge < POLICY_MINOR_AGE || minorAge > 21) {
            throw new IllegalArgumentException("minor age must be from " + POLICY_MINOR_AGE + " (the policy's floor) to 21");
        }
        if (unknownAgeAs != AgeBand.ADULT && unknownAgeAs != AgeBand.MINOR) {
            throw new IllegalArgumentException("an unknown age band may be treated as adult or minor only");
        }
    }
}
