package dev.idgw.gateway.ops;

import dev.idgw.gateway.http.OperatorRoutes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.gateway.support.AdPodRequests;
import dev.idgw.gateway.support.GatewayHarness;
import dev.idgw.gateway.support.PartnerSpec;
import dev.idgw.gateway.support.PrometheusText;
import dev.idgw.partners.Field;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real requests carrying distinctive identifiers go through the running gateway (player port and the
 * consent API); {@code /metrics} on both listeners then holds none of them, only tags from config and
 * fixed enums, and the counts match what was sent: one decision per partner per request, the fields
 * each partner got or lost, consent outcomes, share-log appends, partner calls, player outcomes.
 */
class MetricsPrivacyTest {
    private static final List<String> PARTNERS = List.of("alpha", "beta", "gamma");
    /** Every label key a gateway or Vert.x meter may carry: none can hold a request's data. */
    private static final Set<String> ALLOWED_LABEL_KEYS = Set.of("partner", "outcome", "reason", "field", "decision",
            "link", "method", "code", "server_name", "client_name", "le");
    private static final int CONSENTED = 4;
    private static final int OPTED_OUT = 3; // consented, but GPC: third parties stripped, the service provider shares
    private static final int UNKNOWN = 3;   // no consent record: stripped for all
    private static final int SERVED = CONSENTED + OPTED_OUT + UNKNOWN;
    private static GatewayHarness gateway;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Everything identifying that went in, lowercased: none may come out in a scrape. */
    private final List<String> secrets = new ArrayList<>();

    @BeforeAll
    static void start() {
        // Vert.x's own meters on too (off by default): their labels must carry nothing identifying either.
        gateway = GatewayHarness.builder()
                .metrics(new MetricsSettings(true, true))
                .partner(PartnerSpec.allFields("alpha"))
                .partner(PartnerSpec.serviceProvider("beta", EnumSet.of(Field.HASHED_EMAIL, Field.IP)))
                .partner(PartnerSpec.thirdParty("gamma", EnumSet.of(Field.DEVICE_ID)))
                .start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void shouldCountWhatWasSentWithoutAnyIdentifierInTheScrape() throws Exception {
        List<String> consented = seedDevices(CONSENTED + OPTED_OUT);
        PrometheusText before = scrape(gateway.port());

        int n = 0;
        for (String device : consented) {
            boolean gpc = n >= CONSENTED;
            assertThat(adRequest(device, n++, gpc).statusCode()).isIn(200, 204);
        }
        for (int i = 0; i < UNKNOWN; i++) {
            String device = marker(UUID.randomUUID().toString());
            assertThat(adRequest(device, n++, false).statusCode()).isIn(200, 204);
        }
        sendRequestsThatFail(consented.get(0));

        String text = gateway.get(gateway.port(), OperatorRoutes.METRICS).body();
        String internalText = gateway.get(gateway.compliancePort(), OperatorRoutes.METRICS).body();
        for (String scraped : List.of(text, internalText)) {
            String lower = scraped.toLowerCase(Locale.ROOT);
            for (String secret : secrets) {
                assertThat(lower).as("an identifier in the scrape").doesNotContain(secret);
            }
            assertThat(lower).as("no address label").doesNotContain("127.0.0.1");
        }
        PrometheusText after = PrometheusText.parse(text);
        assertThat(after.labelKeys("idgw_")).isSubsetOf(ALLOWED_LABEL_KEYS);
        assertThat(after.labelKeys("vertx_")).isSubsetOf(ALLOWED_LABEL_KEYS);
        assertThat(after.labelValues("idgw_", "partner")).containsExactlyInAnyOrderElementsOf(PARTNERS);
        assertThat(after.labelValues("idgw_", "link")).containsExactlyInAnyOrder("consent", "sharelog");
        assertThat(after.labelValues("vertx_", "method")).as("non-standard methods folded").contains("OTHER")
                .allMatch(m -> Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "OTHER").contains(m));

        assertCounts(before, after);
        assertThat(after.sum("vertx_http_server_requests_total", "server_name", "player", "method", "POST", "code", "200"))
                .isPositive();
        assertThat(after.has("vertx_http_server_requests_total", "server_name", "internal")).isTrue();
        assertThat(after.has("vertx_http_client_requests_total", "client_name", "partners")).isTrue();
    }

    private void assertCounts(PrometheusText before, PrometheusText after) {
        assertThat(delta(before, after, "idgw_decisions_total")).as("one decision per partner per request")
                .isEqualTo(SERVED * PARTNERS.size());
        assertThat(delta(before, after, "idgw_decisions_total", "decision", "share"))
                .isEqualTo(3 * CONSENTED + OPTED_OUT);
        for (String p : PARTNERS) {
            assertThat(delta(before, after, "idgw_decisions_total", "partner", p)).isEqualTo(SERVED);
            assertThat(delta(before, after, "idgw_decision_reasons_total", "partner", p, "reason", "no_record"))
                    .isEqualTo(UNKNOWN);
            assertThat(delta(before, after, "idgw_partner_call_seconds_count", "partner", p)).isEqualTo(SERVED);
        }
        assertThat(delta(before, after, "idgw_decision_reasons_total", "partner", "alpha", "reason", "gpc"))
                .isEqualTo(OPTED_OUT);
        assertThat(delta(before, after, "idgw_decision_reasons_total", "partner", "beta", "reason", "consent_granted"))
                .isEqualTo(CONSENTED + OPTED_OUT);
        assertThat(delta(before, after, "idgw_decision_reasons_total", "partner", "alpha", "reason", "not_opted_out"))
                .isEqualTo(CONSENTED);

        assertThat(fields(before, after, "alpha", "device_id", "sent")).isEqualTo(CONSENTED);
        assertThat(fields(before, after, "alpha", "device_id", "stripped")).isEqualTo(OPTED_OUT + UNKNOWN);
        assertThat(fields(before, after, "alpha", "hashed_email", "sent")).isEqualTo(CONSENTED);
        assertThat(fields(before, after, "beta", "hashed_email", "sent")).isEqualTo(CONSENTED + OPTED_OUT);
        assertThat(fields(before, after, "beta", "ip", "stripped")).isEqualTo(UNKNOWN);
        assertThat(fields(before, after, "gamma", "device_id", "sent")).isEqualTo(CONSENTED);
        assertThat(after.has("idgw_identity_fields_total", "partner", "gamma", "field", "hashed_email"))
                .as("only fields the contract allows").isTrue();
        assertThat(fields(before, after, "gamma", "hashed_email", "sent")
                + fields(before, after, "gamma", "hashed_email", "stripped")).isZero();

        assertThat(delta(before, after, "idgw_consent_lookup_seconds_count", "outcome", "found"))
                .isEqualTo(CONSENTED + OPTED_OUT);
        assertThat(delta(before, after, "idgw_consent_lookup_seconds_count", "outcome", "missing")).isEqualTo(UNKNOWN);
        assertThat(delta(before, after, "idgw_sharelog_append_seconds_count", "outcome", "acknowledged"))
                .as("every request with a consented device shared with someone").isEqualTo(CONSENTED + OPTED_OUT);
        assertThat(delta(before, after, "idgw_sharelog_append_seconds_count", "outcome", "failed")).isZero();
        assertThat(delta(before, after, "idgw_sharelog_batch_entries_total")).isEqualTo(CONSENTED + OPTED_OUT);

        assertThat(delta(before, after, "idgw_player_requests_seconds_count", "outcome", "ok")
                + delta(before, after, "idgw_player_requests_seconds_count", "outcome", "no_fill")).isEqualTo(SERVED);
        assertThat(delta(before, after, "idgw_player_requests_seconds_count", "outcome", "bad_request")).isEqualTo(1);
        assertThat(delta(before, after, "idgw_player_requests_seconds_count", "outcome", "method_not_allowed"))
                .isEqualTo(1);
        assertThat(after.sum("idgw_redis_connected")).isEqualTo(2);
        assertThat(after.sum("idgw_ready")).isEqualTo(1);
        assertThat(after.sum("idgw_sharelog_writable")).isEqualTo(1);
        assertThat(after.sum("idgw_partner_breaker_state")).isZero();
    }

    /** Devices with consent written through the consent API, with an email and an account id. */
    private List<String> seedDevices(int count) {
        List<String> devices = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String device = marker(UUID.randomUUID().toString());
            String email = marker("metrics.marker." + i + "." + UUID.randomUUID().toString().substring(0, 6) + "@example.org");
            secrets.add(sha256Hex(email));
            String account = marker("acct-" + UUID.randomUUID());
            String body = new JsonObject().put("adConsent", true).put("jurisdiction", "US-CA").put("ageBand", "adult")
                    .put("email", email).put("accountId", account).encode();
            HttpResponse<String> put = gateway.internal("PUT", "/consent/v1/devices/" + device, body,
                    GatewayHarness.CONSENT_TOKEN);
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            assertThat(gateway.internal("GET", "/consent/v1/devices/" + device, null, GatewayHarness.CONSENT_TOKEN)
                    .statusCode()).isEqualTo(200);
            devices.add(device);
        }
        return devices;
    }

    private HttpResponse<String> adRequest(String device, int n, boolean gpc) {
        String ip = marker("198.51.100." + (100 + n));
        String forwarded = marker("192.0.2." + (100 + n));
        String playerRequestId = marker("player-req-" + UUID.randomUUID());
        ObjectNode body = AdPodRequests.dynamicPod(playerRequestId, device.toUpperCase(Locale.ROOT), ip);
        body.putObject("user").put("id", marker("user-" + UUID.randomUUID()));
        HttpResponse<String> answer = gpc
                ? gateway.post(body.toString(), "Sec-GPC", "1", "X-Forwarded-For", forwarded)
                : gateway.post(body.toString(), "X-Forwarded-For", forwarded);
        if (answer.statusCode() == 200) {
            marker(new JsonObject(answer.body()).getString("bidid")); // the gateway's own request id
        }
        return answer;
    }

    /** A bad body, a path holding a device ID, and a made-up method: each counted, none named. */
    private void sendRequestsThatFail(String device) throws Exception {
        assertThat(gateway.post("{\"id\":\"" + marker("bad-" + UUID.randomUUID()) + "\",\"device\":{\"ifa\":\""
                + device + "\"}}").statusCode()).isEqualTo(400);
        assertThat(gateway.get(gateway.port(), "/openrtb2/adpod/" + device).statusCode()).isEqualTo(404);
        String method = marker("IDGWMARKER" + UUID.randomUUID().toString().replace("-", "").substring(0, 8).toUpperCase());
        HttpResponse<String> odd = http.send(HttpRequest.newBuilder(gateway.adPodUri()).timeout(Duration.ofSeconds(5))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(odd.statusCode()).isEqualTo(405);
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.compliancePort()
                + "/consent/v1/devices/" + device)).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).as("no token").isEqualTo(401);
    }

    private String marker(String value) {
        secrets.add(value.toLowerCase(Locale.ROOT));
        return value;
    }

    private static double fields(PrometheusText before, PrometheusText after, String partner, String field,
                                 String outcome) {
        return delta(before, after, "idgw_identity_fields_total", "partner", partner, "field", field, "outcome", outcome);
    }

    private static double delta(PrometheusText before, PrometheusText after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }

    private static PrometheusText scrape(int port) {
        HttpResponse<String> response = gateway.get(port, OperatorRoutes.METRICS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
        return PrometheusText.parse(response.body());
    }

    private static String sha256Hex(String email) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(email.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
