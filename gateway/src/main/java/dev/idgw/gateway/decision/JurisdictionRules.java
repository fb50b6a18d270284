package dev.idgw.gateway.decision;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * All regions' rules with a version (recorded in every share record) and the fallback for unlisted regions.
 *
 * @param byCode the rules in force at all times, one per region
 * @param dated the rules in force for a period only, per region; the periods of one region never overlap,
 *     and a region is either here or in {@code byCode}. Outside every period of a region the fallback applies.
 */
public record JurisdictionRules(String version, Map<String, JurisdictionRule> byCode, JurisdictionRule fallback,
                                Map<String, List<JurisdictionRule>> dated) {
    public JurisdictionRules {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(fallback, "fallback");
        Map<String, JurisdictionRule> undated = Map.copyOf(byCode);
        byCode = undated;
        Map<String, List<JurisdictionRule>> copy = new LinkedHashMap<>();
        dated.forEach((code, rules) -> {
            if (undated.containsKey(code)) {
                throw new IllegalArgumentException(code + " has a rule without dates and dated rules: they overlap");
            }
            List<JurisdictionRule> sorted = new ArrayList<>(rules);
            sorted.sort((a, b) -> a.effective() == null ? -1 : b.effective() == null ? 1
                    : a.effective().compareTo(b.effective()));
            for (int i = 0; i < sorted.size(); i++) {
                for (int j = i + 1; j < sorted.size(); j++) {
                    if (sorted.get(i).overlaps(sorted.get(j))) {
                        throw new IllegalArgumentException(code + ": " + sorted.get(i).label() + " and "
                                + sorted.get(j).label() + " overlap");
                    }
                }
            }
            copy.put(code, List.copyOf(sorted));
        });
        dated = Map.copyOf(copy);
    }

    /** Rules without dates only. */
    public JurisdictionRules(String version, Map<String, JurisdictionRule> byCode, JurisdictionRule fallback) {
        this(version, byCode, fallback, Map.of());
    }

    /** The rule for {@code code} at {@code at}: its undated rule, else its dated rule in force, else the fallback. */
    public JurisdictionRule forCode(String code, Instant at) {
        if (code == null) {
            return fallback;
        }
        JurisdictionRule rule = byCode.get(code);
        if (rule != null) {
            return rule;
        }
        List<JurisdictionRule> periods = dated.get(code);
        if (periods != null) {
            for (JurisdictionRule p : periods) {
                if (p.inForceAt(at)) {
                    return p;
                }
            }
        }
        return fallback;
    }

    /** The rule for {@code code} at the system clock: for tests and tools (the gateway asks with its Clock's). */
    public JurisdictionRule forCode(String code) {
        return forCode(code, Instant.now());
    }

    /** Every region with a rule of its own, at some time. */
    public Set<String> codes() {
        Set<String> codes = new TreeSet<>(byCode.keySet());
        codes.addAll(dated.keySet());
        return codes;
    }

    /**
     * The rules version a share record names ({@code rv}): the file's version, and for a dated rule also
     * that rule, e.g. {@code 2026-11-01/US-OK@2027-01-01}. A rule without dates keeps the plain version, so
     * records read exactly as before dates existed.
     */
    public String versionFor(JurisdictionRule rule) {
        return rule.dated() ? version + "/" + rule.label() : version;
    }
}
