package dev.idgw.gateway.decision;

import static dev.idgw.gateway.decision.DecisionFixtures.RULES;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.idgw.gateway.consent.AgeBand;
import dev.idgw.gateway.consent.ConsentKeys;
import dev.idgw.gateway.consent.ConsentLookup;
import dev.idgw.gateway.consent.ConsentRecord;
import dev.idgw.gateway.consent.ConsentRecordCodec;
import dev.idgw.partners.Field;
import dev.idgw.partners.PartnerProfile;
import dev.idgw.partners.PartnerRole;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Invariant 1 under fuzzed consent records (the Redis hash as the codec reads it) and fuzzed request
 * signals: nothing throws, and identity travels only when the record was found with consent for an
 * adult (or an unknown age the region treats as adult), no COPPA, no LMT, no GPP known child, and, for
 * a third party, no GPC, no opted-out or malformed US Privacy string and no GPP restriction.
 *
 * <p>Fuzz with {@code JAZZER_FUZZ=1 mvn -pl gateway test -Dtest=ConsentDecisionFuzzTest}.
 */
@ResourceLock("jazzer") // one fuzz test at a time: Jazzer's engine is per JVM
class ConsentDecisionFuzzTest {
    private static final String HEX64 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static final Map<String, String[]> PLAUSIBLE = Map.of(
            ConsentKeys.AD_CONSENT, new String[] {"1", "0", "yes", "true", "false", "TRUE", " 1"},
            ConsentKeys.JURISDICTION, new String[] {"US-CA", "US-MD", "GB", "DE", "US-ZZ", "us-ca", "USA", "US-"},
            ConsentKeys.AGE_BAND, new String[] {"adult", "child", "minor", "unknown", "Adult", "teen"},
            ConsentKeys.EMAIL_SHA256, new String[] {HEX64, HEX64.toUpperCase(), HEX64.substring(1), HEX64 + "0"},
            ConsentKeys.VERSION, new String[] {"0", "7", "-1", "+5", "9223372036854775807", "9223372036854775808", "x"},
            ConsentKeys.UPDATED_AT, new String[] {"0", "1767225600000", "-5", "9223372036854775807", "1e3"});
    private static final String[] US_PRIVACY = {"1YYN", "1NYN", "1YNN", "1---", "1yyn", "1XYZ", "2YNN", "", "1YN"};
    private static final String[] GPP = {DecisionFixtures.GPP_USNAT_OPT_OUT, DecisionFixtures.GPP_USNAT_NOT_OPTED_OUT,
            DecisionFixtures.GPP_USNAT_KNOWN_CHILD, DecisionFixtures.GPP_USCA_SALE_OPT_OUT, "DBABTA~1YNN",
            "DBABTA~1NYN", "DBAA", "notgpp", "", "DBABMA~CQueBO1QueBO1AFAAAENAACAAAAAAAAAAAAAAAAAAAAA.QAAA.IAAA"};
    private static final int[] SECTION_IDS = {2, 6, 7, 8, 9, 12, 23, 24, -1, 0};
    private static final List<PartnerProfile> PARTNERS = List.of(
            DecisionFixtures.partner(PartnerRole.THIRD_PARTY, EnumSet.allOf(Field.class)),
            DecisionFixtures.partner(PartnerRole.THIRD_PARTY, EnumSet.of(Field.DEVICE_ID)),
            DecisionFixtures.partner(PartnerRole.THIRD_PARTY, Set.of()),
            DecisionFixtures.partner(PartnerRole.SERVICE_PROVIDER, EnumSet.of(Field.HASHED_EMAIL, Field.IP)));

    @FuzzTest
    void decisionNeverLetsIdentityTravelWithoutConsent(FuzzedDataProvider data) {
        Map<String, String> fields = new HashMap<>();
        for (String key : List.of(ConsentKeys.AD_CONSENT, ConsentKeys.JURISDICTION, ConsentKeys.AGE_BAND,
                ConsentKeys.EMAIL_SHA256, ConsentKeys.VERSION, ConsentKeys.UPDATED_AT)) {
            switch (data.consumeInt(0, 3)) {
                case 0 -> { }
                case 1, 2 -> fields.put(key, data.pickValue(PLAUSIBLE.get(key)));
                default -> fields.put(key, data.consumeString(70));
            }
        }
        boolean gpc = data.consumeBoolean();
        boolean coppa = data.consumeBoolean();
        boolean lmt = data.consumeBoolean();
        String usPrivacyText = switch (data.consumeInt(0, 2)) {
            case 0 -> null;
            case 1 -> data.pickValue(US_PRIVACY);
            default -> data.consumeString(6);
        };
        String gppText = switch (data.consumeInt(0, 3)) {
            case 0 -> null;
            case 1 -> data.pickValue(GPP);
            case 2 -> data.pickValue(GPP) + data.consumeString(16);
            default -> data.consumeString(200);
        };
        List<Integer> sids = new ArrayList<>();
        int sidCount = data.consumeInt(0, 3);
        for (int i = 0; i < sidCount; i++) {
            sids.add(data.consumeBoolean() ? data.pickValue(SECTION_IDS) : data.consumeInt());
        }
        PartnerProfile partner = data.pickValue(PARTNERS);

        ConsentLookup lookup = ConsentRecordCodec.decode(fields);
        UsPrivacySignal usPrivacy = UsPrivacySignal.parse(usPrivacyText);
        GppSignal gpp = GppSignal.decode(gppText, sids);
        Decision decision = ConsentDecider.decide(lookup, new RequestSignals(gpc, coppa, lmt, usPrivacy, gpp),
                RULES, partner);

        checkLookup(fields, lookup);
        checkSignals(usPrivacyText, usPrivacy, gppText, sids, gpp);
        boolean allowedByPolicy = lookup instanceof ConsentLookup.Found found && allowsEveryone(found.record())
                && !coppa && !lmt && !gpp.restrictions().contains(Reason.GPP_KNOWN_CHILD)
                && (partner.role() != PartnerRole.THIRD_PARTY
                    || (!gpc && usPrivacy != UsPrivacySignal.OPTED_OUT && usPrivacy != UsPrivacySignal.MALFORMED
                        && gpp.restrictions().isEmpty()));
        if (!decision.allowed().isEmpty()) {
            assertThat(allowedByPolicy).as("identity allowed without consent: %s", decision).isTrue();
            assertThat(partner.identityFields()).containsAll(decision.allowed());
        }
        if (allowedByPolicy && !partner.identityFields().isEmpty()) {
            assertThat(decision.allowed()).isEqualTo(partner.identityFields());
        }
        assertThat(decision.reasons()).isNotEmpty();
    }

    private static boolean allowsEveryone(ConsentRecord record) {
        AgeBand age = record.ageBand();
        return record.adConsent() && (age == AgeBand.ADULT
                || (age == AgeBand.UNKNOWN && RULES.forCode(record.jurisdiction()).unknownAgeAs() == AgeBand.ADULT));
    }

    /** The codec is strict on the way in: Found only for a hash that is valid field by field. */
    private static void checkLookup(Map<String, String> fields, ConsentLookup lookup) {
        if (fields.isEmpty()) {
            assertThat(lookup).isInstanceOf(ConsentLookup.Missing.class);
        }
        if (lookup instanceof ConsentLookup.Found found) {
            // ad and jur are required; age, v and ts default to unknown, 0 and 0 (see ConsentKeys).
            assertThat(fields.get(ConsentKeys.AD_CONSENT)).isIn("0", "1", "false", "true");
            assertThat(found.record().adConsent())
                    .isEqualTo(Set.of("1", "true").contains(fields.get(ConsentKeys.AD_CONSENT)));
            assertThat(fields.get(ConsentKeys.JURISDICTION)).matches("[A-Z]{2}(-[A-Z0-9]{1,3})?");
            assertThat(fields.get(ConsentKeys.AGE_BAND)).isIn(null, "child", "minor", "adult", "unknown");
            String em = fields.get(ConsentKeys.EMAIL_SHA256);
            assertThat(em == null || em.isEmpty() || em.matches("[0-9a-f]{64}")).isTrue();
            assertThat(found.record().version()).isNotNegative();
            assertThat(found.record().updatedAt().toEpochMilli()).isNotNegative();
            assertThat(ConsentRecordCodec.decode(ConsentRecordCodec.encode(found.record())))
                    .isInstanceOfSatisfying(ConsentLookup.Found.class, again -> assertThat(again.record())
                            .usingRecursiveComparison().isEqualTo(found.record()));
        }
    }

    private static void checkSignals(String usPrivacyText, UsPrivacySignal usPrivacy, String gppText,
                                     List<Integer> sids, GppSignal gpp) {
        if (usPrivacyText == null) {
            assertThat(usPrivacy).isEqualTo(UsPrivacySignal.ABSENT);
        } else if (!usPrivacyText.matches("1[YNyn-]{3}")) {
            assertThat(usPrivacy).isEqualTo(UsPrivacySignal.MALFORMED);
        }
        assertThat(gpp.present()).isEqualTo(gppText != null || !sids.isEmpty());
        if (gppText == null && !sids.isEmpty()) {
            assertThat(gpp.restrictions()).contains(Reason.GPP_MALFORMED);
        }
    }
}
