package dev.idgw.testkit.partner;

import static dev.idgw.testkit.partner.BidRequests.STRUCTURED_POD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StubPartnerFailureTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Generous upper bound for things that should take milliseconds; never a performance assertion. */
    private static final Duration SOON = Duration.ofSeconds(5);

    private final HttpClient client = BidRequests.client();
    private StubPartner stub;

    @BeforeEach
    void startStub() throws Exception {
        stub = StubPartner.start("acme", 0, StubBehavior.bidding());
    }

    @AfterEach
    void stopStub() {
        stub.close();
    }

    @Test
    void shouldAnswerNoContentForNoBid() throws Exception {
        stub.behave(StubBehavior.failing(StubFailure.NO_BID));

        HttpResponse<String> response = BidRequests.send(client, stub.endpoint(), STRUCTURED_POD);

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void shouldAnswerServerErrorForHttp500() throws Exception {
        stub.behave(StubBehavior.failing(StubFailure.HTTP_500));

        assertThat(BidRequests.send(client, stub.endpoint(), STRUCTURED_POD).statusCode()).isEqualTo(500);
    }

    @Test
    void shouldAnswerBytesThatAreNotJsonForGarbage() throws Exception {
        stub.behave(StubBehavior.failing(StubFailure.GARBAGE));

        HttpResponse<byte[]> response = client.send(BidRequests.post(stub.endpoint(), STRUCTURED_POD),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isNotEmpty();
        assertThatThrownBy(() -> JSON.readTree(response.body())).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void shouldAnswerJsonThatIsNotABidResponseForWrongShape() throws Exception {
        stub.behave(StubBehavior.failing(StubFailure.WRONG_SHAPE));

        HttpResponse<String> response = BidRequests.send(client, stub.endpoint(), STRUCTURED_POD);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("seatbid").isArray()).isFalse();
        assertThat(body.path("seatbid").asText()).isEqualTo("oops");
    }

    @Test
    void shouldAnswerSeveralMegabytesOfValidJsonForOversize() throws Exception {
        stub.behave(StubBehavior.failing(StubFailure.OVERSIZE));

        HttpResponse<byte[]> response = client.send(BidRequests.post(stub.endpoint(), STRUCTURED_POD),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body().length).isGreaterThan(2 * 1024 * 1024);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("id").asText()).isEqualTo("req-structured");
        assertThat(body.path("seatbid").path(0).path("bid").size()).isEqualTo(6);
    }

    @Test
    void shouldNeverAnswerWhenHanging() throws Exception {
        stub.behave(StubBehavior.failing(StubFailure.HANG));
        HttpRequest request = HttpRequest.newBuilder(stub.endpoint())
                .timeout(Duration.ofMillis(300))
                .POST(HttpRequest.BodyPublishers.ofString(STRUCTURED_POD))
                .build();

        assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(stub.receivedCount()).isEqualTo(1);
    }

    @Test
    void shouldReleaseHangingExchangesWhenClosed() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        stub.close();
        stub = StubPartner.start("acme", 0, StubBehavior.failing(StubFailure.HANG),
                StubPartner.Options.defaults().withOnReceive(request -> arrived.countDown()));
        HttpRequest noTimeout = HttpRequest.newBuilder(stub.endpoint())
                .POST(HttpRequest.BodyPublishers.ofString(STRUCTURED_POD))
                .build();
        CompletableFuture<HttpResponse<String>> answer = client.sendAsync(noTimeout,
                HttpResponse.BodyHandlers.ofString());
        assertThat(arrived.await(SOON.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        long started = System.nanoTime();
        stub.close();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThatThrownBy(() -> answer.get(SOON.toMillis(), TimeUnit.MILLISECONDS))
                .hasCauseInstanceOf(IOException.class);
    }

    @Test
    void shouldDropTheConnectionForReset() {
        stub.behave(StubBehavior.failing(StubFailure.RESET));

        assertThatThrownBy(() -> BidRequests.send(client, stub.endpoint(), STRUCTURED_POD))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void shouldNotAnswerBeforeTheConfiguredLatency() throws Exception {
        Duration latency = Duration.ofMillis(200);
        stub.behave(StubBehavior.bidding().withLatency(latency));

        long started = System.nanoTime();
        HttpResponse<String> response = BidRequests.send(client, stub.endpoint(), STRUCTURED_POD);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(elapsed).isGreaterThanOrEqualTo(latency);
    }

    @Test
    void shouldDelayFailuresToo() throws Exception {
        Duration latency = Duration.ofMillis(150);
        stub.behave(StubBehavior.failing(StubFailure.HTTP_500).withLatency(latency));

        long started = System.nanoTime();
        HttpResponse<String> response = BidRequests.send(client, stub.endpoint(), STRUCTURED_POD);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(latency);
        assertThat(response.statusCode()).isEqualTo(500);
    }

    @Test
    void shouldServeManyDelayedRequestsAtOnceWithoutAThreadEach() throws Exception {
        // More concurrent delayed requests than handler threads: if each held a thread they would queue up.
        stub.close();
        stub = StubPartner.start("acme", 0, StubBehavior.bidding().withLatency(Duration.ofMillis(500)),
                StubPartner.Options.defaults().withHandlerThreads(2));
        int requests = 20;

        CompletableFuture<?>[] answers = new CompletableFuture<?>[requests];
        for (int i = 0; i < requests; i++) {
            answers[i] = client.sendAsync(BidRequests.post(stub.endpoint(), STRUCTURED_POD),
                    HttpResponse.BodyHandlers.discarding());
        }

        // Twenty 500 ms waits on two threads would need 5 s; together they take about 0.5 s.
        CompletableFuture.allOf(answers).get(3, TimeUnit.SECONDS);
        assertThat(stub.receivedCount()).isEqualTo(requests);
    }

    @Test
    void shouldSwapBehaviorForTheNextRequest() throws Exception {
        assertThat(BidRequests.send(client, stub.endpoint(), STRUCTURED_POD).statusCode()).isEqualTo(200);

        stub.behave(StubBehavior.failing(StubFailure.NO_BID));
        assertThat(BidRequests.send(client, stub.endpoint(), STRUCTURED_POD).statusCode()).isEqualTo(204);

        stub.behave(StubBehavior.failing(StubFailure.HTTP_500));
        assertThat(BidRequests.send(client, stub.endpoint(), STRUCTURED_POD).statusCode()).isEqualTo(500);
        assertThat(stub.behavior().failure()).isEqualTo(StubFailure.HTTP_500);

        stub.behave(StubBehavior.bidding().withBidsPerImp(1));
        JsonNode body = JSON.readTree(BidRequests.send(client, stub.endpoint(), STRUCTURED_POD).body());
        assertThat(body.path("seatbid").path(0).path("bid").size()).isEqualTo(3);
    }

    @Test
    void shouldStopServingOnceClosed() throws Exception {
        stub.close();
        stub.close();

        assertThatThrownBy(() -> BidRequests.send(BidRequests.client(), stub.endpoint(), STRUCTURED_POD))
                .isInstanceOf(IOException.class);
    }
}
