package dev.idgw.gateway.resilience;

import static dev.idgw.testkit.wait.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.gateway.fanout.FanOutSettings;
import dev.idgw.gateway.fanout.GuardSettings;
import dev.idgw.gateway.http.ServerSettings;
import dev.idgw.gateway.support.AdPodRequests;
import dev.idgw.gateway.support.GatewayHarness;
import dev.idgw.gateway.support.PartnerSpec;
import dev.idgw.testkit.partner.StubBehavior;
import dev.idgw.testkit.partner.StubFailure;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Degrading gracefully: overload is shed with 503 + Retry-After instead of queueing, a failing partner
 * is cut off by its circuit breaker (and probed again later), and a stopping gateway finishes the
 * requests it has.
 */
@Isolated // overloads a gateway on purpose: CPU-sensitive, and would slow every other test
class OverloadAndBreakerTest {

    @Test
    void shouldShedRequestsPastTheInFlightLimitWith503() {
        try (GatewayHarness gateway = GatewayHarness.builder()
                .server(ServerSettings.onPort(0).withHost("127.0.0.1").withMaxInFlight(4))
                .partner(PartnerSpec.allFields("slow").withTimeout(Duration.ofMillis(800))
                        .withBehavior(StubBehavior.bidding().withLatency(Duration.ofMillis(300))))
                .start()) {
            List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                burst.add(gateway.postAsync(AdPodRequests.dynamicPod("b-" + i, null, "203.0.113.4").put("tmax", 900)
                        .toString()));
            }
            int shed = 0;
            for (var f : burst) {
                HttpResponse<String> r = f.join();
                assertThat(r.statusCode()).isIn(200, 204, 503);
                if (r.statusCode() == 503) {
                    shed++;
                    assertThat(r.headers().firstValue("Retry-After")).isPresent();
                    assertThat(new JsonObject(r.body()).getString("type")).endsWith("/overloaded");
                }
            }
            assertThat(shed).isGreaterThanOrEqualTo(20);
            assertThat(gateway.post(AdPodRequests.dynamicPod("after", null, "203.0.113.4").toString()).statusCode())
                    .as("serves normally once the burst is over").isIn(200, 204);
        }
    }

    @Test
    void shouldStopCallingAFailingPartnerAndProbeItAgainLater() throws Exception {
        GuardSettings guards = new GuardSettings(10, 5, 50f, Duration.ofMillis(500), 2, 512);
        try (GatewayHarness gateway = GatewayHarness.builder()
                .fanOut(new FanOutSettings(Duration.ofMillis(100), 64, 1024 * 1024, guards))
                .partner(PartnerSpec.allFields("healthy"))
                .partner(PartnerSpec.allFields("broken").withBehavior(StubBehavior.failing(StubFailure.HTTP_500)))
                .start()) {
            for (int i = 0; i < 30; i++) {
                assertThat(gateway.post(AdPodRequests.dynamicPod("f-" + i, null, "203.0.113.4").toString()).statusCode())
                        .isEqualTo(200);
            }
            long calledWhileFailing = gateway.stub("broken").receivedCount();
            assertThat(calledWhileFailing).as("the breaker opened after a few failures").isLessThan(15);
            assertThat(gateway.stub("healthy").receivedCount()).isEqualTo(30);

            gateway.stub("broken").behave(StubBehavior.bidding());
            eventually(Duration.ofSeconds(10), Duration.ofMillis(50), () -> {
                gateway.post(AdPodRequests.dynamicPod("r", null, "203.0.113.4").toString());
                assertThat(gateway.stub("broken").receivedCount()).as("probed and closed again once healthy")
                        .isGreaterThan(calledWhileFailing + 3);
            });
        }
    }

    @Test
    void shouldFinishRequestsInFlightWhenStopping() {
        GatewayHarness gateway = GatewayHarness.builder()
                .partner(PartnerSpec.allFields("slow").withTimeout(Duration.ofMillis(800))
                        .withBehavior(StubBehavior.bidding().withLatency(Duration.ofMillis(400))))
                .start();
        List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            inFlight.add(gateway.postAsync(AdPodRequests.dynamicPod("s-" + i, null, "203.0.113.4").put("tmax", 900)
                    .toString()));
        }
        long waitForArrival = System.nanoTime() + 2_000_000_000L;
        while (gateway.stub("slow").receivedCount() < 5 && System.nanoTime() < waitForArrival) {
            Thread.onSpinWait();
        }
        gateway.close();
        for (var f : inFlight) {
            assertThat(f.join().statusCode()).as("a request in flight at shutdown is answered").isEqualTo(200);
        }
    }
}
