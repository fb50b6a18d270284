package dev.idgw.gateway.decision;

import static dev.idgw.gateway.decision.DecisionFixtures.ALL_FIELDS;
import static dev.idgw.gateway.decision.DecisionFixtures.RULES;
import static dev.idgw.gateway.decision.DecisionFixtures.found;
import static dev.idgw.gateway.decision.DecisionFixtures.lookup;
import static dev.idgw.gateway.decision.DecisionFixtures.partner;
import static dev.idgw.gateway.decision.DecisionFixtures.signals;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idgw.gateway.consent.AgeBand;
import dev.idgw.gateway.consent.ConsentLookup;
import dev.idgw.partners.Field;
import dev.idgw.partners.PartnerProfile;
import dev.idgw.partners.PartnerRole;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/**
 * The decision table: decisions.csv holds one row per rule of {@link ConsentDecider} (see its Javadoc),
 * read against {@link DecisionFixtures#RULES}. Columns: the consent lookup and record, the request
 * signals, the partner, and the expected outcome with every reason and the legal basis.
 */
class ConsentDeciderTest {

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "/dev/idgw/gateway/decision/decisions.csv", numLinesToSkip = 1)
    void shouldDecideAsTheTableSays(String name, String lookupKind, Boolean adConsent, String jurisdiction,
                                    String age, boolean coppa, boolean lmt, boolean gpc, String usPrivacy,
                                    String gpp, String gppSid, String role, String fields, String expected,
                                    String reasons, String basis) {
        ConsentLookup lookup = lookup(lookupKind, Boolean.TRUE.equals(adConsent), jurisdiction,
                age == null ? AgeBand.ADULT : AgeBand.fromWireName(age));
        RequestSignals signals = signals(gpc, coppa, lmt, usPrivacy, gpp, ints(gppSid));
        PartnerProfile partner = partner(PartnerRole.fromConfigName(role), fields(fields));

        Decision decision = ConsentDecider.decide(lookup, signals, RULES, partner);

        List<Reason> expectedReasons = Arrays.stream(reasons.split("\\|")).map(Reason::valueOf).toList();
        assertThat(decision.reasons()).containsExactlyInAnyOrderElementsOf(expectedReasons);
        if ("share".equals(expected)) {
            assertThat(decision).isInstanceOfSatisfying(Decision.Share.class, share -> {
                assertThat(share.allowed()).isEqualTo(partner.identityFields());
                assertThat(share.legalBasis()).isEqualTo(basis);
            });
        } else {
            assertThat(decision).isInstanceOf(Decision.Strip.class);
            assertThat(decision.allowed()).isEmpty();
            assertThat(basis).as("a strip has no legal basis column").isNull();
        }
    }

    @Test
    void shouldAllowExactlyTheProfileFieldsForEverySubset() {
        for (Set<Field> fields : List.of(EnumSet.of(Field.IP), EnumSet.of(Field.DEVICE_ID, Field.HASHED_EMAIL),
                ALL_FIELDS)) {
            for (PartnerRole role : PartnerRole.values()) {
                Decision decision = ConsentDecider.decide(found(true, "US-CA", AgeBand.ADULT), RequestSignals.none(),
                        RULES, partner(role, fields));

                assertThat(decision.allowed()).isEqualTo(fields);
            }
        }
    }

    @Test
    void shouldStripEverythingWhenTheLookupIsNotFound() {
        for (ConsentLookup lookup : List.of(new ConsentLookup.Missing(), new ConsentLookup.Malformed("x"),
                new ConsentLookup.Unavailable("x"))) {
            for (PartnerRole role : PartnerRole.values()) {
                assertThat(ConsentDecider.decide(lookup, RequestSignals.none(), RULES, partner(role, ALL_FIELDS)))
                        .isInstanceOf(Decision.Strip.class);
            }
        }
    }

    @Test
    void shouldUseTheRecordsJurisdictionNotTheDefault() {
        Decision optOut = ConsentDecider.decide(found(true, "US-CA", AgeBand.UNKNOWN), RequestSignals.none(), RULES,
                partner(PartnerRole.THIRD_PARTY, ALL_FIELDS));
        Decision fallback = ConsentDecider.decide(found(true, "JP", AgeBand.UNKNOWN), RequestSignals.none(), RULES,
                partner(PartnerRole.THIRD_PARTY, ALL_FIELDS));

        assertThat(optOut).isInstanceOf(Decision.Share.class);
        assertThat(fallback.reasons()).containsExactly(Reason.MINOR);
    }

    @Test
    void shouldNameEveryReasonInSnakeCase() {
        assertThat(Reason.PARTNER_RECEIVES_NO_IDENTITY.code()).isEqualTo("partner_receives_no_identity");
        assertThat(Arrays.stream(Reason.values()).map(Reason::code))
                .allMatch(code -> code.equals(code.toLowerCase(Locale.ROOT)));
    }

    @Test
    void shouldRefuseAShareWithoutFieldsAndAStripWithoutReasons() {
        assertThatThrownBy(() -> new Decision.Share(Set.of(), List.of(Reason.CONSENT_GRANTED), "consent"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Decision.Strip(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * GPP consent fields: 0 = not applicable, 1 = no consent, 2 = consent. A non-zero
     * KnownChildSensitiveDataConsents value means the business knows the consumer is a child (here
     * under 13, second entry = 2). The policy promises nothing is sold or shared for a known minor, yet
     * only the value 1 restricts, so this request shares all fields with a third party.
     */
    @Test
    void shouldStripForAKnownChildEvenWithParentalConsent() {
        RequestSignals signals = signals(false, false, false, null, "DBABLA~BEAAAAAAACBA.QA", List.of(7));

        Decision decision = ConsentDecider.decide(found(true, "US-CA", AgeBand.ADULT), signals, RULES,
                partner(PartnerRole.THIRD_PARTY, ALL_FIELDS));

        assertThat(decision).isInstanceOf(Decision.Strip.class);
    }

    private static List<Integer> ints(String pipeSeparated) {
        return pipeSeparated == null ? List.of()
                : Arrays.stream(pipeSeparated.split("\\|")).map(Integer::valueOf).toList();
    }

    private static Set<Field> fields(String pipeSeparated) {
        return "none".equals(pipeSeparated) ? Set.of()
                : Arrays.stream(pipeSeparated.split("\\|")).map(Field::fromConfigName).collect(Collectors.toSet());
    }
}
