package dev.idgw.gateway.decision;

import dev.idgw.gateway.consent.AgeBand;
import dev.idgw.gateway.consent.ConsentLookup;
import dev.idgw.gateway.consent.ConsentRecord;
import dev.idgw.partners.EmailHashFormat;
import dev.idgw.partners.Field;
import dev.idgw.partners.PartnerProfile;
import dev.idgw.partners.PartnerRole;
import dev.idgw.partners.StrippedIpHandling;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rules, partners and consent records for decision tests. The rules are the test's own (not the shipped
 * config/jurisdictions.yaml) so that each regime and each unknown-age treatment has a region:
 * US-CA opt-out/adult, US-MD opt-out/minor, GB opt-in/minor, DE opt-in/adult, default opt-in/minor.
 */
final class DecisionFixtures {
    static final JurisdictionRules RULES = new JurisdictionRules("test-rules", Map.of(
            "US-CA", new JurisdictionRule("US-CA", Regime.OPT_OUT, true, 16, AgeBand.ADULT),
            "US-MD", new JurisdictionRule("US-MD", Regime.OPT_OUT, true, 18, AgeBand.MINOR),
            "GB", new JurisdictionRule("GB", Regime.OPT_IN, false, 18, AgeBand.MINOR),
            "DE", new JurisdictionRule("DE", Regime.OPT_IN, false, 16, AgeBand.ADULT)),
            new JurisdictionRule("default", Regime.OPT_IN, false, 18, AgeBand.MINOR));

    static final Set<Field> ALL_FIELDS = EnumSet.allOf(Field.class);

    /** GPP strings (usnat = section 7, usca = 8) made with iabgpp-encoder 3.2.4. */
    static final String GPP_USNAT_OPT_OUT = "DBABLA~BFQVAAAAAACA.YA";
    static final String GPP_USNAT_NOT_OPTED_OUT = "DBABLA~BFQqAAAAAACA.QA";
    static final String GPP_USNAT_KNOWN_CHILD = "DBABLA~BEAAAAAAAFRA.QA";
    static final String GPP_USCA_SALE_OPT_OUT = "DBABBg~BQQAAABA.QA";

    private DecisionFixtures() {
    }

    static PartnerProfile partner(PartnerRole role, Set<Field> fields) {
        return new PartnerProfile("p-" + role.configName().replace('_', '-'), URI.create("http://127.0.0.1:9/bid"), role,
                "advertising network", fields, EmailHashFormat.SHA256_HEX, "hashed-email.test",
                StrippedIpHandling.REMOVE, Duration.ofMillis(100));
    }

    static ConsentLookup found(boolean adConsent, String jurisdiction, AgeBand age) {
        return new ConsentLookup.Found(new ConsentRecord(adConsent, jurisdiction, age, new byte[32], 3,
                Instant.parse("2026-01-01T00:00:00Z")));
    }

    static ConsentLookup lookup(String kind, boolean adConsent, String jurisdiction, AgeBand age) {
        return switch (kind) {
            case "found" -> found(adConsent, jurisdiction, age);
            case "missing" -> new ConsentLookup.Missing();
            case "malformed" -> new ConsentLookup.Malformed("test");
            case "unavailable" -> new ConsentLookup.Unavailable("test");
            default -> throw new IllegalArgumentException("lookup kind: " + kind);
        };
    }

    static RequestSignals signals(boolean gpc, boolean coppa, boolean lmt, String usPrivacy, String gpp,
                                  List<Integer> gppSid) {
        return new RequestSignals(gpc, coppa, lmt, UsPrivacySignal.parse(usPrivacy), GppSignal.decode(gpp, gppSid));
    }
}
