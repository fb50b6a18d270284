package dev.idgw.gateway.fanout;

import static dev.idgw.gateway.fanout.BidResponseReaderTest.IMPS;
import static dev.idgw.gateway.fanout.BidResponseReaderTest.REQUEST_ID;
import static dev.idgw.testkit.wait.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.gateway.pod.Bid;
import dev.idgw.gateway.signing.PartnerSigningSettings;
import dev.idgw.gateway.signing.RequestSigner;
import dev.idgw.gateway.wire.PooledBody;
import dev.idgw.keys.KeyDirectory;
import dev.idgw.keys.SigningKeySet;
import dev.idgw.partners.EmailHashFormat;
import dev.idgw.partners.PartnerProfile;
import dev.idgw.partners.PartnerRole;
import dev.idgw.partners.StrippedIpHandling;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The partner client against a real origin on loopback: what it sends, and what each kind of answer comes to.
 * Bodies over the limit, declared or streamed, end the call at once and close the connection.
 */
@Isolated // counts PooledBody.live(), which every gateway in the JVM moves
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class PartnerClientTest {
    private static final int MAX_RESPONSE_BYTES = 4096;
    private static final String PAYLOAD = "{\"id\":\"" + REQUEST_ID + "\"}";
    private static final String BIDS = BidResponseReaderTest.response(
            "{\"id\":\"b1\",\"impid\":\"1\",\"price\":4.5,\"adm\":\"<VAST/>\",\"dur\":15}");

    private Vertx vertx;
    private HttpServer origin;
    private PartnerClient client;
    private final Map<String, String> received = new ConcurrentHashMap<>();
    private final Promise<Void> connectionClosed = Promise.promise();
    private final AtomicLong streamedBytes = new AtomicLong();
    private long liveBodiesAtStart;

    @BeforeEach
    void start(Vertx vertx, VertxTestContext ctx) {
        liveBodiesAtStart = PooledBody.live();
        this.vertx = vertx;
        origin = vertx.createHttpServer()
                .connectionHandler(connection -> connection.closeHandler(closed -> connectionClosed.tryComplete()))
                .requestHandler(request -> request.body().onSuccess(body -> {
                    received.put("body", body.toString());
                    request.headers().forEach(header -> received.put(header.getKey().toLowerCase(), header.getValue()));
                    answer(request, request.response());
                }));
        client = new PartnerClient(vertx, new FanOutSettings(Duration.ofMillis(200), 4, MAX_RESPONSE_BYTES,
                GuardSettings.defaults()));
        origin.listen(0, "127.0.0.1").onComplete(ctx.succeedingThenComplete());
    }

    @AfterEach
    void stop() {
        // Every call gives its pooled payload back, whatever became of it: sent, refused, timed out, skipped.
        eventually(Duration.ofSeconds(5),
                () -> assertThat(PooledBody.live()).as("pooled payloads not released").isEqualTo(liveBodiesAtStart));
        client.close(); // the extension closes Vert.x after each test
    }

    private void answer(HttpServerRequest request, HttpServerResponse response) {
        switch (request.path()) {
            case "/bids" -> response.end(BIDS);
            case "/bids-in-chunks" -> {
                response.setChunked(true);
                for (int i = 0; i < BIDS.length(); i += 7) {
                    response.write(BIDS.substring(i, Math.min(BIDS.length(), i + 7)));
                }
                response.end();
            }
            case "/declared-oversize" -> response.putHeader("Content-Length", String.valueOf(MAX_RESPONSE_BYTES + 1))
                    .write("{\"id\":"); // and then nothing: the header alone must settle it
            case "/streamed-oversize" -> {
                response.setChunked(true);
                vertx.setPeriodic(1, timer -> {
                    if (response.closed()) {
                        vertx.cancelTimer(timer);
                    } else {
                        response.write(" ".repeat(1024));
                        streamedBytes.addAndGet(1024);
                    }
                });
            }
            case "/exactly-the-limit" -> response.end(BIDS + " ".repeat(MAX_RESPONSE_BYTES - BIDS.length()));
            case "/redirect" -> response.setStatusCode(307).putHeader("Location", "http://127.0.0.1:9/bids").end();
            case "/error" -> response.setStatusCode(500).end("{\"id\":\"" + REQUEST_ID + "\"}");
            case "/error-oversize" -> response.setStatusCode(500).end(" ".repeat(MAX_RESPONSE_BYTES + 1));
            case "/no-content" -> response.setStatusCode(204).end();
            case "/empty" -> response.end();
            case "/garbage" -> response.end("<html>502</html>");
            case "/silent" -> { }
            default -> response.setStatusCode(404).end();
        }
    }

    @Test
    void shouldPostThePayloadWithOurHeadersAndReadTheBids(VertxTestContext ctx) {
        call("/bids?x=1").onComplete(ctx.succeeding(outcome -> ctx.verify(() -> {
            assertThat(outcome).isEqualTo(new PartnerOutcome.Bids("p", List.of(new Bid("p", "b1", "player-imp-a", 4.5,
                    "<VAST/>", List.of(), null, 15, 0, null)), 0));
            assertThat(received).containsEntry("body", PAYLOAD)
                    .containsEntry("user-agent", "identity-gateway/0.1")
                    .containsEntry("content-type", "application/json")
                    .containsEntry("x-openrtb-version", "2.6");
            ctx.completeNow();
        })));
    }

    @Test
    void shouldReadABodyThatComesInManyChunks(VertxTestContext ctx) {
        call("/bids-in-chunks").map(outcome -> assertThat(outcome).isInstanceOf(PartnerOutcome.Bids.class))
                .compose(ok -> call("/exactly-the-limit"))
                .map(outcome -> assertThat(outcome).isInstanceOf(PartnerOutcome.Bids.class))
                .onComplete(ctx.succeedingThenComplete());
    }

    @Test
    void shouldStopAtADeclaredLengthOverTheLimitAndCloseTheConnection(VertxTestContext ctx) {
        long start = System.nanoTime();

        call("/declared-oversize").map(outcome -> {
            assertThat(outcome).isEqualTo(failed(PartnerOutcome.FailureKind.OVERSIZE));
            return assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not waiting for the body")
                    .isLessThan(Duration.ofSeconds(1));
        }).compose(ok -> connectionClosed.future()).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    void shouldStopReadingAStreamOverTheLimitAndCloseTheConnection(VertxTestContext ctx) {
        call("/streamed-oversize")
                .map(outcome -> assertThat(outcome).isEqualTo(failed(PartnerOutcome.FailureKind.OVERSIZE)))
                .compose(ok -> connectionClosed.future())
                .map(closed -> assertThat(streamedBytes.get()).as("the origin stopped once the client closed")
                        .isLessThan(1024 * 1024))
                .onComplete(ctx.succeedingThenComplete());
    }

    @Test
    void shouldMapEachKindOfAnswer(VertxTestContext ctx) {
        expect("/redirect", failed(PartnerOutcome.FailureKind.HTTP_STATUS)) // redirects are not followed
                .compose(ok -> expect("/error", failed(PartnerOutcome.FailureKind.HTTP_STATUS)))
                .compose(ok -> expect("/error-oversize", failed(PartnerOutcome.FailureKind.OVERSIZE)))
                .compose(ok -> expect("/no-content", new PartnerOutcome.NoBid("p")))
                .compose(ok -> expect("/empty", new PartnerOutcome.NoBid("p")))
                .compose(ok -> expect("/garbage", failed(PartnerOutcome.FailureKind.GARBAGE)))
                .onComplete(ctx.succeedingThenComplete());
    }

    @Test
    void shouldTimeOutASilentPartnerWithinItsTimeout(VertxTestContext ctx) {
        long start = System.nanoTime();

        client.call(partner("/silent", Duration.ofMillis(150)), payload(), REQUEST_ID, IMPS, Duration.ofSeconds(5))
                .onComplete(ctx.succeeding(outcome -> ctx.verify(() -> {
                    assertThat(outcome).isEqualTo(failed(PartnerOutcome.FailureKind.TIMEOUT));
                    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
                    ctx.completeNow();
                })));
    }

    @Test
    void shouldTakeTheSmallerOfTimeoutAndBudgetAndSkipWhenUnder5Ms(VertxTestContext ctx) {
        long start = System.nanoTime();

        client.call(partner("/silent", Duration.ofSeconds(5)), payload(), REQUEST_ID, IMPS, Duration.ofMillis(100))
                .map(outcome -> {
                    assertThat(outcome).isEqualTo(failed(PartnerOutcome.FailureKind.TIMEOUT));
                    return assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
                })
                .compose(ok -> client.call(partner("/bids", Duration.ofSeconds(5)), payload(), REQUEST_ID, IMPS,
                        Duration.ofMillis(4)))
                .map(outcome -> assertThat(outcome).isEqualTo(failed(PartnerOutcome.FailureKind.SKIPPED_NO_TIME)))
                .onComplete(ctx.succeedingThenComplete());
    }

    @Test
    void shouldReportARefusedConnection(VertxTestContext ctx) throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        PartnerProfile nobody = profile(URI.create("http://127.0.0.1:" + closedPort + "/bids"), Duration.ofSeconds(1));

        client.call(nobody, payload(), REQUEST_ID, IMPS, Duration.ofSeconds(1))
                .map(outcome -> assertThat(outcome).isEqualTo(failed(PartnerOutcome.FailureKind.CONNECT)))
                .onComplete(ctx.succeedingThenComplete());
    }

    @Test
    void shouldSignOverTheBytesItSendsWhenThePartnerAsks(VertxTestContext ctx, @TempDir Path keysDir) throws Exception {
        SigningKeySet keys = SigningKeySet.loadOrCreate(KeyDirectory.at(keysDir), "partner-requests");
        PartnerClient signing = new PartnerClient(vertx, new FanOutSettings(Duration.ofMillis(200), 4, MAX_RESPONSE_BYTES,
                GuardSettings.defaults()), new RequestSigner(() -> keys, PartnerSigningSettings.defaults(), Clock.systemUTC()));

        signing.call(partner("/bids", Duration.ofSeconds(2)).withSignRequests(true), payload(), REQUEST_ID, IMPS,
                Duration.ofSeconds(2)).onComplete(ctx.succeeding(outcome -> ctx.verify(() -> {
                    signing.close();
                    assertThat(outcome).isInstanceOf(PartnerOutcome.Bids.class);
                    String digest = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                            .digest(received.get("body").getBytes(StandardCharsets.UTF_8)));
                    assertThat(received).containsEntry("content-digest", "sha-256=:" + digest + ":")
                            .containsKey("signature-input").containsKey("signature");
                    assertThat(received.get("signature-input")).contains("keyid=\"" + keys.keys().get(0).id() + "\"");
                    ctx.completeNow();
                })));
    }

    @Test
    void shouldFailTheCallRatherThanSendItUnsignedWhenItCannotSign(VertxTestContext ctx) {
        client.call(partner("/bids", Duration.ofSeconds(2)).withSignRequests(true), payload(), REQUEST_ID, IMPS,
                Duration.ofSeconds(2)).onComplete(ctx.succeeding(outcome -> ctx.verify(() -> {
                    assertThat(outcome).isEqualTo(failed(PartnerOutcome.FailureKind.IO));
                    assertThat(received).as("nothing reached the partner").isEmpty();
                    ctx.completeNow(); // the payload's release is checked after each test
                })));
    }

    private static PooledBody payload() {
        byte[] bytes = PAYLOAD.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return PooledBody.copyOf(bytes, 0, bytes.length);
    }

    private Future<PartnerOutcome> call(String path) {
        return client.call(partner(path, Duration.ofSeconds(2)), payload(), REQUEST_ID, IMPS, Duration.ofSeconds(2));
    }

    /** Fails (an AssertionError in the chain) unless {@code path}'s answer comes to {@code expected}. */
    private Future<Void> expect(String path, PartnerOutcome expected) {
        return call(path).map(outcome -> {
            assertThat(outcome).as(path).isEqualTo(expected);
            return null;
        });
    }

    private PartnerProfile partner(String path, Duration timeout) {
        return profile(URI.create("http://127.0.0.1:" + origin.actualPort() + path), timeout);
    }

    private static PartnerProfile profile(URI endpoint, Duration timeout) {
        return new PartnerProfile("p", endpoint, PartnerRole.THIRD_PARTY, "advertising network", java.util.Set.of(),
                EmailHashFormat.SHA256_HEX, "hashed-email.test", StrippedIpHandling.REMOVE, timeout);
    }

    private static PartnerOutcome failed(PartnerOutcome.FailureKind kind) {
        return new PartnerOutcome.Failed("p", kind);
    }

}
