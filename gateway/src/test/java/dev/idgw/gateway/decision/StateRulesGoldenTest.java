package dev.idgw.gateway.decision;

import static dev.idgw.gateway.decision.DecisionFixtures.ALL_FIELDS;
import static dev.idgw.gateway.decision.DecisionFixtures.found;
import static dev.idgw.gateway.decision.DecisionFixtures.partner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.iab.gpp.encoder.GppModel;
import com.iab.gpp.encoder.section.HeaderV1;
import com.iab.gpp.encoder.section.Sections;
import dev.idgw.gateway.config.ConfigLoader;
import dev.idgw.gateway.consent.AgeBand;
import dev.idgw.partners.PartnerProfile;
import dev.idgw.partners.PartnerRole;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The golden table of state rules: {@code state-rules-golden.csv} holds, for every region in the shipped
 * {@code config/jurisdictions.yaml} (and for regions it does not list), each age band and signal
 * combination with the outcome the privacy policy (shared/DESIGN.md) requires for a third party and a
 * service provider that may each receive all three identity fields. The expectations were written by hand
 * from the policy and the rules, never recorded from the decider. The CSV's header comment explains the
 * columns.
 *
 * <p>Rows flagged {@code run=no} carry a {@code BUG?} note: the policy says one thing and the code does
 * another. They stay in the table (their GPP literals are still checked) but are not executed until
 * someone decides.
 */
class StateRulesGoldenTest {
    private static final String CSV = "/dev/idgw/gateway/decision/state-rules-golden.csv";
    private static final Path SHIPPED_RULES = Path.of("../config/jurisdictions.yaml");

    /** The vectors every region needs (the issue's list); a region added without them fails the build. */
    private static final List<String> BASE_VECTORS = List.of("baseline", "ad_consent_denied", "minor", "child",
            "unknown_age", "sec_gpc", "usp_1YYN", "usp_1YNN", "usp_malformed", "usnat_opt_out", "usnat_no_opt_out",
            "coppa", "lmt");

    /** Regions the table uses on purpose although config does not list them: they must fall back to default. */
    private static final Set<String> DELIBERATELY_UNLISTED = Set.of("US-WA", "JP", "US-FL");

    /**
     * States whose law is newer than the GPP specification (December 2025): no section of their own yet, so
     * their opt-outs travel in usnat (7), which the base vectors cover.
     */
    private static final Set<String> NO_GPP_SECTION = Set.of("US-OK", "US-LA", "US-AL");

    private static final Set<String> LEGAL_BASES = Set.of("consent", "opt_out_not_exercised", "service_provider");

    private static final List<String> COLUMNS = List.of("vector", "jurisdiction", "age", "ad_consent", "sec_gpc",
            "coppa", "lmt", "us_privacy", "gpp", "gpp_sid", "gpp_decodes_to", "third_party", "third_party_why",
            "service_provider", "service_provider_why", "run", "note");

    /**
     * When a row without {@code @date} in its jurisdiction column is decided: a fixed instant, so the table
     * does not change meaning as the calendar moves (rows for other instants say {@code US-OK@2027-01-01}).
     */
    static final Instant AS_OF = Instant.parse("2026-11-01T00:00:00Z");

    private static final List<Row> ROWS = readRows();
    private static final JurisdictionRules RULES = ConfigLoader.loadJurisdictions(SHIPPED_RULES);
    /** The sections the gateway decodes itself, by name (iabgpp-encoder 3.2.4 cannot read them). */
    private static final Map<String, Integer> GATEWAY_SECTIONS = Stream.of(StateSectionLayout.US_MN,
            StateSectionLayout.US_MD, StateSectionLayout.US_IN, StateSectionLayout.US_KY, StateSectionLayout.US_RI)
            .collect(Collectors.toMap(StateSectionLayout::name, StateSectionLayout::id));

    @TestFactory
    Stream<DynamicTest> shouldDecideEveryExecutedRowAsThePolicySays() {
        return ROWS.stream().filter(Row::run).map(row -> DynamicTest.dynamicTest(row.toString(), () -> {
            RequestSignals signals = signals(row);
            check(row, PartnerRole.THIRD_PARTY, row.thirdParty(), row.thirdPartyWhy(), signals);
            check(row, PartnerRole.SERVICE_PROVIDER, row.serviceProvider(), row.serviceProviderWhy(), signals);
        }));
    }

    @TestFactory
    Stream<DynamicTest> shouldDecodeEveryGppLiteralToWhatItsRowClaims() {
        return ROWS.stream().filter(row -> row.gpp() != null && !row.gppClaims().isEmpty())
                .map(row -> DynamicTest.dynamicTest(row + " " + row.gpp(), () -> checkGppClaims(row)));
    }

    @Test
    void shouldClaimSomethingAboutEveryGppLiteral() {
        assertThat(ROWS).filteredOn(row -> row.gpp() != null).allSatisfy(row ->
                assertThat(row.gppClaims()).as("%s: say what %s decodes to", row, row.gpp()).isNotEmpty());
    }

    @Test
    void shouldCoverEveryShippedJurisdictionWithEveryBaseVector() {
        Set<String> codes = RULES.codes();
        assertThat(codes).as("config/jurisdictions.yaml lists regions").isNotEmpty();
        for (String code : codes) {
            assertThat(executedVectors(code)).as("base vectors for %s", code).containsAll(BASE_VECTORS);
        }
        // A region with dated rules needs every base vector decided under each of its rules.
        RULES.dated().forEach((code, periods) -> periods.forEach(rule -> assertThat(ROWS.stream()
                .filter(row -> row.run() && row.jurisdiction().equals(code)
                        && RULES.forCode(code, row.at()).equals(rule))
                .map(Row::vector).collect(Collectors.toSet()))
                .as("base vectors for %s decided under %s (a row's jurisdiction %s@<date in its period>)", code,
                        rule.label(), code)
                .containsAll(BASE_VECTORS)));
        // The fallback rule ("default") is reached through regions the config does not list.
        assertThat(DELIBERATELY_UNLISTED).noneMatch(codes::contains);
        assertThat(DELIBERATELY_UNLISTED.stream().filter(code -> executedVectors(code).containsAll(BASE_VECTORS)))
                .as("an unlisted region with every base vector (covers 'default')").isNotEmpty();
        // A typo in the table's jurisdiction column would silently test the fallback instead.
        assertThat(ROWS).allSatisfy(row -> assertThat(codes.contains(row.jurisdiction())
                || DELIBERATELY_UNLISTED.contains(row.jurisdiction()))
                .as("%s: jurisdiction %s is neither in config nor deliberately unlisted", row, row.jurisdiction())
                .isTrue());
    }

    /**
     * Every US state in config has an opt-out vector in its own GPP section (an opt-out there strips third
     * parties): read by iabgpp-encoder for sections 7–22, by the gateway's own decoder for 23–27.
     */
    @Test
    void shouldCoverEveryShippedStatesOwnGppSection() {
        Map<String, Integer> sectionIdByName = new HashMap<>(Sections.SECTION_ID_NAME_MAP.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getValue, Map.Entry::getKey)));
        sectionIdByName.putAll(GATEWAY_SECTIONS);
        for (String code : RULES.codes()) {
            if (!code.startsWith("US-") || NO_GPP_SECTION.contains(code)) {
                continue;
            }
            Integer id = sectionIdByName.get("us" + code.substring(3).toLowerCase(Locale.ROOT));
            assertThat(id).as("%s: a GPP section that iabgpp-encoder or the gateway reads", code).isNotNull();
            assertThat(ROWS).as("%s: an opt-out vector in its own GPP section %d", code, id)
                    .anyMatch(row -> row.run() && row.jurisdiction().equals(code)
                            && row.vector().equals("state_section_opt_out") && row.gppSid().equals(List.of(id))
                            && row.thirdParty().equals("none"));
        }
    }

    @Test
    void shouldFlagEveryDisagreementAndOnlyThose() {
        assertThat(ROWS).allSatisfy(row -> assertThat(row.run())
                .as("%s: a row is left out (run=no) exactly when its note starts with BUG?", row)
                .isEqualTo(!row.note().startsWith("BUG?")));
    }

    // ---- the decision, built exactly as the gateway builds it (AdPodRequestParser) ----

    private static RequestSignals signals(Row row) {
        // The parser counts any Sec-GPC header as GPC ("1" is the only defined value; anything else restricts).
        return new RequestSignals(row.secGpc() != null, row.coppa(), row.lmt(), UsPrivacySignal.parse(row.usPrivacy()),
                GppSignal.decode(row.gpp(), row.gppSid()));
    }

    private static void check(Row row, PartnerRole role, String expected, List<String> why, RequestSignals signals) {
        PartnerProfile partner = partner(role, ALL_FIELDS);
        Decision decision = ConsentDecider.decide(found(row.adConsent(), row.jurisdiction(), row.age()), signals,
                RULES, partner, row.at());
        String as = row + " (" + role.configName() + ") got " + decision;
        if ("all".equals(expected)) {
            assertThat(decision).as(as).isInstanceOf(Decision.Share.class);
            assertThat(decision.allowed()).as(as).isEqualTo(ALL_FIELDS);
            assertThat(((Decision.Share) decision).legalBasis()).as(as).isEqualTo(why.get(0));
        } else {
            assertThat(decision).as(as).isInstanceOf(Decision.Strip.class);
            assertThat(decision.allowed()).as(as).isEmpty();
            assertThat(decision.reasons()).as(as)
                    .containsAll(why.stream().map(w -> Reason.valueOf(w.toUpperCase(Locale.ROOT))).toList());
        }
    }

    // ---- the GPP literals stay honest ----

    /**
     * Claims, separated by {@code |}: {@code section.Field=value} (decoded value; lists as {@code 0;2;0}),
     * {@code sections=7;8} (the sections the library reads), {@code header=23} (the header names exactly these
     * section ids, even if the library cannot read them), {@code undecodable} (reading a section throws), and
     * {@code built} (the literal is exactly what {@link #buildGpp} makes from the row's field claims).
     */
    private static void checkGppClaims(Row row) {
        Map<String, Map<String, String>> fieldClaims = new LinkedHashMap<>();
        for (String claim : row.gppClaims()) {
            if (claim.equals("built") || claim.equals("undecodable")) {
                continue;
            }
            int eq = claim.indexOf('=');
            assertThat(eq).as("%s: claim %s", row, claim).isPositive();
            String key = claim.substring(0, eq);
            String value = claim.substring(eq + 1);
            if (key.equals("sections")) {
                assertThat(new GppModel(row.gpp()).getSectionIds()).as("%s: sections", row).isEqualTo(ints(value, ";"));
            } else if (key.equals("header")) {
                HeaderV1 header = new HeaderV1();
                header.setFieldValue("SectionIds", ints(value, ";"));
                assertThat(row.gpp()).as("%s: header naming %s", row, value).startsWith(header.encode() + "~");
            } else {
                int dot = key.indexOf('.');
                assertThat(dot).as("%s: claim %s", row, claim).isPositive();
                fieldClaims.computeIfAbsent(key.substring(0, dot), k -> new LinkedHashMap<>())
                        .put(key.substring(dot + 1), value);
                Object decoded = decodedField(row.gpp(), key.substring(0, dot), key.substring(dot + 1));
                assertThat(text(decoded)).as("%s: %s", row, key).isEqualTo(value);
            }
        }
        if (row.gppClaims().contains("undecodable")) {
            assertThatThrownBy(() -> {
                GppModel model = new GppModel(row.gpp());
                for (int id : model.getSectionIds()) {
                    model.getSection(id).getFieldValue("Version");
                }
            }).as("%s: undecodable", row).isInstanceOf(RuntimeException.class);
        }
        if (row.gppClaims().contains("built")) {
            assertThat(buildGpp(fieldClaims)).as("%s: the literal is what the helper builds", row).isEqualTo(row.gpp());
        }
    }

    /** A field as the gateway reads it: from iabgpp-encoder, or for sections 23–27 from the gateway's decoder. */
    private static Object decodedField(String gpp, String section, String field) {
        Integer ownId = GATEWAY_SECTIONS.get(section);
        if (ownId == null) {
            return new GppModel(gpp).getFieldValue(section, field);
        }
        String[] parts = gpp.split("~", -1);
        @SuppressWarnings("unchecked")
        List<Integer> ids = (List<Integer>) new HeaderV1(parts[0]).getFieldValue("SectionIds");
        assertThat(ids).as("%s names %s", gpp, section).contains(ownId);
        return GatewayGppSections.decode(ownId, parts[ids.indexOf(ownId) + 1]).getFieldValue(field);
    }

    /**
     * How every {@code built} literal in the table was made, with iabgpp-encoder: per section, the notice for
     * each opt-out the section carries is set to 1 (notice given) and MspaCoveredTransaction to 2 (no); uspv1
     * gets notice Y and LSPA N; then the given values are set (e.g. SaleOptOut 1 = opted out, 2 = did not).
     */
    static String buildGpp(Map<String, Map<String, String>> sections) {
        GppModel model = new GppModel();
        sections.forEach((section, values) -> {
            if ("uspv1".equals(section)) {
                model.setFieldValue(section, "Notice", "Y");
                model.setFieldValue(section, "OptOutSale", "N");
                model.setFieldValue(section, "LspaCovered", "N");
            } else {
                model.setFieldValue(section, "Version", 1);
                for (String optOut : List.of("SaleOptOut", "SharingOptOut", "TargetedAdvertisingOptOut")) {
                    if (model.hasField(section, optOut)) {
                        model.setFieldValue(section, optOut + "Notice", 1);
                    }
                }
                model.setFieldValue(section, "MspaCoveredTransaction", 2);
            }
            values.forEach((field, value) -> model.setFieldValue(section, field, typed(value)));
        });
        return model.encode();
    }

    private static Object typed(String value) {
        if (value.equals("true") || value.equals("false")) {
            return Boolean.valueOf(value);
        }
        if (value.contains(";")) {
            return ints(value, ";");
        }
        return value.matches("\\d+") ? Integer.valueOf(value) : value;
    }

    private static String text(Object decoded) {
        if (decoded instanceof List<?> list) {
            return list.stream().map(String::valueOf).collect(Collectors.joining(";"));
        }
        return String.valueOf(decoded);
    }

    // ---- the table ----

    private static Set<String> executedVectors(String jurisdiction) {
        return ROWS.stream().filter(row -> row.run() && row.jurisdiction().equals(jurisdiction)).map(Row::vector)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * One vector. {@code why} lists: for {@code all}, the legal basis; for {@code none}, the reasons that must
     * all be among the strip reasons.
     */
    record Row(int line, String vector, String jurisdiction, Instant at, AgeBand age, boolean adConsent, String secGpc,
               boolean coppa, boolean lmt, String usPrivacy, String gpp, List<Integer> gppSid, List<String> gppClaims,
               String thirdParty, List<String> thirdPartyWhy, String serviceProvider, List<String> serviceProviderWhy,
               boolean run, String note) {
        @Override
        public String toString() {
            return "line " + line + " " + jurisdiction + (at.equals(AS_OF) ? "" : "@" + at) + " " + vector;
        }
    }

    private static List<Row> readRows() {
        try (InputStream in = StateRulesGoldenTest.class.getResourceAsStream(CSV)) {
            if (in == null) {
                throw new IllegalStateException(CSV + " is not on the test classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<Row> rows = new ArrayList<>();
            boolean header = true;
            int lineNo = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNo++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (header) {
                    if (!Arrays.asList(line.split(",", -1)).equals(COLUMNS)) {
                        throw new IllegalStateException(CSV + ": header must be " + String.join(",", COLUMNS));
                    }
                    header = false;
                    continue;
                }
                rows.add(row(lineNo, line));
            }
            if (rows.isEmpty()) {
                throw new IllegalStateException(CSV + ": no rows");
            }
            return List.copyOf(rows);
        } catch (IOException e) {
            throw new IllegalStateException(CSV, e);
        }
    }

    /** Comma-separated, no quoting; the last column (note) may itself contain commas. */
    private static Row row(int lineNo, String line) {
        String[] c = line.split(",", COLUMNS.size());
        String where = CSV + " line " + lineNo + ": ";
        if (c.length != COLUMNS.size()) {
            throw new IllegalStateException(where + "expected " + COLUMNS.size() + " columns, got " + c.length);
        }
        try {
            String thirdParty = outcome(c[11]);
            String serviceProvider = outcome(c[13]);
            String jurisdiction = required(c[1], "jurisdiction");
            int at = jurisdiction.indexOf('@');
            return new Row(lineNo, required(c[0], "vector"), at < 0 ? jurisdiction : jurisdiction.substring(0, at),
                    at < 0 ? AS_OF : instant(jurisdiction.substring(at + 1)), AgeBand.fromWireName(c[2]), bool(c[3]),
                    blankToNull(c[4]), bool(c[5]), bool(c[6]),
                    blankToNull(c[7]), blankToNull(c[8]), c[9].isEmpty() ? List.of() : ints(c[9], "\\|"),
                    c[10].isEmpty() ? List.of() : List.of(c[10].split("\\|")), thirdParty, why(thirdParty, c[12]),
                    serviceProvider, why(serviceProvider, c[14]), yesNo(c[15]), c[16]);
        } catch (RuntimeException e) {
            throw new IllegalStateException(where + e.getMessage(), e);
        }
    }

    private static List<String> why(String outcome, String text) {
        List<String> why = List.of(required(text, "why").split("\\|"));
        if (outcome.equals("all")) {
            if (why.size() != 1 || !LEGAL_BASES.contains(why.get(0))) {
                throw new IllegalArgumentException("a share names one legal basis of " + LEGAL_BASES + ": " + text);
            }
        } else {
            why.forEach(w -> Reason.valueOf(w.toUpperCase(Locale.ROOT))); // a typo fails here, not silently
        }
        return why;
    }

    private static String outcome(String s) {
        if (!s.equals("all") && !s.equals("none")) {
            throw new IllegalArgumentException("outcome must be all or none: " + s);
        }
        return s;
    }

    private static boolean bool(String s) {
        if (!s.equals("true") && !s.equals("false")) {
            throw new IllegalArgumentException("expected true or false: " + s);
        }
        return Boolean.parseBoolean(s);
    }

    private static boolean yesNo(String s) {
        if (!s.equals("yes") && !s.equals("no")) {
            throw new IllegalArgumentException("run must be yes or no: " + s);
        }
        return s.equals("yes");
    }

    private static String required(String s, String what) {
        if (s.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        return s;
    }

    /** {@code 2027-01-01} (00:00 UTC) or a full instant such as {@code 2026-12-31T23:59:59Z}. */
    private static Instant instant(String s) {
        return s.contains("T") ? Instant.parse(s) : LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static String blankToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    private static List<Integer> ints(String s, String separatorRegex) {
        return s.isEmpty() ? List.of() : Arrays.stream(s.split(separatorRegex)).map(Integer::valueOf).toList();
    }
}
