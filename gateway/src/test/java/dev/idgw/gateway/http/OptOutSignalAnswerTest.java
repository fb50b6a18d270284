package dev.idgw.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.gateway.consent.AgeBand;
import dev.idgw.gateway.consent.ConsentRecord;
import dev.idgw.gateway.support.AdPodRequests;
import dev.idgw.gateway.support.GatewayHarness;
import dev.idgw.gateway.support.PartnerSpec;
import dev.idgw.testkit.partner.StubBehavior;
import dev.idgw.testkit.partner.StubFailure;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The player is told whether the opt-out preference signal its request carried was processed (11 CCR
 * §7025(c)(6)): the {@code Opt-Out-Signal} header on every answer (200 JSON, 200 VAST, 204) and
 * {@code ext.optOutSignal} in the BidResponse; a request without GPC gets no such claim.
 */
class OptOutSignalAnswerTest {
    private static GatewayHarness gateway;

    @BeforeAll
    static void start() {
        gateway = GatewayHarness.builder().partner(PartnerSpec.allFields("alpha")).start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void shouldSayTheSignalWasHonoredInTheHeaderAndTheBidResponseExt() {
        String device = consentedDevice();

        HttpResponse<String> r = gateway.post(AdPodRequests.dynamicPod("gpc-json", device, "203.0.113.7").toString(),
                "Sec-GPC", "1");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Opt-Out-Signal")).hasValue("honored");
        assertThat(new JsonObject(r.body()).getJsonObject("ext"))
                .isEqualTo(new JsonObject("{\"optOutSignal\":{\"gpc\":true,\"honored\":true}}"));
        assertThat(gateway.stub("alpha").received()).last().satisfies(sent ->
                assertThat(sent.bodyText()).as("honored means the third party got no identity").doesNotContain(device));
    }

    @Test
    void shouldSayItOnAVastAnswerInTheHeader() {
        HttpResponse<String> r = gateway.post(AdPodRequests.dynamicPod("gpc-vast", consentedDevice(), null).toString(),
                "Sec-GPC", "1", "Accept", "application/xml");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/xml");
        assertThat(r.headers().firstValue("Opt-Out-Signal")).hasValue("honored");
    }

    @Test
    void shouldSayItOnANoFillAnswer() {
        gateway.stub("alpha").behave(StubBehavior.failing(StubFailure.NO_BID));
        try {
            HttpResponse<String> r = gateway.post(AdPodRequests.dynamicPod("gpc-204", consentedDevice(), null)
                    .toString(), "Sec-GPC", "1");

            assertThat(r.statusCode()).isEqualTo(204);
            assertThat(r.headers().firstValue("Opt-Out-Signal")).hasValue("honored");
        } finally {
            gateway.stub("alpha").behave(StubBehavior.bidding());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "yes", "1, 1"})
    void shouldReportAMalformedSignalAsHonoredBecauseItRestricts(String value) {
        String device = consentedDevice();

        HttpResponse<String> r = gateway.post(AdPodRequests.dynamicPod("gpc-odd", device, null).toString(),
                "Sec-GPC", value);

        assertThat(r.headers().firstValue("Opt-Out-Signal")).hasValue("honored");
        assertThat(new JsonObject(r.body()).getJsonObject("ext").getJsonObject("optOutSignal").getBoolean("honored"))
                .isTrue();
        assertThat(gateway.stub("alpha").received()).last().satisfies(sent ->
                assertThat(sent.bodyText()).doesNotContain(device));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"1\"", "1", "true", "\"yes\""})
    void shouldHonorGpcSentInRegsExtAsTheHeaderIs(String value) {
        String device = consentedDevice();
        var request = AdPodRequests.dynamicPod("gpc-regs", device, null);
        request.putObject("regs").putObject("ext").put("tracker", "x").set("gpc", AdPodRequests.JSON.valueToTree(
                new io.vertx.core.json.JsonArray("[" + value + "]").getValue(0)));

        HttpResponse<String> r = gateway.post(request.toString());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Opt-Out-Signal")).hasValue("honored");
        assertThat(gateway.stub("alpha").received()).last().satisfies(sent -> assertThat(sent.bodyText())
                .doesNotContain(device).contains("\"gpc\":\"1\"").doesNotContain("tracker"));
    }

    @Test
    void shouldMakeNoClaimWithoutTheSignal() {
        String device = consentedDevice();

        HttpResponse<String> json = gateway.post(AdPodRequests.dynamicPod("plain", device, null).toString());
        HttpResponse<String> vast = gateway.post(AdPodRequests.dynamicPod("plain-vast", device, null).toString(),
                "Accept", "application/xml");

        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.headers().firstValue("Opt-Out-Signal")).isEmpty();
        assertThat(json.body()).doesNotContain("optOutSignal").doesNotContain("honored");
        assertThat(new JsonObject(json.body()).containsKey("ext")).isFalse();
        assertThat(vast.headers().firstValue("Opt-Out-Signal")).isEmpty();
        assertThat(gateway.stub("alpha").received()).last().satisfies(sent ->
                assertThat(sent.bodyText()).as("without GPC the consented device is shared").contains(device));
    }

    private static String consentedDevice() {
        String device = UUID.randomUUID().toString();
        gateway.putConsent(device, new ConsentRecord(true, "US-CA", AgeBand.ADULT, null, 1, Instant.now()));
        return device;
    }
}
