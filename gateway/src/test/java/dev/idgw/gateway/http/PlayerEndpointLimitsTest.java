package dev.idgw.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.gateway.intake.TrustedProxies;
import dev.idgw.gateway.support.AdPodRequests;
import dev.idgw.gateway.support.GatewayHarness;
import dev.idgw.gateway.support.PartnerSpec;
import dev.idgw.gateway.support.RawHttp;
import io.vertx.core.json.JsonObject;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input at the HTTP edge: every kind gets a 4xx with an RFC 9457 problem body, never a 500, never
 * a hang, and no partner is called.
 */
class PlayerEndpointLimitsTest {
    private static GatewayHarness gateway;

    @BeforeAll
    static void start() {
        gateway = GatewayHarness.builder()
                .server(new ServerSettings("127.0.0.1", 0, 16 * 1024, 8192, 4096, Duration.ofSeconds(30),
                        Duration.ofMillis(500), ServerSettings.DEFAULT_HEADER_READ_TIMEOUT, TrustedProxies.none(),
                        ServerSettings.DEFAULT_MAX_IN_FLIGHT,
                        ServerSettings.DEFAULT_MAX_EVENT_LOOP_LAG, ServerSettings.DEFAULT_SHUTDOWN_GRACE,
                        ServerSettings.DEFAULT_WARMUP))
                .partner(PartnerSpec.allFields("alpha")).start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "nope", "[]", "42", "\"text\"", "{}", "{\"id\":\"x\"}", "{\"id\":\"x\",\"imp\":[]}",
        "{\"id\":\"x\",\"imp\":[{\"id\":\"1\"}]}", "{\"id\":\"x\",\"imp\":[{\"id\":\"1\",\"video\":{}}]}",
        "{\"id\":7,\"imp\":[{\"id\":\"1\",\"video\":{\"mimes\":[\"video/mp4\"]}}]}",
        "{\"id\":\"x\",\"tmax\":\"fast\",\"imp\":[{\"id\":\"1\",\"video\":{\"mimes\":[\"video/mp4\"]}}]}",
        "{\"id\":\"x\",\"imp\":[{\"id\":\"1\",\"video\":{\"mimes\":[\"video/mp4\"],\"poddur\":\"60\"}}]}",
        "{\"id\":\"x\",\"imp\":[{\"id\":\"1\",\"video\":{\"mimes\":[\"video/mp4\"]}}],\"device\":[]}",
        "{\"id\":\"x\",\"imp\":[{\"id\":\"1\",\"video\":{\"mimes\":[\"video/mp4\"]}}],\"device\":{\"ip\":\"example.com\"}}",
        "{\"id\":\"x\",\"imp\":[{\"id\":\"1\",\"video\":{\"mimes\":[\"video/mp4\"]}}],\"regs\":{\"coppa\":\"1\"}}",
        "{\"id\":\"x\",\"id\":\"y\",\"imp\":[{\"id\":\"1\",\"video\":{\"mimes\":[\"video/mp4\"]}}]}",
        "{\"id\":\"x\",\"imp\":[{\"id\":\"1\",\"video\":{\"mimes\":[\"video/mp4\"]}}]} trailing"
    })
    void shouldAnswerBadBodiesWith400AndAProblem(String body) {
        gateway.stub("alpha").clearReceived();
        HttpResponse<String> r = gateway.post(body);
        assertProblem(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), 400);
        assertThat(gateway.stub("alpha").receivedCount()).isZero();
    }

    @Test
    void shouldAnswerAnOversizeBodyWith413() {
        String big = AdPodRequests.dynamicPod("big", null, null).put("pad", "x".repeat(20_000)).toString();
        HttpResponse<String> r = gateway.post(big);
        assertProblem(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), 413);
    }

    @Test
    void shouldRefuseTransferEncodingTogetherWithContentLength() throws Exception {
        String body = AdPodRequests.dynamicPod("smuggle", null, null).toString();
        String chunked = Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
        RawHttp.Response r = RawHttp.exchange(gateway.port(), "POST /openrtb2/adpod HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                + chunked, 3000);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("\"status\":400");
    }

    @Test
    void shouldAnswerOversizeHeadersWithAProblemNotAHang() throws Exception {
        RawHttp.Response r = RawHttp.exchange(gateway.port(), "POST /openrtb2/adpod HTTP/1.1\r\nHost: x\r\nX-Big: "
                + "a".repeat(10_000) + "\r\nContent-Length: 2\r\n\r\n{}", 3000);
        assertThat(r.status()).isEqualTo(431);
        assertThat(new JsonObject(r.body()).getInteger("status")).isEqualTo(431);
    }

    @Test
    void shouldAnswerAnOverlongRequestLineWith414() throws Exception {
        RawHttp.Response r = RawHttp.exchange(gateway.port(), "GET /" + "a".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                3000);
        assertThat(r.status()).isEqualTo(414);
    }

    @Test
    void shouldDropATrickledBodyWith408() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /openrtb2/adpod HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n{\"id\":").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long start = System.nanoTime();
            RawHttp.Response r = RawHttp.read(socket.getInputStream());
            assertThat(r.status()).isEqualTo(408);
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(4000);
        }
    }

    @Test
    void shouldAnswerUnknownPathsAndMethodsWithProblems() throws Exception {
        RawHttp.Response notFound = RawHttp.exchange(gateway.port(), "GET /admin HTTP/1.1\r\nHost: x\r\n\r\n", 3000);
        assertProblem(notFound.status(), "application/problem+json", notFound.body(), 404);
        RawHttp.Response wrongMethod = RawHttp.exchange(gateway.port(),
                "PUT /openrtb2/adpod HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", 3000);
        assertProblem(wrongMethod.status(), "application/problem+json", wrongMethod.body(), 405);
    }

    @Test
    void shouldNeverEchoTheOffendingValue() {
        String secret = UUID.randomUUID().toString();
        HttpResponse<String> r = gateway.post("{\"id\":\"x\",\"imp\":[{\"id\":\"1\",\"video\":{\"mimes\":[\"video/mp4\"]}}],"
                + "\"device\":{\"ip\":\"" + secret + "\"}}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("device.ip").doesNotContain(secret);
    }

    private static void assertProblem(int status, String contentType, String body, int expected) {
        assertThat(status).isEqualTo(expected);
        assertThat(contentType).startsWith("application/problem+json");
        JsonObject problem = new JsonObject(body);
        assertThat(problem.getInteger("status")).isEqualTo(expected);
        assertThat(problem.getString("type")).startsWith("https://");
        assertThat(problem.getString("title")).isNotBlank();
        assertThat(problem.getString("detail")).isNotBlank();
    }
}
