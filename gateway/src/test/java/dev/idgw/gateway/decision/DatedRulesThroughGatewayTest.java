package dev.idgw.gateway.decision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.gateway.consent.AgeBand;
import dev.idgw.gateway.consent.ConsentRecord;
import dev.idgw.gateway.sharelog.ShareEntry;
import dev.idgw.gateway.sharelog.ShareRecord;
import dev.idgw.gateway.support.AdPodRequests;
import dev.idgw.gateway.support.GatewayHarness;
import dev.idgw.gateway.support.ManualClock;
import dev.idgw.gateway.support.PartnerSpec;
import dev.idgw.testkit.partner.ReceivedRequest;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A jurisdiction rule with an {@code effective} date takes over at 00:00 UTC of that day, in the running
 * gateway, without a reload: the shipped Oklahoma rule (in force 2027-01-01) against real Redis and a real
 * partner on loopback, the gateway's one wall clock set by hand across the boundary. The consent view
 * names the rule in force by the same clock.
 */
class DatedRulesThroughGatewayTest {
    private static final Instant LAST_SECOND_OF_2026 = Instant.parse("2026-12-31T23:59:59Z");
    private static final Instant FIRST_SECOND_OF_2027 = Instant.parse("2027-01-01T00:00:00Z");

    @Test
    void shouldDecideAnOklahomanUnderTheDefaultRuleUntilTheLawStartsAndUnderTheStateRuleFromItsFirstSecond() {
        ManualClock clock = new ManualClock(LAST_SECOND_OF_2026);
        try (GatewayHarness gateway = GatewayHarness.builder().clock(clock).partner(PartnerSpec.allFields("alpha"))
                .start()) {
            String adult = UUID.randomUUID().toString();
            String unknownAge = UUID.randomUUID().toString();
            gateway.putConsent(adult, new ConsentRecord(true, "US-OK", AgeBand.ADULT, null, 1, LAST_SECOND_OF_2026));
            gateway.putConsent(unknownAge, new ConsentRecord(true, "US-OK", AgeBand.UNKNOWN, null, 1,
                    LAST_SECOND_OF_2026));

            // 2026-12-31T23:59:59Z: no Oklahoma law yet, so the default rule (opt-in; unknown age counts as minor).
            assertThat(payloadTo(gateway, adult)).as("adult with consent, opt-in").contains(adult);
            assertThat(payloadTo(gateway, unknownAge)).as("unknown age counts as minor by default")
                    .doesNotContain(unknownAge);
            JsonObject viewBefore = consentView(gateway, adult);
            assertThat(viewBefore.getString("jurisdictionRule")).isEqualTo("default");
            assertThat(viewBefore.getString("note")).startsWith("no rule for US-OK is in force today");
            ShareRecord before = onlyRecord(gateway);
            assertThat(before.time()).isEqualTo(LAST_SECOND_OF_2026);
            assertThat(before.rulesVersion()).as("the default rule has no dates: the plain version")
                    .isEqualTo("2026-11-01");
            assertThat(before.partners()).extracting(ShareEntry::legalBasis).containsExactly("consent");

            clock.set(FIRST_SECOND_OF_2027);

            // 2027-01-01T00:00:00Z: the OCDPA rule (opt-out; unknown age counts as adult), same requests.
            assertThat(payloadTo(gateway, adult)).contains(adult);
            assertThat(payloadTo(gateway, unknownAge)).as("unknown age counts as adult under the state rule")
                    .contains(unknownAge);
            assertThat(consentView(gateway, adult).getString("jurisdictionRule"))
                    .as("the consent view follows the clock").isEqualTo("US-OK");
            List<ShareRecord> after = gateway.shareRecords().subList(1, 3);
            assertThat(after).allSatisfy(r -> {
                assertThat(r.time()).isEqualTo(FIRST_SECOND_OF_2027);
                assertThat(r.rulesVersion()).as("names the dated rule decided under")
                        .isEqualTo("2026-11-01/US-OK@2027-01-01");
                assertThat(r.partners()).extracting(ShareEntry::legalBasis).containsExactly("opt_out_not_exercised");
            });
        }
    }

    private static ShareRecord onlyRecord(GatewayHarness gateway) {
        List<ShareRecord> records = gateway.shareRecords();
        assertThat(records).hasSize(1);
        return records.get(0);
    }

    private static JsonObject consentView(GatewayHarness gateway, String device) {
        return new JsonObject(gateway.internal("GET", "/consent/v1/devices/" + device, null,
                GatewayHarness.CONSENT_TOKEN).body());
    }

    /** The payload alpha gets for one request about {@code device}. */
    private static String payloadTo(GatewayHarness gateway, String device) {
        gateway.stubs().forEach(s -> s.clearReceived());
        gateway.post(AdPodRequests.dynamicPod("p-" + UUID.randomUUID(), device, "203.0.113.61").toString());
        List<ReceivedRequest> received = gateway.stub("alpha").received();
        assertThat(received).as("requests alpha received").hasSize(1);
        return received.get(0).bodyText();
    }
}
