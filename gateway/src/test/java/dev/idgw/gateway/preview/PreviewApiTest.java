package dev.idgw.gateway.preview;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.idgw.gateway.consent.AgeBand;
import dev.idgw.gateway.consent.ConsentRecord;
import dev.idgw.gateway.consent.EmailHash;
import dev.idgw.gateway.support.AdPodRequests;
import dev.idgw.gateway.support.GatewayHarness;
import dev.idgw.gateway.support.PrometheusText;
import dev.idgw.testkit.partner.StubPartner;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /internal/v1/preview} through the running gateway: who may call it, what it refuses, that it leaves
 * no trace (no partner call, no share record, no Redis write, the consent cache as it was), and that the answer
 * explains each field without ever showing the email hash the consent record holds.
 */
class PreviewApiTest {
    private static final String EMAIL = "Jane.Doe+tv@gmail.com";
    private static final byte[] EMAIL_SHA256 = EmailHash.of(EMAIL).orElseThrow();
    private static GatewayHarness gateway;

    @BeforeAll
    static void start() {
        gateway = PreviewGateways.withThreePartners().start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void shouldAnswerOnlyATokenWithTheOperatorRole() {
        String body = bodyFor(UUID.randomUUID().toString(), Map.of());
        assertThat(gateway.preview(body, null).statusCode()).isEqualTo(401);
        assertThat(gateway.preview(body, "not-a-token").statusCode()).isEqualTo(401);
        HttpResponse<String> consent = gateway.preview(body, GatewayHarness.CONSENT_TOKEN);
        assertThat(consent.statusCode()).isEqualTo(403);
        assertThat(consent.body()).contains("operator role");
        assertThat(gateway.preview(body, GatewayHarness.COMPLIANCE_TOKEN).statusCode()).isEqualTo(403);
        HttpResponse<String> operator = gateway.preview(body, GatewayHarness.OPERATOR_TOKEN);
        assertThat(operator.statusCode()).as(operator.body()).isEqualTo(200);
        assertThat(operator.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(operator.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(gateway.internal("GET", "/internal/v1/preview", null, GatewayHarness.OPERATOR_TOKEN).statusCode())
                .isEqualTo(405);
        // The operator role guards this path only: the console's session answers every token.
        assertThat(gateway.internal("GET", "/internal/v1/session", null, GatewayHarness.COMPLIANCE_TOKEN).statusCode())
                .isEqualTo(200);
        assertThat(gateway.internal("GET", "/internal/v1/session", null, GatewayHarness.OPERATOR_TOKEN).body())
                .contains("\"operator\"");
    }

    @Test
    void shouldRefuseBadBodiesWithAProblemThatNamesTheMember() {
        String request = AdPodRequests.dynamicPod("p-1", UUID.randomUUID().toString(), "203.0.113.9").toString();
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("", "empty body");
        bad.put("not json", "not valid JSON");
        bad.put("[1]", "must be a JSON object");
        bad.put("{}", "request: required");
        bad.put("{\"request\":[]}", "request: must be a JSON object");
        bad.put("{\"request\":" + request + ",\"request\":" + request + "}", "request: given twice");
        bad.put("{\"request\":" + request + ",\"gdpr\":1}", "unknown field 'gdpr'");
        bad.put("{\"request\":{\"id\":\"x\"}}", "request: imp");
        bad.put("{\"request\":" + request + ",\"headers\":{\"Cookie\":\"a=b\"}}", "only Sec-GPC and X-Forwarded-For");
        bad.put("{\"request\":" + request + ",\"headers\":{\"Sec-GPC\":1}}", "headers.Sec-GPC: must be a string");
        bad.put("{\"request\":" + request + ",\"headers\":[]}", "headers: must be an object");
        bad.put("{\"request\":" + request + ",\"peerAddress\":\"localhost\"}", "peerAddress: must be an IPv4 or IPv6");
        bad.put("{\"request\":" + request + ",\"email\":\"not an email\"}", "email: not an email address");
        bad.put("{\"request\":" + request + ",\"at\":\"tomorrow\"}", "at: must be an ISO-8601 instant");
        bad.put("{\"request\":" + request + "} {}", "not valid JSON");
        bad.forEach((body, detail) -> {
            HttpResponse<String> answer = gateway.preview(body, GatewayHarness.OPERATOR_TOKEN);
            assertThat(answer.statusCode()).as(body).isEqualTo(400);
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(answer.body()).as(body).contains(detail);
        });
        String huge = "{\"request\":{\"id\":\"" + "x".repeat(gateway.config().server().maxBodyBytes() + 20_000) + "\"}}";
        assertThat(gateway.preview(huge, GatewayHarness.OPERATOR_TOKEN).statusCode()).isEqualTo(413);
    }

    @Test
    void shouldSendNothingRecordNothingAndLeaveRedisAndTheConsentCacheAsTheyWere() {
        String device = UUID.randomUUID().toString();
        gateway.putConsent(device, new ConsentRecord(true, "US-CA", AgeBand.ADULT, EMAIL_SHA256, 4, Instant.now()));
        // A share record and a warm cache entry to leave alone (a partner slow on a busy machine is a 204: no matter).
        assertThat(gateway.post(AdPodRequests.dynamicPod("real-1", device, "203.0.113.9").toString()).statusCode())
                .isIn(200, 204);
        String unseen = UUID.randomUUID().toString();
        gateway.putConsent(unseen, new ConsentRecord(true, "US-CA", AgeBand.ADULT, null, 1, Instant.now()));
        long compliance = complianceShares();
        int shares = gateway.shareRecords().size();
        Map<String, Long> received = receivedCounts();
        String redis = redisWithoutCheckpoints();
        PrometheusText before = metrics();

        for (String d : List.of(device, unseen)) {
            for (Map<String, String> headers : List.of(Map.<String, String>of(), Map.of("Sec-GPC", "1"))) {
                HttpResponse<String> answer = gateway.preview(bodyFor(d, headers), GatewayHarness.OPERATOR_TOKEN);
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                assertThat(PreviewAnswer.parse(answer.body()).tree().path("shareRecord").path("wouldBeWritten")
                        .asBoolean()).isTrue();
            }
        }

        assertThat(receivedCounts()).as("no partner was called").isEqualTo(received);
        assertThat(gateway.shareRecords()).as("no share record appended").hasSize(shares);
        assertThat(redisWithoutCheckpoints()).as("nothing written to Redis").isEqualTo(redis);
        PrometheusText after = metrics();
        for (String meter : List.of("idgw_consent_cache_hits_total", "idgw_consent_cache_misses_total",
                "idgw_decisions_total", "idgw_identity_fields_total", "idgw_decision_reasons_total")) {
            assertThat(before.has(meter)).as(meter + " is exported").isTrue();
            assertThat(after.sum(meter)).as(meter).isEqualTo(before.sum(meter));
        }
        assertThat(complianceShares()).as("compliance sees no new share").isEqualTo(compliance);
        // The preview read the unseen device's record without caching it: the auction's first read is a miss.
        assertThat(gateway.post(AdPodRequests.dynamicPod("real-2", unseen, "203.0.113.9").toString()).statusCode())
                .isIn(200, 204);
        assertThat(metrics().sum("idgw_consent_cache_misses_total"))
                .isEqualTo(after.sum("idgw_consent_cache_misses_total") + 1);
    }

    @Test
    void shouldExplainEachFieldAndNeverShowTheRecordsEmailHash() {
        String device = UUID.randomUUID().toString();
        gateway.putConsent(device, new ConsentRecord(true, "US-CA", AgeBand.ADULT, EMAIL_SHA256, 7, Instant.now()));
        HttpResponse<String> response = gateway.preview(bodyFor(device, Map.of("Sec-GPC", "1")),
                GatewayHarness.OPERATOR_TOKEN);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        PreviewAnswer answer = PreviewAnswer.parse(response.body());
        JsonNode tree = answer.tree();

        assertThat(tree.path("consent").path("version").asLong()).isEqualTo(7);
        assertThat(tree.path("consent").path("emailHashHeld").asBoolean()).isTrue();
        assertThat(tree.path("rule").path("code").asText()).isEqualTo("US-CA");
        assertThat(tree.path("signals").path("gpc").asBoolean()).isTrue();
        assertThat(tree.path("optOutSignal").asText()).isEqualTo("honored");
        assertThat(tree.path("shareRecord").path("consentVersion").asLong()).isEqualTo(7);
        assertThat(tree.path("shareRecord").path("partners").findValuesAsText("partner")).containsExactly("measure");

        assertThat(answer.partner("acme").path("decision").path("outcome").asText()).isEqualTo("strip");
        assertThat(answer.partner("acme").path("decision").path("reasons").findValuesAsText("code")).containsExactly("gpc");
        assertThat(answer.fieldStatus("acme", "device_id")).isEqualTo("stripped");
        assertThat(answer.fieldStatus("acme", "hashed_email")).isEqualTo("stripped");
        assertThat(answer.fieldStatus("acme", "ip")).isEqualTo("truncated");
        assertThat(answer.field("acme", "ip").path("reasons").findValuesAsText("code")).containsExactly("gpc");
        assertThat(answer.field("acme", "ip").path("reasons").findValuesAsText("words").get(0))
                .contains("Global Privacy Control");
        assertThat(answer.field("measure", "hashed_email").path("shown").asText()).startsWith("a placeholder");
        assertThat(answer.fieldStatus("bright", "hashed_email")).isEqualTo("not-in-contract");
        assertThat(answer.fieldStatus("bright", "ip")).isEqualTo("stripped");
        assertThat(answer.fieldStatus("measure", "hashed_email")).isEqualTo("sent");
        assertThat(answer.fieldStatus("measure", "device_id")).isEqualTo("not-in-contract");
        assertThat(answer.partner("measure").path("called").asBoolean()).isTrue();
        assertThat(answer.rawPayload("acme")).contains("\"ip\":\"203.0.113.0\"").doesNotContain(device);
        assertThat(answer.rawPayload("measure"))
                .contains("\"id\":\"" + Preview.placeholder(gateway.config().partners().get(2)) + "\"");

        // The stored hash in no spelling, nor the keyed one the service provider really gets.
        gateway.post(AdPodRequests.dynamicPod("real-3", device, "203.0.113.9").toString(), "Sec-GPC", "1");
        String keyed = PreviewAnswer.emailIn(gateway.stub("measure").received().get(
                gateway.stub("measure").received().size() - 1).bodyText());
        assertThat(keyed).isNotNull();
        assertThat(response.body()).doesNotContain(HexFormat.of().formatHex(EMAIL_SHA256))
                .doesNotContain(Base64.getEncoder().encodeToString(EMAIL_SHA256)).doesNotContain(keyed);

        // With the caller's email, its spelling for each partner stands where the record's would.
        PreviewAnswer withEmail = PreviewAnswer.parse(gateway.preview(PreviewAnswer.body(
                AdPodRequests.dynamicPod("p-2", device, "203.0.113.9"), Map.of("Sec-GPC", "1"), null, EMAIL, null),
                GatewayHarness.OPERATOR_TOKEN).body());
        assertThat(PreviewAnswer.emailIn(withEmail.rawPayload("measure"))).isEqualTo(keyed);
    }

    @Test
    void shouldPreviewTheRuleInForceAtTheInstantAsked() {
        String device = UUID.randomUUID().toString();
        gateway.putConsent(device, new ConsentRecord(true, "US-OK", AgeBand.ADULT, null, 1, Instant.now()));
        JsonNode before = previewAt(device, "2026-12-31T23:59:59Z");
        JsonNode after = previewAt(device, "2027-01-01T00:00:00Z");
        assertThat(before.path("decidedAt").asText()).isEqualTo("2026-12-31T23:59:59Z");
        assertThat(before.path("rule").path("fallback").asBoolean()).isTrue();
        assertThat(after.path("rule").path("fallback").asBoolean()).isFalse();
        assertThat(after.path("rule").path("label").asText()).isEqualTo("US-OK@2027-01-01");
        assertThat(after.path("rule").path("effective").asText()).isEqualTo("2027-01-01");
        assertThat(after.path("rule").path("rulesVersion").asText()).endsWith("/US-OK@2027-01-01");
        assertThat(after.path("shareRecord").path("rulesVersion").asText()).endsWith("/US-OK@2027-01-01");
    }

    private static JsonNode previewAt(String device, String at) {
        HttpResponse<String> r = gateway.preview(PreviewAnswer.body(AdPodRequests.dynamicPod("p-at", device,
                "203.0.113.9"), Map.of(), null, null, at), GatewayHarness.OPERATOR_TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return PreviewAnswer.parse(r.body()).tree();
    }

    private static String bodyFor(String device, Map<String, String> headers) {
        ObjectNode request = AdPodRequests.dynamicPod("p-" + UUID.randomUUID(), device, "203.0.113.9");
        return PreviewAnswer.body(request, headers, null, null, null);
    }

    private static Map<String, Long> receivedCounts() {
        return gateway.stubs().stream().collect(Collectors.toMap(StubPartner::name, StubPartner::receivedCount));
    }

    /** Every key of this gateway but its checkpoints, which the checkpointer signs on its own schedule. */
    private static String redisWithoutCheckpoints() {
        return gateway.redisDump().lines().filter(l -> !l.contains(":checkpoints:"))
                .collect(Collectors.joining("\n"));
    }

    private static PrometheusText metrics() {
        return PrometheusText.parse(gateway.get(gateway.port(), "/metrics").body());
    }

    /** The share records the compliance API lists (each pull is audited, so this is called outside the windows). */
    private static long complianceShares() {
        HttpResponse<String> r = gateway.compliance("/compliance/v1/shares", GatewayHarness.COMPLIANCE_TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body().lines().filter(l -> !l.isBlank()).count();
    }
}
