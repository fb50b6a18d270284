package dev.idgw.gateway.ops;

import dev.idgw.gateway.http.OperatorRoutes;
import static dev.idgw.gateway.ops.HealthEndpointsTest.awaitReady;
import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.gateway.consent.AgeBand;
import dev.idgw.gateway.consent.ConsentRecord;
import dev.idgw.gateway.support.AdPodRequests;
import dev.idgw.gateway.support.GatewayHarness;
import dev.idgw.gateway.support.PartnerSpec;
import dev.idgw.gateway.support.TestRedis;
import dev.idgw.testkit.partner.StubPartner;
import dev.idgw.testkit.fault.TcpFaultProxy;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Redis behind the fault proxy goes bad: ready turns 503 within seconds, naming the failing check, while
 * live stays 200 and ad requests are still answered, stripped. Once Redis is healthy again ready turns
 * 200 by itself, with no ad traffic to help it (a not-ready instance gets none from its load balancer).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReadinessUnderRedisFaultTest {
    /** Ready must notice a hung or unreachable Redis this fast (probe timeouts, then the link gives up). */
    private static final Duration NOTICED_WITHIN = Duration.ofSeconds(5);
    private TcpFaultProxy redis;
    private GatewayHarness gateway;
    private String device;

    @BeforeEach
    void start() {
        URI target = URI.create(TestRedis.uri());
        redis = TcpFaultProxy.start(target.getHost(), target.getPort());
        gateway = GatewayHarness.builder().redisUri("redis://" + redis.address())
                .partner(PartnerSpec.allFields("alpha")).start();
        device = UUID.randomUUID().toString();
        gateway.putConsent(device, new ConsentRecord(true, "US-CA", AgeBand.ADULT, null, 1, Instant.now()));
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void shouldTurnNotReadyWhileRedisHangsAndReadyAgainByItself() throws Exception {
        faultThenHeal("blackhole", () -> redis.blackhole());
    }

    @Test
    void shouldTurnNotReadyWhileRedisResetsConnectionsAndReadyAgainByItself() throws Exception {
        faultThenHeal("reset", () -> redis.reset());
    }

    /** No ad request at all while Redis hangs: the probe alone must notice (an idle instance, or one out of rotation). */
    @Test
    void shouldNoticeAHungRedisWithoutAnyAdTraffic() throws Exception {
        awaitReady(gateway, true);
        redis.blackhole();
        long faultAt = System.nanoTime();
        JsonObject report = awaitReady(gateway, false);
        Duration noticed = Duration.ofNanos(System.nanoTime() - faultAt);
        assertThat(noticed).as("ready turned 503 in time: " + report).isLessThan(NOTICED_WITHIN);
        JsonObject checks = report.getJsonObject("checks");
        assertThat(List.of(checks.getJsonObject("redis.consent"), checks.getJsonObject("redis.sharelog")))
                .as("a Redis link is named (whichever gave up first)").anyMatch(c -> "DOWN".equals(c.getString("status")));
        redis.pass();
        long healedAt = System.nanoTime();
        awaitReady(gateway, true);
        System.out.printf("Redis blackhole, no traffic: ready 503 after %d ms; ready 200 again %d ms after the fault "
                + "ended%n", noticed.toMillis(), Duration.ofNanos(System.nanoTime() - healedAt).toMillis());
        assertThat(lastPayloadAfter(adRequest("healed"))).as("identity flows again").contains(device);
    }

    private void faultThenHeal(String name, Runnable fault) throws Exception {
        awaitReady(gateway, true);
        assertThat(lastPayloadAfter(adRequest("healthy"))).as("identity flows while healthy").contains(device);

        fault.run();
        long faultAt = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            assertThat(lastPayloadAfter(adRequest("during-" + i))).as("stripped while Redis is bad")
                    .doesNotContain(device);
        }
        JsonObject report = awaitReady(gateway, false);
        Duration noticed = Duration.ofNanos(System.nanoTime() - faultAt);
        assertThat(noticed).as("ready turned 503 in time: " + report).isLessThan(NOTICED_WITHIN);
        assertThat(report.getString("status")).isEqualTo("DOWN");
        assertThat(report.getJsonObject("checks").stream()
                .map(e -> (JsonObject) e.getValue()).filter(c -> "DOWN".equals(c.getString("status"))))
                .as("the failing check is named, with a reason").isNotEmpty()
                .allSatisfy(c -> assertThat(c.getString("detail")).isNotBlank());
        assertThat(report.getJsonObject("checks").getJsonObject("keys").getString("status")).isEqualTo("UP");
        for (int port : new int[] {gateway.port(), gateway.compliancePort()}) {
            assertThat(gateway.get(port, OperatorRoutes.LIVE).statusCode()).as("live on " + port).isEqualTo(200);
        }
        assertThat(gateway.get(gateway.compliancePort(), OperatorRoutes.READY).statusCode()).isEqualTo(503);

        redis.pass();
        long healedAt = System.nanoTime();
        awaitReady(gateway, true); // no ad request until it is ready again
        System.out.printf("Redis %s: ready 503 after %d ms; ready 200 again %d ms after the fault ended%n", name,
                noticed.toMillis(), Duration.ofNanos(System.nanoTime() - healedAt).toMillis());
        assertThat(lastPayloadAfter(adRequest("healed"))).as("identity flows again").contains(device);
    }

    private HttpResponse<String> adRequest(String id) {
        HttpResponse<String> answer = gateway.post(AdPodRequests.dynamicPod(id, device, "203.0.113.8").toString());
        assertThat(answer.statusCode()).as(answer.body()).isIn(200, 204);
        return answer;
    }

    private String lastPayloadAfter(HttpResponse<String> answered) {
        StubPartner alpha = gateway.stub("alpha");
        return alpha.received().get(alpha.received().size() - 1).bodyText();
    }
}
