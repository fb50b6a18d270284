package dev.idgw.gateway.decision;

import static dev.idgw.gateway.decision.DecisionFixtures.RULES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.gateway.consent.AgeBand;
import dev.idgw.gateway.consent.ConsentLookup;
import dev.idgw.partners.Field;
import dev.idgw.partners.PartnerProfile;
import dev.idgw.partners.PartnerRole;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Invariant 1 over every combination of record, signals, region and partner: if anything that binds
 * the partner's role restricts, nothing travels; if nothing does, the partner gets exactly its profile's
 * fields. The oracle below is written from the policy, not from the decider's code.
 */
class ConsentDeciderPropertiesTest {

    /** A GPP string and gpp_sid with what the policy says it means. */
    record Gpp(String gpp, List<Integer> sid, boolean optsOut, boolean knownChild) {
    }

    @Property(tries = 2000)
    void shouldStripForTheAffectedRolesWheneverAnyInputRestricts(
            @ForAll("lookups") String lookupKind, @ForAll boolean adConsent,
            @ForAll("jurisdictions") String jurisdiction, @ForAll AgeBand age, @ForAll boolean coppa,
            @ForAll boolean lmt, @ForAll boolean gpc, @ForAll("usPrivacy") String usPrivacy,
            @ForAll("gpp") Gpp gpp, @ForAll PartnerRole role, @ForAll("fields") Set<Field> fields) {
        ConsentLookup lookup = DecisionFixtures.lookup(lookupKind, adConsent, jurisdiction, age);
        RequestSignals signals = DecisionFixtures.signals(gpc, coppa, lmt, usPrivacy, gpp.gpp(), gpp.sid());
        PartnerProfile partner = DecisionFixtures.partner(role, fields);

        Decision decision = ConsentDecider.decide(lookup, signals, RULES, partner);

        AgeBand effectiveAge = age == AgeBand.UNKNOWN ? RULES.forCode(jurisdiction).unknownAgeAs() : age;
        boolean bindsEveryone = !"found".equals(lookupKind) || !adConsent || effectiveAge != AgeBand.ADULT
                || coppa || lmt || gpp.knownChild();
        boolean bindsThirdParties = gpc || usPrivacyOptsOut(usPrivacy) || gpp.optsOut();
        boolean restricted = bindsEveryone || (role == PartnerRole.THIRD_PARTY && bindsThirdParties);

        if (restricted || fields.isEmpty()) {
            assertThat(decision).isInstanceOf(Decision.Strip.class);
            assertThat(decision.allowed()).isEmpty();
            assertThat(decision.reasons()).isNotEmpty();
        } else {
            assertThat(decision).isInstanceOf(Decision.Share.class);
            assertThat(decision.allowed()).isEqualTo(fields);
        }
    }

    /** The legacy string opts out when its third character is Y, and a malformed one counts as an opt-out. */
    private static boolean usPrivacyOptsOut(String s) {
        if (s == null) {
            return false;
        }
        return !s.matches("1[YNyn-][NnYy-][YNyn-]") || Character.toUpperCase(s.charAt(2)) == 'Y';
    }

    @Provide
    Arbitrary<String> lookups() {
        return Arbitraries.of("found", "found", "found", "missing", "malformed", "unavailable");
    }

    @Provide
    Arbitrary<String> jurisdictions() {
        return Arbitraries.of("US-CA", "US-MD", "GB", "DE", "US-ZZ");
    }

    @Provide
    Arbitrary<String> usPrivacy() {
        return Arbitraries.oneOf(
                Arbitraries.of("1YYN", "1NYN", "1YNN", "1NNN", "1---", "1yyn", "1XYZ", "2YNN", "", "1YN", "1YNNY")
                        .injectNull(0.3),
                Arbitraries.strings().withChars("1YNyn-X").ofMinLength(0).ofMaxLength(5));
    }

    @Provide
    Arbitrary<Gpp> gpp() {
        return Arbitraries.of(
                new Gpp(null, List.of(), false, false),
                new Gpp(DecisionFixtures.GPP_USNAT_NOT_OPTED_OUT, List.of(7), false, false),
                new Gpp(DecisionFixtures.GPP_USNAT_NOT_OPTED_OUT, List.of(), false, false),
                new Gpp("DBABTA~1YNN", List.of(6), false, false),
                new Gpp(DecisionFixtures.GPP_USNAT_OPT_OUT, List.of(7), true, false),
                new Gpp(DecisionFixtures.GPP_USNAT_OPT_OUT, List.of(), true, false),
                new Gpp(DecisionFixtures.GPP_USCA_SALE_OPT_OUT, List.of(8), true, false),
                new Gpp("DBABTA~1NYN", List.of(6), true, false),
                new Gpp(DecisionFixtures.GPP_USNAT_NOT_OPTED_OUT, List.of(2), true, false),
                new Gpp(DecisionFixtures.GPP_USNAT_NOT_OPTED_OUT, List.of(8), true, false),
                new Gpp(DecisionFixtures.GPP_USNAT_NOT_OPTED_OUT, List.of(7, 2), true, false),
                new Gpp("notgpp", List.of(), true, false),
                new Gpp("", List.of(), true, false),
                new Gpp(null, List.of(7), true, false),
                new Gpp(DecisionFixtures.GPP_USNAT_KNOWN_CHILD, List.of(7), false, true));
    }

    @Provide
    Arbitrary<Set<Field>> fields() {
        return Arbitraries.of(Field.class).set().ofMaxSize(3);
    }
}
