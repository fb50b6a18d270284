package dev.idgw.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.idgw.gateway.decision.JurisdictionRule;
import dev.idgw.gateway.decision.JurisdictionRules;
import dev.idgw.gateway.decision.MinorsRule;
import dev.idgw.gateway.decision.Regime;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * jurisdictions.yaml's dated rules: {@code effective} / {@code until} (ISO dates, 00:00 UTC, until
 * exclusive), a list of rules per region for successive periods, overlaps rejected with the region, both
 * entries and the line, and {@code minors: consent | never}.
 */
class DatedJurisdictionsReaderTest {
    private static final String HEAD = "version: v7\njurisdictions:\n"
            + "  default: {regime: opt_in, gpcRequired: false, minorAge: 18, unknownAgeAs: minor}\n";

    @Test
    void shouldReadSuccessivePeriodsOfOneRegionAndDecideByTheInstant() {
        JurisdictionRules rules = read(HEAD
                + "  US-CT:\n"
                + "    - {regime: opt_out, gpcRequired: true, minorAge: 18, until: 2026-07-01}\n"
                + "    - {regime: opt_out, gpcRequired: true, minorAge: 18, minors: never, effective: 2026-07-01}\n"
                + "  US-OK: {regime: opt_out, gpcRequired: false, minorAge: 16, effective: 2027-01-01}\n");

        JurisdictionRule old = rules.forCode("US-CT", Instant.parse("2026-06-30T23:59:59.999Z"));
        JurisdictionRule amended = rules.forCode("US-CT", Instant.parse("2026-07-01T00:00:00Z"));
        assertThat(old.until()).isEqualTo(LocalDate.parse("2026-07-01"));
        assertThat(old.minors()).as("the default of minors").isEqualTo(MinorsRule.CONSENT);
        assertThat(amended.effective()).isEqualTo(LocalDate.parse("2026-07-01"));
        assertThat(amended.minors()).isEqualTo(MinorsRule.NEVER);
        assertThat(rules.versionFor(old)).isEqualTo("v7/US-CT@..2026-07-01");
        assertThat(rules.versionFor(amended)).isEqualTo("v7/US-CT@2026-07-01");

        assertThat(rules.forCode("US-OK", Instant.parse("2026-12-31T23:59:59.999Z")).code())
                .as("before its first day a region gets the default rule").isEqualTo("default");
        JurisdictionRule ok = rules.forCode("US-OK", Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(ok.code()).isEqualTo("US-OK");
        assertThat(ok.regime()).isEqualTo(Regime.OPT_OUT);
        assertThat(rules.versionFor(ok)).isEqualTo("v7/US-OK@2027-01-01");
        assertThat(rules.versionFor(rules.fallback())).as("an undated rule: the plain version").isEqualTo("v7");
        assertThat(rules.codes()).containsExactly("US-CT", "US-OK");
    }

    @Test
    void shouldRejectOverlappingPeriodsNamingTheRegionBothEntriesAndTheLine() {
        ConfigException e = fails(HEAD
                + "  US-CT:\n"
                + "    - {regime: opt_out, gpcRequired: true, minorAge: 18, until: 2026-07-02}\n"
                + "    - {regime: opt_out, gpcRequired: true, minorAge: 18, effective: 2026-07-01}\n");

        assertThat(e.getMessage()).isEqualTo("jurisdictions.yaml: jurisdictions.US-CT[1]: the rules for US-CT overlap:"
                + " jurisdictions.US-CT[0] (always until 2026-07-02, line 5) and jurisdictions.US-CT[1] (from 2026-07-01,"
                + " line 6) (give each an 'effective' and 'until' date so that one ends, exclusive, on or before the"
                + " day the other starts) (line 6)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "two undated rules | {regime: opt_out, gpcRequired: true} | {regime: opt_out, gpcRequired: true}",
        "an undated and a dated rule | {regime: opt_out, gpcRequired: true} | {regime: opt_out, gpcRequired: true, effective: 2027-01-01}",
        "two open-ended rules | {regime: opt_out, gpcRequired: true, effective: 2026-01-01} | {regime: opt_out, gpcRequired: true, effective: 2027-01-01}",
        "one inside the other | {regime: opt_out, gpcRequired: true, effective: 2026-01-01, until: 2028-01-01} | {regime: opt_out, gpcRequired: true, effective: 2027-01-01, until: 2027-02-01}"})
    void shouldRejectEveryKindOfOverlap(String what, String first, String second) {
        ConfigException e = fails(HEAD + "  US-XX:\n    - " + first + "\n    - " + second + "\n");

        assertThat(e.getMessage()).as(what).contains("the rules for US-XX overlap").contains("jurisdictions.US-XX[0]")
                .contains("jurisdictions.US-XX[1]").contains("line 5").contains("line 6");
    }

    @Test
    void shouldAcceptAPeriodEndingTheDayTheNextStarts() {
        JurisdictionRules rules = read(HEAD + "  US-XX:\n"
                + "    - {regime: opt_in, gpcRequired: false, effective: 2026-01-01, until: 2027-01-01}\n"
                + "    - {regime: opt_out, gpcRequired: false, effective: 2027-01-01}\n");

        assertThat(rules.forCode("US-XX", Instant.parse("2025-12-31T23:59:59Z")).code()).isEqualTo("default");
        assertThat(rules.forCode("US-XX", Instant.parse("2026-01-01T00:00:00Z")).regime()).isEqualTo(Regime.OPT_IN);
        assertThat(rules.forCode("US-XX", Instant.parse("2026-12-31T23:59:59Z")).regime()).isEqualTo(Regime.OPT_IN);
        assertThat(rules.forCode("US-XX", Instant.parse("2027-01-01T00:00:00Z")).regime()).isEqualTo(Regime.OPT_OUT);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "effective: 2027-13-01 | jurisdictions.US-XX.effective: expected a date like 2027-01-01, got '2027-13-01' (line 4)",
        "until: soon | jurisdictions.US-XX.until: expected a date like 2027-01-01, got 'soon' (line 4)",
        "effective: 2027-01-01, until: 2027-01-01 | jurisdictions.US-XX.until: must be after effective (2027-01-01): until is the first day the rule no longer applies (line 4)",
        "minors: sometimes | jurisdictions.US-XX.minors: unknown minors 'sometimes'"})
    void shouldExplainABadDateOrMinorsValueAtItsKey(String keys, String expected) {
        ConfigException e = fails(HEAD + "  US-XX: {regime: opt_out, gpcRequired: true, " + keys + "}\n");

        assertThat(e.getMessage()).startsWith("jurisdictions.yaml: " + expected);
    }

    @Test
    void shouldKeepTheDefaultRuleOneRuleWithoutDates() {
        ConfigException e = fails("version: v7\njurisdictions:\n"
                + "  default: {regime: opt_in, gpcRequired: false, effective: 2027-01-01}\n");

        assertThat(e.getMessage()).contains("jurisdictions.default").contains("one rule without dates");
    }

    @Test
    void shouldShipTheDatedRulesOfTheLawsAndTheirAmendments() {
        JurisdictionRules shipped = ConfigLoader.loadJurisdictions(Path.of("../config/jurisdictions.yaml"));

        assertThat(shipped.dated().keySet()).containsExactlyInAnyOrder("US-CT", "US-OR", "US-OK", "US-LA", "US-AL");
        assertThat(shipped.forCode("US-AL", Instant.parse("2027-04-30T23:59:59Z")).code()).isEqualTo("default");
        assertThat(shipped.forCode("US-AL", Instant.parse("2027-05-01T00:00:00Z")).code()).isEqualTo("US-AL");
        assertThat(shipped.forCode("US-LA", Instant.parse("2027-01-01T00:00:00Z")).code()).isEqualTo("US-LA");
        assertThat(shipped.forCode("US-CT", Instant.parse("2026-07-01T00:00:00Z")).minors())
                .isEqualTo(MinorsRule.NEVER);
        assertThat(shipped.forCode("US-CT", Instant.parse("2026-06-30T00:00:00Z")).minors())
                .isEqualTo(MinorsRule.CONSENT);
        assertThat(shipped.forCode("US-OR", Instant.parse("2026-01-01T00:00:00Z")).minors())
                .isEqualTo(MinorsRule.NEVER);
        assertThat(shipped.forCode("US-OR", Instant.parse("2025-12-31T00:00:00Z")).gpcRequired()).isFalse();
        assertThat(shipped.forCode("US-MD", Instant.parse("2026-01-01T00:00:00Z")).minors())
                .isEqualTo(MinorsRule.NEVER);
        assertThat(ConfigLoader.bundledJurisdictions()).as("the jar's copy").isEqualTo(shipped);
    }

    private static JurisdictionRules read(String yaml) {
        return JurisdictionsReader.read(YamlFile.parse("jurisdictions.yaml", yaml.getBytes(StandardCharsets.UTF_8)));
    }

    private static ConfigException fails(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> read(yaml));
        assertThat(e).as("rejected").isNotNull();
        return e;
    }
}
