package dev.idgw.gateway.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.idgw.gateway.consent.AgeBand;
import dev.idgw.gateway.consent.ConsentRecord;
import dev.idgw.gateway.support.AdPodRequests;
import dev.idgw.gateway.support.GatewayHarness;
import dev.idgw.gateway.support.PartnerSpec;
import dev.idgw.keys.KeyedHasher;
import dev.idgw.partners.Field;
import dev.idgw.testkit.partner.ReceivedRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The compliance listener against a seeded run: what it reports must match what the stub partners
 * actually received, pages must neither skip nor repeat, and only a compliance token gets in.
 */
class ComplianceApiTest {
    private static final int REQUESTS = 80;
    private static GatewayHarness gateway;
    private static final List<String> CALIFORNIANS = new ArrayList<>();
    private static final List<String> COLORADANS = new ArrayList<>();

    @BeforeAll
    static void seedAndSend() {
        gateway = GatewayHarness.builder()
                .partner(PartnerSpec.allFields("alpha"))
                .partner(PartnerSpec.serviceProvider("bravo", EnumSet.of(Field.IP)))
                .start();
        for (int i = 0; i < 6; i++) {
            CALIFORNIANS.add(device("US-CA", true));
            COLORADANS.add(device("US-CO", true));
        }
        String denied = device("US-CA", false);
        for (int i = 0; i < REQUESTS; i++) {
            String device = i % 10 == 9 ? denied : (i % 2 == 0 ? CALIFORNIANS : COLORADANS).get(i % 6);
            assertThat(gateway.post(AdPodRequests.dynamicPod("c-" + i, device, "203.0.113." + (i + 1)).toString())
                    .statusCode()).isIn(200, 204);
        }
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void shouldRefuseRequestsWithoutACompliantToken() {
        HttpResponse<String> none = gateway.compliance("/compliance/v1/shares", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(new JsonObject(none.body()).getInteger("status")).isEqualTo(401);
        assertThat(gateway.compliance("/compliance/v1/shares", "wrong-token").statusCode()).isEqualTo(401);
        assertThat(gateway.compliance("/compliance/v1/verify", GatewayHarness.CONSENT_TOKEN).statusCode()).isEqualTo(403);
    }

    @Test
    void shouldNotServeComplianceOnThePlayerPort() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        "http://127.0.0.1:" + gateway.port() + "/compliance/v1/shares"))
                .header("Authorization", "Bearer " + GatewayHarness.COMPLIANCE_TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).doesNotContain("\"subj\"");
    }

    @Test
    void shouldExportOneNdjsonLinePerRecordAndMatchWhatPartnersReceived() throws Exception {
        List<JsonNode> lines = ndjson(gateway.compliance("/compliance/v1/shares?limit=10000", GatewayHarness.COMPLIANCE_TOKEN));
        Set<String> recordedRequests = new HashSet<>();
        for (JsonNode line : lines) {
            assertThat(line.path("h").asText()).matches("[0-9a-f]{64}");
            recordedRequests.add(line.path("rid").asText());
        }
        Set<String> identityRequests = new HashSet<>();
        for (ReceivedRequest r : gateway.stub("alpha").received()) {
            JsonNode payload = AdPodRequests.JSON.readTree(r.bodyText());
            if (payload.path("device").has("ifa")) {
                identityRequests.add(payload.path("id").asText());
            }
        }
        assertThat(identityRequests).isNotEmpty();
        assertThat(recordedRequests).isEqualTo(identityRequests);
    }

    @Test
    void shouldPageThroughEveryEntryExactlyOnce() {
        List<String> all = uids(ndjson(gateway.compliance("/compliance/v1/shares?limit=10000",
                GatewayHarness.COMPLIANCE_TOKEN)));
        List<String> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            HttpResponse<String> r = gateway.compliance("/compliance/v1/shares?limit=7"
                    + (cursor == null ? "" : "&cursor=" + cursor), GatewayHarness.COMPLIANCE_TOKEN);
            assertThat(r.statusCode()).isEqualTo(200);
            paged.addAll(uids(ndjson(r)));
            cursor = r.headers().firstValue("X-Next-Cursor").orElse(null);
            pages++;
        } while (cursor != null && pages < 100);
        assertThat(paged).containsExactlyElementsOf(all);
        assertThat(pages).isGreaterThan(3);
    }

    @Test
    void shouldExportCsvWithOneRowPerPartner() {
        HttpResponse<String> csv = gateway.compliance("/compliance/v1/shares?limit=10000", GatewayHarness.COMPLIANCE_TOKEN,
                "Accept", "text/csv");
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        String[] rows = csv.body().split("\n");
        assertThat(rows[0]).startsWith("time,writer,seq,request_id,subject");
        int partnerEntries = 0;
        for (JsonNode line : ndjson(gateway.compliance("/compliance/v1/shares?limit=10000",
                GatewayHarness.COMPLIANCE_TOKEN))) {
            partnerEntries += line.path("p").size();
        }
        assertThat(rows.length - 1).isEqualTo(partnerEntries);
        assertThat(csv.body()).doesNotContain(CALIFORNIANS.get(0)).doesNotContain("203.0.113.1,");
    }

    @Test
    void shouldFilterByPartner() {
        List<JsonNode> bravo = ndjson(gateway.compliance("/compliance/v1/shares?partner=bravo&limit=10000",
                GatewayHarness.COMPLIANCE_TOKEN));
        assertThat(bravo).isNotEmpty().allSatisfy(line -> assertThat(line.path("p").toString()).contains("\"bravo\""));
        assertThat(ndjson(gateway.compliance("/compliance/v1/shares?partner=nobody", GatewayHarness.COMPLIANCE_TOKEN)))
                .isEmpty();
    }

    @Test
    void shouldAnswerASubjectsRightToKnowByPseudonym() {
        String device = CALIFORNIANS.get(0);
        String pseudonym = new KeyedHasher(gateway.app().keys().hmacKey()).hex(device);
        List<JsonNode> lines = ndjson(gateway.compliance("/compliance/v1/subjects/" + device.toUpperCase() + "/shares",
                GatewayHarness.COMPLIANCE_TOKEN));
        assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(l.path("subj").asText()).isEqualTo(pseudonym));
        long expected = gateway.stub("alpha").received().stream().filter(r -> r.bodyText().contains(device)).count();
        assertThat(lines).hasSize((int) expected);
        assertThat(ndjson(gateway.compliance("/compliance/v1/subjects/" + UUID.randomUUID() + "/shares",
                GatewayHarness.COMPLIANCE_TOKEN))).isEmpty();
    }

    @Test
    void shouldPublishDisclosuresThatMatchWhatPartnersReceived() throws Exception {
        JsonObject table = new JsonObject(gateway.compliance("/compliance/v1/disclosures",
                GatewayHarness.COMPLIANCE_TOKEN).body());
        JsonObject identifiers = table.getJsonArray("categories").getJsonObject(0);
        assertThat(identifiers.getString("piCategory")).isEqualTo("identifiers");
        Map<String, Long> sharedByState = countByState(identifiers.getJsonArray("soldOrSharedTo"), "alpha");
        Map<String, Long> disclosedByState = countByState(identifiers.getJsonArray("disclosedTo"), "bravo");
        Map<String, Long> actual = new HashMap<>();
        for (ReceivedRequest r : gateway.stub("alpha").received()) {
            JsonNode payload = AdPodRequests.JSON.readTree(r.bodyText());
            String ifa = payload.path("device").path("ifa").asText(null);
            if (ifa != null) {
                actual.merge(CALIFORNIANS.contains(ifa) ? "US-CA" : "US-CO", 1L, Long::sum);
            }
        }
        assertThat(sharedByState).isEqualTo(actual);
        assertThat(disclosedByState).isEqualTo(actual); // bravo got the IP on exactly the same requests
    }

    @Test
    void shouldVerifyTheChainAndServeSignedCheckpoints() {
        gateway.app().checkpointer().checkpoint(gateway.app().shareLogHead()).toCompletionStage().toCompletableFuture().join();
        JsonObject verify = new JsonObject(gateway.compliance("/compliance/v1/verify", GatewayHarness.COMPLIANCE_TOKEN).body());
        assertThat(verify.getBoolean("ok")).as(verify.encode()).isTrue();
        JsonObject writer = verify.getJsonArray("writers").getJsonObject(0);
        assertThat(writer.getLong("entries")).isPositive();
        assertThat(writer.getLong("checkpoints")).isPositive();
        List<JsonNode> checkpoints = ndjson(gateway.compliance("/compliance/v1/checkpoints", GatewayHarness.COMPLIANCE_TOKEN));
        assertThat(checkpoints).isNotEmpty().allSatisfy(c -> assertThat(c.path("sig").asText()).isNotBlank());
        JsonObject jwks = new JsonObject(gateway.compliance("/compliance/v1/keys", GatewayHarness.COMPLIANCE_TOKEN).body());
        assertThat(jwks.getJsonArray("keys").getJsonObject(0).getString("kty")).isEqualTo("OKP");
    }

    @Test
    void shouldRejectBadQueryParameters() {
        assertThat(gateway.compliance("/compliance/v1/shares?limit=0", GatewayHarness.COMPLIANCE_TOKEN).statusCode())
                .isEqualTo(400);
        assertThat(gateway.compliance("/compliance/v1/shares?from=yesterday", GatewayHarness.COMPLIANCE_TOKEN)
                .statusCode()).isEqualTo(400);
        assertThat(gateway.compliance("/compliance/v1/shares?cursor=bm90LWEtY3Vyc29y", GatewayHarness.COMPLIANCE_TOKEN)
                .statusCode()).isEqualTo(400);
    }

    private static Map<String, Long> countByState(JsonArray recipients, String partner) {
        Map<String, Long> out = new HashMap<>();
        for (int i = 0; i < recipients.size(); i++) {
            JsonArray partners = recipients.getJsonObject(i).getJsonArray("partners");
            for (int j = 0; j < partners.size(); j++) {
                JsonObject p = partners.getJsonObject(j);
                if (p.getString("partner").equals(partner)) {
                    p.getJsonObject("byState").forEach(e -> out.put(e.getKey(), ((Number) e.getValue()).longValue()));
                }
            }
        }
        return out;
    }

    private static String device(String jurisdiction, boolean consent) {
        String id = UUID.randomUUID().toString();
        gateway.putConsent(id, new ConsentRecord(consent, jurisdiction, AgeBand.ADULT, null, 1, Instant.now()));
        return id;
    }

    private static List<JsonNode> ndjson(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        for (String line : r.body().split("\n")) {
            if (!line.isBlank()) {
                try {
                    out.add(AdPodRequests.JSON.readTree(line));
                } catch (Exception e) {
                    throw new AssertionError("not JSON: " + line, e);
                }
            }
        }
        return out;
    }

    private static List<String> uids(List<JsonNode> lines) {
        return lines.stream().map(l -> l.path("uid").asText()).toList();
    }
}
