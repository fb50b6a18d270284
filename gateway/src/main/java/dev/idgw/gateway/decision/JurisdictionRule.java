package dev.idgw.gateway.decision;

import dev.idgw.gateway.consent.AgeBand;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * One region's rules, from config/jurisdictions.yaml, possibly for a period only (a law that starts,
 * or is amended, on a known date).
 *
 * @param code e.g. US-CA, GB, or "default" for everywhere not listed
 * @param gpcRequired whether the law makes Global Privacy Control a binding opt-out here; documents the
 *     law only, since the policy honours GPC everywhere
 * @param minorAge below this age the law treats a person as a minor (never below the policy's 16);
 *     documents the law only, since every known minor (age band 13–17) is stripped anyway
 * @param unknownAgeAs how a record with an unknown age band is treated (the policy says "knowingly", so adult)
 * @param minors whether the law allows sale or targeted ads for minors with consent, or never; documents the
 *     law only, like {@code minorAge}
 * @param effective the first day the rule is in force, from 00:00 UTC; null: in force since always
 * @param until the first day the rule is no longer in force (exclusive), from 00:00 UTC; null: no end
 */
public record JurisdictionRule(String code, Regime regime, boolean gpcRequired, int minorAge, AgeBand unknownAgeAs,
                               MinorsRule minors, LocalDate effective, LocalDate until) {
    public static final int POLICY_MINOR_AGE = 16;

    public JurisdictionRule {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(regime, "regime");
        Objects.requireNonNull(unknownAgeAs, "unknownAgeAs");
        Objects.requireNonNull(minors, "minors");
        if (minorAge < POLICY_MINOR_AGE || minorAge > 21) {
            throw new IllegalArgumentException("minor age must be from " + POLICY_MINOR_AGE + " (the policy's floor) to 21");
        }
        if (unknownAgeAs != AgeBand.ADULT && unknownAgeAs != AgeBand.MINOR) {
            throw new IllegalArgumentException("an unknown age band may be treated as adult or minor only");
        }
        if (effective != null && until != null && !until.isAfter(effective)) {
            throw new IllegalArgumentException("until (" + until + ") must be after effective (" + effective + ")");
        }
    }

    /** A rule in force at all times, under which minors may consent. */
    public JurisdictionRule(String code, Regime regime, boolean gpcRequired, int minorAge, AgeBand unknownAgeAs) {
        this(code, regime, gpcRequired, minorAge, unknownAgeAs, MinorsRule.CONSENT, null, null);
    }

    public boolean dated() {
        return effective != null || until != null;
    }

    /** Whether the rule is in force at {@code at}: from {@code effective} 00:00 UTC, before {@code until} 00:00 UTC. */
    public boolean inForceAt(Instant at) {
        return (effective == null || !at.isBefore(startOf(effective)))
                && (until == null || at.isBefore(startOf(until)));
    }

    /** Whether the two periods share an instant (both half-open, so one may end the day the other starts). */
    public boolean overlaps(JurisdictionRule other) {
        boolean thisEndsBefore = until != null && other.effective != null && !until.isAfter(other.effective);
        boolean otherEndsBefore = other.until != null && effective != null && !other.until.isAfter(effective);
        return !thisEndsBefore && !otherEndsBefore;
    }

    /**
     * The rule named for a share record: the code, and for a dated rule its period, e.g. {@code US-OK@2027-01-01}
     * or {@code US-CT@..2026-07-01} (until, exclusive) or {@code US-XX@2026-01-01..2027-01-01}.
     */
    public String label() {
        if (!dated()) {
            return code;
        }
        return code + "@" + (effective == null ? "" : effective.toString()) + (until == null ? "" : ".." + until);
    }

    private static Instant startOf(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
