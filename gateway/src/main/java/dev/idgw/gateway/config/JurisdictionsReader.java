package dev.idgw.gateway.config;

import dev.idgw.gateway.consent.AgeBand;
import dev.idgw.gateway.decision.JurisdictionRule;
import dev.idgw.gateway.decision.JurisdictionRules;
import dev.idgw.gateway.decision.Regime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * jurisdictions.yaml: {@code version} and {@code jurisdictions:}, one rule per region code plus the
 * required {@code default}. The defaults of a rule's optional keys are here.
 */
final class JurisdictionsReader {
    static final int DEFAULT_MINOR_AGE = 18;
    static final AgeBand DEFAULT_UNKNOWN_AGE_AS = AgeBand.ADULT;
    /** Invariant 1 of the design: missing consent means strip. The only value allowed, on purpose. */
    static final String WHEN_NO_RECORD = "strip";

    private JurisdictionsReader() {
    }

    static JurisdictionRules read(ConfigNode root) {
        root.allowOnly(Set.of("version", "jurisdictions"));
        String version = root.string("version");
        Map<String, JurisdictionRule> rules = new LinkedHashMap<>();
        JurisdictionRule fallback = null;
        for (Map.Entry<String, ConfigNode> e : root.objectsByName("jurisdictions").entrySet()) {
            String code = e.getKey();
            if (!"default".equals(code) && !code.matches("[A-Z]{2}(-[A-Z0-9]{1,3})?")) {
                throw root.error("jurisdictions." + code, "region codes look like US-CA or GB (or 'default')");
            }
            JurisdictionRule rule = rule(code, e.getValue());
            if ("default".equals(code)) {
                fallback = rule;
            } else {
                rules.put(code, rule);
            }
        }
        if (fallback == null) {
            throw root.error("jurisdictions.default", "missing: a rule for every region not listed is required");
        }
        return new JurisdictionRules(version, rules, fallback);
    }

    private static JurisdictionRule rule(String code, ConfigNode n) {
        // name: for the reader of the file only, never used
        n.allowOnly(Set.of("name", "regime", "gpcRequired", "minorAge", "whenNoRecord", "unknownAgeAs"));
        Regime regime = n.parsed("regime", Regime::fromConfigName);
        if (!WHEN_NO_RECORD.equals(n.string("whenNoRecord", WHEN_NO_RECORD))) {
            throw n.error("whenNoRecord", "only 'strip' is allowed: a device with no consent record never shares identity");
        }
        boolean gpcRequired = n.bool("gpcRequired");
        int minorAge = n.integer("minorAge", DEFAULT_MINOR_AGE, 0, 99);
        if (minorAge < JurisdictionRule.POLICY_MINOR_AGE || minorAge > 21) {
            throw n.error("minorAge", "must be from " + JurisdictionRule.POLICY_MINOR_AGE
                    + " (the policy's floor) to 21, got " + minorAge);
        }
        AgeBand unknownAs = n.parsed("unknownAgeAs", AgeBand::fromWireName, DEFAULT_UNKNOWN_AGE_AS);
        if (unknownAs != AgeBand.ADULT && unknownAs != AgeBand.MINOR) {
            throw n.error("unknownAgeAs", "an unknown age band may be treated as adult or minor only");
        }
        return new JurisdictionRule(code, regime, gpcRequired, minorAge, unknownAs);
    }
}
