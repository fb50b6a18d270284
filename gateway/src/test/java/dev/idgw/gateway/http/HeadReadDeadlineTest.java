package dev.idgw.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.gateway.support.AdPodRequests;
import dev.idgw.gateway.support.GatewayHarness;
import dev.idgw.gateway.support.PartnerSpec;
import dev.idgw.gateway.support.PrometheusText;
import dev.idgw.gateway.support.RawHttp;
import dev.idgw.testkit.partner.StubBehavior;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code server.headerReadTimeout} on a running gateway, over real sockets: a request head trickled a
 * byte at a time gets a 408 problem and the connection closes long before the idle timeout (30 s here),
 * on the player listener and on the internal one, and the cut-offs are counted on the metrics scrape.
 * The trickle stops after {@link #MAX_TRICKLED_BYTES}: without the deadline nothing answers by then.
 */
class HeadReadDeadlineTest {
    private static final Duration HEAD_DEADLINE = Duration.ofMillis(200);
    private static final int MAX_TRICKLED_BYTES = 100; // 100 x 50 ms: far past the deadline, far below idle
    private static final String TIMEOUTS = "idgw_http_header_timeouts_total";
    private static GatewayHarness gateway;

    @BeforeAll
    static void start() {
        gateway = GatewayHarness.builder()
                .server(ServerSettings.onPort(0).withHost("127.0.0.1").withMaxEventLoopLag(Duration.ofSeconds(10))
                        .withHeaderReadTimeout(HEAD_DEADLINE))
                .partner(PartnerSpec.allFields("slow").withTimeout(Duration.ofMillis(1500))
                        .withBehavior(StubBehavior.bidding().withLatency(Duration.ofMillis(600))))
                .start();
        assertThat(gateway.config().server().idleTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void shouldAnswerATrickledHeadWith408AndClose() throws IOException {
        double before = timeouts("player");

        Exchange exchange = trickle(gateway.port(), "POST /openrtb2/adpod HTTP/1.1\r\nHost: x\r\nX-Pad: ");

        assertThat(exchange.responses()).as("answers before the head was ever complete").hasSize(1);
        assertTimeoutProblem(exchange.responses().get(0));
        assertThat(exchange.closedByGateway()).isTrue();
        assertThat(gateway.stub("slow").receivedCount()).isZero();
        assertThat(timeouts("player")).isEqualTo(before + 1);
    }

    @Test
    void shouldCutOffATrickledHeadOnTheInternalListener() throws IOException {
        double before = timeouts("internal");

        Exchange exchange = trickle(gateway.compliancePort(), "GET /compliance/v1/verify HTTP/1.1\r\nHost: x\r\n"
                + "Authorization: Bearer ");

        assertThat(exchange.responses()).hasSize(1);
        assertTimeoutProblem(exchange.responses().get(0));
        assertThat(exchange.closedByGateway()).isTrue();
        assertThat(timeouts("internal")).isEqualTo(before + 1);
    }

    @Test
    void shouldCutOffALaterHeadOnAKeepAliveConnection() throws IOException {
        Exchange exchange = trickle(gateway.port(), "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /health/live HTTP/1.1\r\nHost: x\r\nX-Pad: ");

        assertThat(exchange.responses()).extracting(RawHttp.Response::status).containsExactly(200, 408);
        assertTimeoutProblem(exchange.responses().get(1));
        assertThat(exchange.closedByGateway()).isTrue();
    }

    /** Pipelined: the 408 for the late second head comes after the answer still owed for the first request. */
    @Test
    void shouldAnswerTheRequestBeforeALateHeadFirst() throws IOException {
        String body = AdPodRequests.dynamicPod("pipelined", null, null).put("tmax", 1500).toString();
        Exchange exchange = trickle(gateway.port(), "POST /openrtb2/adpod HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body
                + "POST /openrtb2/adpod HTTP/1.1\r\nHost: x\r\nX-Pad: ");

        assertThat(exchange.responses()).hasSize(2);
        assertThat(exchange.responses().get(0).status()).isIn(200, 204);
        assertTimeoutProblem(exchange.responses().get(1));
        assertThat(exchange.closedByGateway()).isTrue();
    }

    /**
     * The deadline runs from a head's first byte, not from the end of the previous answer: a keep-alive
     * connection may sit silent between requests for longer (that is the idle timeout's business).
     */
    @Test
    void shouldLetAKeepAliveConnectionWaitBetweenRequests() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(RawHttp.read(socket.getInputStream()).status()).isEqualTo(200);

            Thread.sleep(HEAD_DEADLINE.toMillis() * 3); // silent, as a pooled connection is between requests

            out.write("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(RawHttp.read(socket.getInputStream()).status()).isEqualTo(200);
        }
    }

    @Test
    void shouldServeAHeadThatArrivesInPiecesInTime() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /health/li".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            out.write("ve HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(RawHttp.read(socket.getInputStream()).status()).isEqualTo(200);
        }
    }

    private static void assertTimeoutProblem(RawHttp.Response response) {
        assertThat(response.status()).isEqualTo(408);
        assertThat(response.head()).containsIgnoringCase("Content-Type: application/problem+json")
                .containsIgnoringCase("Connection: close");
        JsonObject problem = new JsonObject(response.body());
        assertThat(problem.getInteger("status")).isEqualTo(408);
        assertThat(problem.getString("type")).isEqualTo(Problems.TYPE_BASE + "request-timeout");
        assertThat(problem.getString("detail")).contains("head");
    }

    private static double timeouts(String listener) {
        String scrape = gateway.get(gateway.port(), "/metrics").body();
        return PrometheusText.parse(scrape).sum(TIMEOUTS, "server_name", listener);
    }

    /** What came back from a trickle: the responses in order, and whether the gateway closed the connection. */
    private record Exchange(List<RawHttp.Response> responses, boolean closedByGateway) {
    }

    /**
     * Sends {@code prefix}, then one byte of a header value every 50 ms (the head never completes) until
     * the gateway answers 408, closes, or {@link #MAX_TRICKLED_BYTES} went out; then reads until the
     * gateway closes the connection (or 5 s of silence).
     */
    private static Exchange trickle(int port, String prefix) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            boolean closed = false;
            out.write(prefix.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.setSoTimeout(50);
            try {
                for (int sent = 0; sent < MAX_TRICKLED_BYTES && !answered408(received); sent++) {
                    int n = readWithin(in, buffer);
                    if (n < 0) {
                        closed = true;
                        break;
                    }
                    received.write(buffer, 0, n);
                    if (n == 0) {
                        out.write('a');
                        out.flush();
                    }
                }
            } catch (SocketException e) {
                // the gateway closed while a byte was on its way: read what it sent
            }
            socket.setSoTimeout(5000);
            while (!closed) {
                int n = readWithin(in, buffer);
                if (n <= 0) {
                    closed = n < 0;
                    break;
                }
                received.write(buffer, 0, n);
            }
            return new Exchange(responses(received.toString(StandardCharsets.ISO_8859_1)), closed);
        }
    }

    private static boolean answered408(ByteArrayOutputStream received) {
        return received.toString(StandardCharsets.ISO_8859_1).contains("HTTP/1.1 408 ");
    }

    /** Bytes read, 0 when none came within the socket's timeout, -1 when the peer closed. */
    private static int readWithin(InputStream in, byte[] buffer) throws IOException {
        try {
            return in.read(buffer);
        } catch (SocketTimeoutException e) {
            return 0;
        } catch (SocketException e) {
            return -1; // reset: the gateway is gone
        }
    }

    private static List<RawHttp.Response> responses(String text) throws IOException {
        List<RawHttp.Response> responses = new ArrayList<>();
        int at = 0;
        while (at < text.length()) {
            int headEnd = text.indexOf("\r\n\r\n", at);
            if (headEnd < 0) {
                break;
            }
            String head = text.substring(at, headEnd);
            int length = 0;
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase().startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            int bodyEnd = Math.min(text.length(), headEnd + 4 + length);
            responses.add(RawHttp.read(new java.io.ByteArrayInputStream(
                    text.substring(at, bodyEnd).getBytes(StandardCharsets.ISO_8859_1))));
            at = bodyEnd;
        }
        return responses;
    }
}
