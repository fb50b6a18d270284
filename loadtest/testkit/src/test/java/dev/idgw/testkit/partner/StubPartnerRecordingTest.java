package dev.idgw.testkit.partner;

import static dev.idgw.testkit.partner.BidRequests.DYNAMIC_POD;
import static dev.idgw.testkit.partner.BidRequests.STRUCTURED_POD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StubPartnerRecordingTest {

    private final HttpClient client = BidRequests.client();
    private StubPartner stub;

    @AfterEach
    void stopStub() {
        if (stub != null) {
            stub.close();
        }
    }

    @Test
    void shouldRecordExactBodyItReceived() throws Exception {
        stub = StubPartner.start("acme", 0, StubBehavior.bidding());
        // Odd whitespace, non-ASCII and escapes: the record must keep bytes, not a re-serialized tree.
        byte[] sent = "{ \"id\" :\"r1\",\n\"imp\":[{\"id\":\"1\"}], \"site\":{\"name\":\"Caf\u00e9 \\u00e9\"} }"
                .getBytes(StandardCharsets.UTF_8);

        client.send(HttpRequest.newBuilder(stub.endpoint()).timeout(BidRequests.CLIENT_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(sent)).build(), HttpResponse.BodyHandlers.discarding());

        assertThat(stub.received()).singleElement().satisfies(received -> {
            assertThat(received.body()).isEqualTo(sent);
            assertThat(received.path()).isEqualTo("/bid");
        });
    }

    @Test
    void shouldRecordTheRequestTargetAsTheRequestLineHadIt() throws Exception {
        stub = StubPartner.start("acme", 0, StubBehavior.bidding());

        BidRequests.send(client, java.net.URI.create(stub.endpoint() + "?src=idgw&seat=a%20b"), DYNAMIC_POD);

        assertThat(stub.received()).singleElement().satisfies(received -> {
            assertThat(received.path()).isEqualTo("/bid");
            assertThat(received.target()).as("raw, still percent-encoded").isEqualTo("/bid?src=idgw&seat=a%20b");
        });
    }

    @Test
    void shouldRecordRequestsItCannotParse() throws Exception {
        stub = StubPartner.start("acme", 0, StubBehavior.bidding());

        BidRequests.send(client, stub.endpoint(), "not json");

        assertThat(stub.received()).singleElement().extracting(ReceivedRequest::bodyText).isEqualTo("not json");
    }

    @Test
    void shouldRecordEveryHeaderCaseInsensitively() throws Exception {
        stub = StubPartner.start("acme", 0, StubBehavior.bidding());

        client.send(HttpRequest.newBuilder(stub.endpoint()).timeout(BidRequests.CLIENT_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("X-Openrtb-Version", "2.6")
                .header("X-Trace", "one")
                .header("X-Trace", "two")
                .POST(HttpRequest.BodyPublishers.ofString(STRUCTURED_POD)).build(),
                HttpResponse.BodyHandlers.discarding());

        ReceivedRequest received = stub.received().get(0);
        assertThat(received.header("x-openrtb-version")).hasValue("2.6");
        assertThat(received.header("CONTENT-TYPE")).hasValue("application/json");
        assertThat(received.headers().get("x-trace")).containsExactly("one", "two");
        assertThat(received.headers()).containsKeys("Host", "Content-Length");
        assertThat(received.header("X-Absent")).isEmpty();
    }

    @Test
    void shouldStampReceiveTimeFromItsClock() throws Exception {
        Instant now = Instant.parse("2025-03-01T12:00:00Z");
        stub = StubPartner.start("acme", 0, StubBehavior.bidding(),
                StubPartner.Options.defaults().withClock(Clock.fixed(now, ZoneOffset.UTC)));

        BidRequests.send(client, stub.endpoint(), STRUCTURED_POD);

        assertThat(stub.received()).extracting(ReceivedRequest::receivedAt).containsExactly(now);
    }

    @Test
    void shouldKeepOnlyTheNewestRequestsButCountThemAll() throws Exception {
        stub = StubPartner.start("acme", 0, StubBehavior.bidding(),
                StubPartner.Options.defaults().withMaxRecorded(2));

        for (int i = 1; i <= 5; i++) {
            BidRequests.send(client, stub.endpoint(), "{\"id\":\"r" + i + "\",\"imp\":[]}");
        }

        assertThat(stub.receivedCount()).isEqualTo(5);
        assertThat(stub.received()).extracting(ReceivedRequest::bodyText)
                .containsExactly("{\"id\":\"r4\",\"imp\":[]}", "{\"id\":\"r5\",\"imp\":[]}");
    }

    @Test
    void shouldForgetEverythingOnClear() throws Exception {
        stub = StubPartner.start("acme", 0, StubBehavior.bidding());
        BidRequests.send(client, stub.endpoint(), STRUCTURED_POD);

        stub.clearReceived();
        BidRequests.send(client, stub.endpoint(), DYNAMIC_POD);

        assertThat(stub.receivedCount()).isEqualTo(1);
        assertThat(stub.received()).extracting(ReceivedRequest::bodyText).containsExactly(DYNAMIC_POD);
    }

    @Test
    void shouldHandOutSnapshotsThatLaterRequestsDoNotChange() throws Exception {
        stub = StubPartner.start("acme", 0, StubBehavior.bidding());
        BidRequests.send(client, stub.endpoint(), STRUCTURED_POD);

        List<ReceivedRequest> snapshot = stub.received();
        BidRequests.send(client, stub.endpoint(), DYNAMIC_POD);

        assertThat(snapshot).hasSize(1);
        assertThatThrownBy(snapshot::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> snapshot.get(0).headers().put("X", List.of()))
                .isInstanceOf(UnsupportedOperationException.class);
        snapshot.get(0).body()[0] = 'X';
        assertThat(snapshot.get(0).bodyText()).isEqualTo(STRUCTURED_POD);
    }

    @Test
    void shouldCallTheHookWithEachRequestBeforeAnswering() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        stub = StubPartner.start("acme", 0, StubBehavior.bidding(),
                StubPartner.Options.defaults().withOnReceive(request -> seen.add(request.bodyText())));

        BidRequests.send(client, stub.endpoint(), STRUCTURED_POD);
        BidRequests.send(client, stub.endpoint(), DYNAMIC_POD);

        assertThat(seen).containsExactly(STRUCTURED_POD, DYNAMIC_POD);
    }

    @Test
    void shouldAnswerNormallyWhenTheHookThrows() throws Exception {
        stub = StubPartner.start("acme", 0, StubBehavior.bidding(),
                StubPartner.Options.defaults().withOnReceive(request -> {
                    throw new IllegalStateException("payload check failed");
                }));

        HttpResponse<String> response = BidRequests.send(client, stub.endpoint(), STRUCTURED_POD);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(stub.onReceiveFailures()).isEqualTo(1);
        assertThat(stub.receivedCount()).isEqualTo(1);
    }

    @Test
    void shouldRecordConcurrentRequestsWithoutLosingAny() throws Exception {
        stub = StubPartner.start("acme", 0, StubBehavior.bidding());
        int requests = 200;

        List<CompletableFuture<HttpResponse<Void>>> answers = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            answers.add(client.sendAsync(BidRequests.post(stub.endpoint(), "{\"id\":\"c" + i + "\",\"imp\":[]}"),
                    HttpResponse.BodyHandlers.discarding()));
        }
        answers.forEach(CompletableFuture::join);

        assertThat(stub.receivedCount()).isEqualTo(requests);
        assertThat(stub.received()).extracting(ReceivedRequest::bodyText).doesNotHaveDuplicates().hasSize(requests);
    }
}
