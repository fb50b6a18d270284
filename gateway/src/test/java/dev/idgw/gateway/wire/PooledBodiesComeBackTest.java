package dev.idgw.gateway.wire;

import static dev.idgw.testkit.wait.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.gateway.consent.AgeBand;
import dev.idgw.gateway.consent.ConsentRecord;
import dev.idgw.gateway.support.AdPodRequests;
import dev.idgw.gateway.support.GatewayHarness;
import dev.idgw.gateway.support.PartnerSpec;
import dev.idgw.testkit.partner.StubBehavior;
import dev.idgw.testkit.partner.StubFailure;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Every pooled body the gateway writes (each partner's bid request, each player answer) goes back to the pool
 * once its write is done, whatever became of the call: answered with bids, no bid, a 500, garbage, an
 * oversized body, a reset, a hang cut by the timeout, a partner that refuses connections, a player that
 * hangs up before its answer. A body kept is pooled memory lost for good; one released early could carry
 * one request's identity into another's payload, which the invariant tests would catch.
 */
@Isolated // counts PooledBody.live(), which every gateway in the JVM moves
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PooledBodiesComeBackTest {
    private static final StubFailure[] FAILURES = {StubFailure.NONE, StubFailure.NO_BID, StubFailure.HTTP_500,
        StubFailure.GARBAGE, StubFailure.OVERSIZE, StubFailure.RESET, StubFailure.HANG};
    private static final List<String> DEVICES = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString());
    private static GatewayHarness gateway;

    @BeforeAll
    static void start() {
        gateway = GatewayHarness.builder()
                .partner(PartnerSpec.allFields("healthy").withBehavior(StubBehavior.bidding()))
                .partner(PartnerSpec.allFields("faulty").withTimeout(Duration.ofMillis(100))
                        .withBehavior(StubBehavior.bidding()).signed()) // signing reads the body before the write
                .downPartner("down")
                .start();
        gateway.putConsent(DEVICES.get(0), new ConsentRecord(true, "US-CA", AgeBand.ADULT, null, 1, Instant.now()));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void shouldReleaseEveryBodyWhateverThePartnersAndPlayersDo() throws Exception {
        Random random = new Random(11);
        long before = PooledBody.live();
        int answeredWithBids = 0;
        for (StubFailure failure : FAILURES) {
            gateway.stub("faulty").behave(failure == StubFailure.NONE ? StubBehavior.bidding()
                    : StubBehavior.failing(failure));
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                // 24 at once with a 1 s budget: on a busy two-core CI box (three test classes at a time) 300 ms let
                // the healthy partner miss a request now and then (164 or 167 of 168), which says nothing about
                // bodies; a hanging partner still runs into the deadline and the released-on-timeout path.
                String body = AdPodRequests.dynamicPod("pool-" + failure + "-" + i, DEVICES.get(random.nextInt(2)),
                        "203.0.113." + (i + 1)).put("tmax", 1000).toString();
                answers.add(gateway.postAsync(body));
            }
            for (var answer : answers) {
                answeredWithBids += answer.get(10, TimeUnit.SECONDS).statusCode() == 200 ? 1 : 0;
            }
        }
        hangUpBeforeTheAnswers();

        assertThat(answeredWithBids).as("the healthy partner's pods").isEqualTo(FAILURES.length * 24);
        eventually(Duration.ofSeconds(10),
                () -> assertThat(PooledBody.live()).as("pooled bodies not given back").isEqualTo(before));
    }

    /** Players that give up (HttpClient timeouts shorter than the hanging partner's) while their pods are built. */
    private static void hangUpBeforeTheAnswers() throws Exception {
        gateway.stub("faulty").behave(StubBehavior.failing(StubFailure.HANG));
        java.net.http.HttpClient impatient = java.net.http.HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<Void>>> calls = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String body = AdPodRequests.dynamicPod("gone-" + i, DEVICES.get(i % 2), "203.0.113.9").put("tmax", 300)
                    .toString();
            calls.add(impatient.sendAsync(java.net.http.HttpRequest.newBuilder(gateway.adPodUri())
                    .timeout(Duration.ofMillis(20)).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.discarding()));
        }
        for (var call : calls) {
            try {
                call.get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException expected) {
                // timed out on the player's side: the gateway answers into a closed connection or not at all
            }
        }
    }
}
