package dev.idgw.gateway.config;

import dev.idgw.gateway.consent.AgeBand;
import dev.idgw.gateway.decision.JurisdictionRule;
import dev.idgw.gateway.decision.JurisdictionRules;
import dev.idgw.gateway.decision.MinorsRule;
import dev.idgw.gateway.decision.Regime;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * jurisdictions.yaml: {@code version} and {@code jurisdictions:}, per region code one rule or a list of
 * rules for periods that do not overlap ({@code effective} / {@code until}), plus the required
 * {@code default} (one rule, no dates). The defaults of a rule's optional keys are here.
 */
final class JurisdictionsReader {
    static final int DEFAULT_MINOR_AGE = 18;
    static final AgeBand DEFAULT_UNKNOWN_AGE_AS = AgeBand.ADULT;
    static final MinorsRule DEFAULT_MINORS = MinorsRule.CONSENT;
    /** Invariant 1 of the design: missing consent means strip. The only value allowed, on purpose. */
    static final String WHEN_NO_RECORD = "strip";

    private JurisdictionsReader() {
    }

    static JurisdictionRules read(ConfigNode root) {
        root.allowOnly(Set.of("version", "jurisdictions"));
        String version = root.string("version");
        Map<String, JurisdictionRule> rules = new LinkedHashMap<>();
        Map<String, List<JurisdictionRule>> dated = new LinkedHashMap<>();
        JurisdictionRule fallback = null;
        for (Map.Entry<String, List<ConfigNode>> e : root.objectListsByName("jurisdictions").entrySet()) {
            String code = e.getKey();
            if (!"default".equals(code) && !code.matches("[A-Z]{2}(-[A-Z0-9]{1,3})?")) {
                throw root.error("jurisdictions." + code, "region codes look like US-CA or GB (or 'default')");
            }
            List<ConfigNode> entries = e.getValue();
            List<JurisdictionRule> read = new ArrayList<>(entries.size());
            for (ConfigNode entry : entries) {
                read.add(rule(code, entry));
            }
            if ("default".equals(code)) {
                if (entries.size() != 1 || read.get(0).dated()) {
                    throw root.error("jurisdictions.default", "the default rule is one rule without dates");
                }
                fallback = read.get(0);
            } else if (entries.size() == 1 && !read.get(0).dated()) {
                rules.put(code, read.get(0));
            } else {
                rejectOverlaps(code, entries, read);
                dated.put(code, read);
            }
        }
        if (fallback == null) {
            throw root.error("jurisdictions.default", "missing: a rule for every region not listed is required");
        }
        return new JurisdictionRules(version, rules, fallback, dated);
    }

    /** A region's periods may follow each other but never overlap: which rule would decide would be a guess. */
    private static void rejectOverlaps(String code, List<ConfigNode> entries, List<JurisdictionRule> read) {
        for (int i = 0; i < read.size(); i++) {
            for (int j = i + 1; j < read.size(); j++) {
                if (read.get(i).overlaps(read.get(j))) {
                    ConfigNode later = entries.get(j);
                    throw later.error("the rules for " + code + " overlap: " + describe(entries.get(i), read.get(i))
                            + " and " + describe(later, read.get(j)) + " (give each an 'effective' and 'until' date"
                            + " so that one ends, exclusive, on or before the day the other starts)");
                }
            }
        }
    }

    private static String describe(ConfigNode entry, JurisdictionRule rule) {
        String period = (rule.effective() == null ? "always" : "from " + rule.effective())
                + (rule.until() == null ? "" : " until " + rule.until());
        return entry.path() + " (" + period + (entry.line() > 0 ? ", line " + entry.line() : "") + ")";
    }

    private static JurisdictionRule rule(String code, ConfigNode n) {
        // name: for the reader of the file only, never used
        n.allowOnly(Set.of("name", "regime", "gpcRequired", "minorAge", "whenNoRecord", "unknownAgeAs", "minors",
                "effective", "until"));
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
        LocalDate effective = n.parsed("effective", JurisdictionsReader::date, null);
        LocalDate until = n.parsed("until", JurisdictionsReader::date, null);
        if (effective != null && until != null && !until.isAfter(effective)) {
            throw n.error("until", "must be after effective (" + effective + "): until is the first day the rule"
                    + " no longer applies");
        }
        MinorsRule minors = n.parsed("minors", MinorsRule::fromConfigName, DEFAULT_MINORS);
        return new JurisdictionRule(code, regime, gpcRequired, minorAge, unknownAs, minors, effective, until);
    }

    /** An ISO date (2027-01-01): the day starts at 00:00 UTC. */
    private static LocalDate date(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expected a date like 2027-01-01, got '" + text + "'");
        }
    }
}
