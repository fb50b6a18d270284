package dev.idgw.gateway.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.gateway.consent.AgeBand;
import dev.idgw.gateway.consent.ConsentRecord;
import dev.idgw.gateway.support.AdPodRequests;
import dev.idgw.gateway.support.GatewayHarness;
import dev.idgw.gateway.support.PartnerSpec;
import dev.idgw.testkit.partner.StubBehavior;
import dev.idgw.testkit.partner.StubFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * No partner can fail the ad request: whatever one partner does (hang, reset, garbage, a wrong shape,
 * a 5 MB body, a 500), the player gets the pod built from the healthy partner, within the deadline.
 */
class PartnerFailureTest {
    private static final String DEVICE = UUID.randomUUID().toString();
    private static GatewayHarness gateway;

    @BeforeAll
    static void start() {
        gateway = GatewayHarness.builder()
                .partner(PartnerSpec.allFields("healthy").withBehavior(StubBehavior.bidding().withBasePrice(5.0)))
                .partner(PartnerSpec.allFields("faulty").withTimeout(Duration.ofMillis(150))
                        .withBehavior(StubBehavior.bidding().withBasePrice(50.0)))
                .start();
        gateway.putConsent(DEVICE, new ConsentRecord(true, "US-CA", AgeBand.ADULT, null, 1, Instant.now()));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @ParameterizedTest
    @EnumSource(value = StubFailure.class, names = {"HANG", "RESET", "GARBAGE", "WRONG_SHAPE", "OVERSIZE", "HTTP_500",
        "NO_BID"})
    void shouldBuildThePodFromTheOthersWhenOnePartnerFails(StubFailure failure) {
        gateway.stub("faulty").behave(StubBehavior.failing(failure));
        long start = System.nanoTime();
        HttpResponse<String> r = gateway.post(AdPodRequests.dynamicPod("f-" + failure, DEVICE, "203.0.113.5")
                .put("tmax", 300).toString());
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(r.statusCode()).isEqualTo(200);
        JsonArray seats = new JsonObject(r.body()).getJsonArray("seatbid");
        assertThat(seats).hasSize(1);
        assertThat(seats.getJsonObject(0).getString("seat")).isEqualTo("healthy");
        assertThat(millis).as("answered within tmax plus slack").isLessThan(1_500);
    }

    @ParameterizedTest
    @EnumSource(value = StubFailure.class, names = {"NONE"})
    void shouldPreferTheHigherPricedPartnerWhenBothBid(StubFailure none) {
        gateway.stub("faulty").behave(StubBehavior.bidding().withBasePrice(50.0));
        HttpResponse<String> r = gateway.post(AdPodRequests.dynamicPod("both", DEVICE, "203.0.113.5").toString());
        JsonObject response = new JsonObject(r.body());
        JsonObject first = response.getJsonArray("seatbid").getJsonObject(0).getJsonArray("bid").getJsonObject(0);
        assertThat(first.getDouble("price")).isGreaterThanOrEqualTo(50.0);
        assertThat(first.getJsonObject("ext").getInteger("sequence")).isEqualTo(1);
    }

}
