package dev.idgw.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.idgw.gateway.consent.AgeBand;
import dev.idgw.gateway.consent.ConsentRecord;
import dev.idgw.gateway.sharelog.ShareEntry;
import dev.idgw.gateway.sharelog.ShareRecord;
import dev.idgw.gateway.support.AdPodRequests;
import dev.idgw.gateway.support.GatewayHarness;
import dev.idgw.gateway.support.PartnerSpec;
import dev.idgw.partners.Field;
import dev.idgw.testkit.partner.ReceivedRequest;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GPP sections iabgpp-encoder 3.2.4 cannot read (here usmn, 23, and usmd, 24), through the running gateway
 * against real Redis: a Minnesotan who opted out of nothing gets relevant ads from third parties, one who
 * opted out of sale gets none, and the share record says why in the signal's own terms, not
 * "gpp_unsupported_section". The strings are golden vectors made with @iabgpp/cmpapi 3.2.0
 * (src/test/resources/gpp/vectors.jsonl).
 */
class StateGppSectionEndToEndTest {
    /** usmn: notices given, SaleOptOut=2, TargetedAdvertisingOptOut=2, GPC sub-section with Gpc=false. */
    private static final String USMN_NO_OPT_OUT = "DBABIYA~BVoAAAgA.QA";
    /** usmn: the same with SaleOptOut=1 (opted out of sale). */
    private static final String USMN_SALE_OPT_OUT = "DBABIYA~BVYAAAgA";
    /** usmd with its core cut short by one character. */
    private static final String USMD_TRUNCATED = "DBABEYA~BhW";

    private static final PartnerSpec THIRD_PARTY = PartnerSpec.thirdParty("mn-third", EnumSet.allOf(Field.class));
    private static final PartnerSpec SERVICE_PROVIDER =
            PartnerSpec.serviceProvider("mn-provider", EnumSet.of(Field.DEVICE_ID));

    private static GatewayHarness gateway;

    @BeforeAll
    static void start() {
        gateway = GatewayHarness.builder().partner(THIRD_PARTY).partner(SERVICE_PROVIDER).start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void shouldShareWithThirdPartiesWhenTheMinnesotaSectionOptsOutOfNothing() {
        String device = minnesotan();
        String requestId = send("mn-none", device, USMN_NO_OPT_OUT, 23);

        assertThat(deviceIdSentTo(THIRD_PARTY, requestId)).isEqualTo(device);
        ShareRecord record = recordOf(requestId);
        assertThat(record.jurisdiction()).isEqualTo("US-MN");
        assertThat(record.signals()).doesNotContain("gpp_unsupported_section", "gpp_malformed", "gpp_opt_out");
        assertThat(record.partners()).extracting(ShareEntry::partnerId).contains(THIRD_PARTY.id());
    }

    @Test
    void shouldShareNothingWithThirdPartiesWhenTheMinnesotanOptedOutOfSale() {
        String device = minnesotan();
        String requestId = send("mn-sale", device, USMN_SALE_OPT_OUT, 23);

        assertThat(deviceIdSentTo(THIRD_PARTY, requestId)).isNull();
        assertThat(deviceIdSentTo(SERVICE_PROVIDER, requestId)).isEqualTo(device);
        ShareRecord record = recordOf(requestId);
        assertThat(record.signals()).contains("gpp_opt_out").doesNotContain("gpp_unsupported_section");
        assertThat(record.partners()).extracting(ShareEntry::partnerId).containsExactly(SERVICE_PROVIDER.id());
    }

    @Test
    void shouldFailClosedOnATruncatedSectionTheGatewayDecodes() {
        String device = minnesotan();
        String requestId = send("md-cut", device, USMD_TRUNCATED, 24);

        assertThat(deviceIdSentTo(THIRD_PARTY, requestId)).isNull();
        assertThat(recordOf(requestId).signals()).contains("gpp_malformed").doesNotContain("gpp_unsupported_section");
    }

    private static String minnesotan() {
        String device = UUID.randomUUID().toString();
        gateway.putConsent(device, new ConsentRecord(true, "US-MN", AgeBand.ADULT, null, 1, Instant.now()));
        return device;
    }

    /** Sends the ad request and returns the bundle that marks it in what the partners received. */
    private static String send(String marker, String device, String gpp, int sectionId) {
        // A '.' before the UUID: "md-cut-<uuid>" is 43 base64url characters, the shape of a SHA-256 in base64, and the
        // leak guard drops such a token from contextual fields (whenever the UUID's last digit is 0, 4, 8 or c).
        String bundle = marker + "." + UUID.randomUUID();
        ObjectNode request = AdPodRequests.dynamicPod(bundle, device, "203.0.113.23");
        request.with("app").put("bundle", bundle);
        ObjectNode regs = request.putObject("regs");
        regs.put("gpp", gpp);
        regs.putArray("gpp_sid").add(sectionId);
        assertThat(gateway.post(request.toString()).statusCode()).isIn(200, 204);
        return bundle;
    }

    /** The device ID the partner received for the request marked by this bundle, or null if none. */
    private static String deviceIdSentTo(PartnerSpec partner, String bundle) {
        JsonNode payload = payloadOf(partner, bundle);
        return payload.path("device").hasNonNull("ifa") ? payload.path("device").path("ifa").asText() : null;
    }

    private static JsonNode payloadOf(PartnerSpec partner, String bundle) {
        List<JsonNode> matching = gateway.stub(partner.id()).received().stream().map(ReceivedRequest::bodyText)
                .map(StateGppSectionEndToEndTest::read).filter(p -> bundle.equals(p.path("app").path("bundle").asText()))
                .toList();
        assertThat(matching).as("%s received the request %s", partner.id(), bundle).hasSize(1);
        return matching.get(0);
    }

    /** The share record of the request: found through the gateway request id the partners saw. */
    private static ShareRecord recordOf(String bundle) {
        String gatewayRequestId = payloadOf(SERVICE_PROVIDER, bundle).path("id").asText();
        return gateway.shareRecords().stream().filter(r -> r.requestId().equals(gatewayRequestId)).findFirst()
                .orElseThrow(() -> new AssertionError("no share record for " + bundle));
    }

    private static JsonNode read(String text) {
        try {
            return AdPodRequests.JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("partner received invalid JSON", e);
        }
    }
}
