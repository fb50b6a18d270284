package dev.idgw.gateway.ops;

import static dev.idgw.testkit.wait.Eventually.eventuallyGet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.gateway.consent.AgeBand;
import dev.idgw.gateway.consent.ConsentRecord;
import dev.idgw.gateway.http.OperatorRoutes;
import dev.idgw.gateway.http.ServerSettings;
import dev.idgw.gateway.sharelog.ShareLogKeys;
import dev.idgw.gateway.support.AdPodRequests;
import dev.idgw.gateway.support.GatewayHarness;
import dev.idgw.gateway.support.PartnerSpec;
import dev.idgw.gateway.support.PrometheusText;
import dev.idgw.testkit.partner.StubBehavior;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The operator endpoints on both listeners: live and ready without a token, live untouched by shedding,
 * ready naming the failing check (here the ledger: Redis answers, but the share log cannot be appended
 * to) and coming back by itself with no ad traffic, and {@code /metrics} off when metrics are.
 */
class HealthEndpointsTest {
    static final Duration TURNS_WITHIN = Duration.ofSeconds(10);

    @Test
    void shouldAnswerLiveAndReadyOnBothListenersWithoutAToken() {
        try (GatewayHarness gateway = GatewayHarness.builder().partner(PartnerSpec.allFields("alpha")).start()) {
            for (int port : new int[] {gateway.port(), gateway.compliancePort()}) {
                HttpResponse<String> live = gateway.get(port, OperatorRoutes.LIVE);
                assertThat(live.statusCode()).isEqualTo(200);
                assertThat(new JsonObject(live.body())).isEqualTo(new JsonObject().put("status", "UP"));
                assertThat(live.headers().firstValue("Content-Type")).hasValue("application/json");

                HttpResponse<String> ready = gateway.get(port, OperatorRoutes.READY);
                assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
                JsonObject report = new JsonObject(ready.body());
                assertThat(report.getString("status")).isEqualTo("UP");
                assertThat(report.getJsonObject("checks").fieldNames())
                        .containsExactly("redis.consent", "redis.sharelog", "ledger", "keys", "warmup");
                report.getJsonObject("checks").forEach(c ->
                        assertThat(((JsonObject) c.getValue()).getString("status")).as(c.getKey()).isEqualTo("UP"));
            }
        }
    }

    @Test
    void shouldStayLiveWhileSheddingAndCountTheShedRequests() {
        try (GatewayHarness gateway = GatewayHarness.builder()
                .server(ServerSettings.onPort(0).withHost("127.0.0.1").withMaxInFlight(2))
                .partner(PartnerSpec.allFields("slow").withTimeout(Duration.ofMillis(800))
                        .withBehavior(StubBehavior.bidding().withLatency(Duration.ofMillis(300))))
                .start()) {
            List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                burst.add(gateway.postAsync(AdPodRequests.dynamicPod("b-" + i, null, "203.0.113.4").put("tmax", 900)
                        .toString()));
            }
            assertThat(gateway.get(gateway.port(), OperatorRoutes.LIVE).statusCode()).as("live while shedding")
                    .isEqualTo(200);
            assertThat(gateway.get(gateway.port(), OperatorRoutes.READY).statusCode()).isEqualTo(200);
            long shed = burst.stream().map(CompletableFuture::join).filter(r -> r.statusCode() == 503).count();
            assertThat(shed).isPositive();

            PrometheusText metrics = PrometheusText.parse(gateway.get(gateway.port(), OperatorRoutes.METRICS).body());
            assertThat(metrics.sum("idgw_player_requests_seconds_count", "outcome", "shed")).isEqualTo(shed);
            assertThat(metrics.sum("idgw_player_requests_seconds_count")).isEqualTo(burst.size());
        }
    }

    /**
     * The chain head is swapped for a value of the wrong type: Redis answers PINGs, but neither an append
     * nor a re-read of the head can succeed. Ready must say the ledger is down while the Redis links are
     * up, ad requests still get answers (stripped), and once the head is back ready returns by itself.
     */
    @Test
    void shouldTurnNotReadyWhileTheLedgerCannotBeWrittenAndRecoverWithoutTraffic() throws Exception {
        try (GatewayHarness gateway = GatewayHarness.builder().partner(PartnerSpec.allFields("alpha")).start()) {
            String device = UUID.randomUUID().toString();
            gateway.putConsent(device, new ConsentRecord(true, "US-CA", AgeBand.ADULT, null, 1, Instant.now()));
            assertThat(gateway.post(AdPodRequests.dynamicPod("first", device, "203.0.113.5").toString()).statusCode())
                    .isIn(200, 204);
            String head = new ShareLogKeys(gateway.config().redis().keyPrefix(), gateway.config().writerId()).head();
            gateway.redis(c -> c.rename(head, head + ":aside"));
            gateway.redis(c -> c.set(head, "not a hash"));

            HttpResponse<String> answer = gateway.post(AdPodRequests.dynamicPod("during", device, "203.0.113.5").toString());
            assertThat(answer.statusCode()).isIn(200, 204);
            assertThat(gateway.stub("alpha").received().get(gateway.stub("alpha").received().size() - 1).bodyText())
                    .as("stripped while the ledger is down").doesNotContain(device);
            JsonObject report = awaitReady(gateway, false);
            JsonObject checks = report.getJsonObject("checks");
            assertThat(checks.getJsonObject("ledger").getString("status")).isEqualTo("DOWN");
            assertThat(checks.getJsonObject("ledger").getString("detail")).contains("not writable");
            assertThat(checks.getJsonObject("redis.sharelog").getString("status")).isEqualTo("UP");
            assertThat(gateway.get(gateway.compliancePort(), OperatorRoutes.READY).statusCode()).isEqualTo(503);
            assertThat(gateway.get(gateway.port(), OperatorRoutes.LIVE).statusCode()).isEqualTo(200);

            gateway.redis(c -> c.del(head));
            gateway.redis(c -> c.rename(head + ":aside", head));
            awaitReady(gateway, true);
            assertThat(gateway.post(AdPodRequests.dynamicPod("after", device, "203.0.113.5").toString()).statusCode())
                    .isIn(200, 204);
            assertThat(gateway.stub("alpha").received().get(gateway.stub("alpha").received().size() - 1).bodyText())
                    .as("identity flows again").contains(device);
        }
    }

    @Test
    void shouldServeHealthButNoMetricsWhenMetricsAreOff() {
        try (GatewayHarness gateway = GatewayHarness.builder().metrics(MetricsSettings.OFF)
                .partner(PartnerSpec.allFields("alpha")).start()) {
            assertThat(gateway.post(AdPodRequests.dynamicPod("r", null, "203.0.113.4").toString()).statusCode())
                    .isIn(200, 204);
            HttpResponse<String> metrics = gateway.get(gateway.port(), OperatorRoutes.METRICS);
            assertThat(metrics.statusCode()).isEqualTo(404);
            assertThat(metrics.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(gateway.get(gateway.port(), OperatorRoutes.READY).statusCode()).isEqualTo(200);
            assertThat(gateway.get(gateway.compliancePort(), OperatorRoutes.LIVE).statusCode()).isEqualTo(200);
        }
    }

    /** Polls the player listener's ready endpoint until it says {@code ready}; returns its last report. */
    static JsonObject awaitReady(GatewayHarness gateway, boolean ready) {
        List<String> offContract = new ArrayList<>(); // checked on every answer, not only the last
        JsonObject report = eventuallyGet(TURNS_WITHIN, Duration.ofMillis(50), () -> {
            HttpResponse<String> last = gateway.get(gateway.port(), OperatorRoutes.READY);
            String contentType = last.headers().firstValue("Content-Type").orElse("none");
            if ((last.statusCode() != 200 && last.statusCode() != 503) || !contentType.equals("application/json")) {
                offContract.add(last.statusCode() + " " + contentType);
            }
            assertThat(last.statusCode() == 200).as("ready turned %s: %s", ready, last.body()).isEqualTo(ready);
            return new JsonObject(last.body());
        });
        assertThat(offContract).as("ready answers 200 or 503 in JSON, never anything else").isEmpty();
        return report;
    }
}
