package dev.idgw.gateway.consentapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.gateway.support.AdPodRequests;
import dev.idgw.gateway.support.GatewayHarness;
import dev.idgw.gateway.support.PartnerSpec;
import dev.idgw.testkit.partner.ReceivedRequest;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The consent API through the running gateway: writes take effect on the very next ad request. */
class ConsentApiTest {
    private static final String TOKEN = GatewayHarness.CONSENT_TOKEN;
    private static GatewayHarness gateway;

    @BeforeAll
    static void start() {
        gateway = GatewayHarness.builder().partner(PartnerSpec.allFields("alpha")).start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void shouldStoreConsentAndApplyItToTheNextAdRequest() throws Exception {
        String device = UUID.randomUUID().toString();
        HttpResponse<String> put = put(device, "{\"adConsent\":true,\"jurisdiction\":\"US-CA\",\"ageBand\":\"adult\","
                + "\"email\":\"  Jane.Doe+tv@GMAIL.com \"}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        JsonObject view = new JsonObject(put.body());
        assertThat(view.getBoolean("emailHashHeld")).isTrue();
        assertThat(view.getLong("version")).isEqualTo(1L);
        assertThat(put.body()).doesNotContain("@").doesNotContain("jane");

        String payload = adRequest(device);
        String expectedHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest("janedoe@gmail.com".getBytes(StandardCharsets.UTF_8)));
        assertThat(payload).contains(device).contains(expectedHash);

        assertThat(put(device, "{\"adConsent\":false,\"jurisdiction\":\"US-CA\",\"ageBand\":\"adult\"}").statusCode())
                .isEqualTo(200);
        assertThat(adRequest(device)).as("withdrawn on the very next request").doesNotContain(device)
                .doesNotContain(expectedHash);
        assertThat(new JsonObject(get(device).body()).getLong("version")).isEqualTo(2L);
    }

    @Test
    void shouldNeverStoreOrReturnTheRawEmail() {
        String device = UUID.randomUUID().toString();
        put(device, "{\"adConsent\":true,\"jurisdiction\":\"US-VA\",\"ageBand\":\"adult\",\"email\":\"secret.person@example.org\"}");
        assertThat(get(device).body()).doesNotContain("secret").doesNotContain("@");
        assertThat(gateway.redisDump()).doesNotContain("secret.person").doesNotContain("@example.org")
                .doesNotContain("consent-requests " + device);
    }

    @Test
    void shouldForgetADeletedDevice() {
        String device = UUID.randomUUID().toString();
        put(device, "{\"adConsent\":true,\"jurisdiction\":\"US-CA\",\"ageBand\":\"adult\"}");
        assertThat(adRequest(device)).contains(device);
        assertThat(gateway.internal("DELETE", "/consent/v1/devices/" + device, null, TOKEN).statusCode()).isEqualTo(204);
        assertThat(get(device).statusCode()).isEqualTo(404);
        assertThat(adRequest(device)).doesNotContain(device);
    }

    @Test
    void shouldApplyAnAccountWideChoiceToEveryDevice() {
        String account = "acct-" + UUID.randomUUID();
        List<String> devices = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString());
        for (String d : devices) {
            put(d, "{\"adConsent\":true,\"jurisdiction\":\"US-CO\",\"ageBand\":\"adult\",\"accountId\":\"" + account + "\"}");
            assertThat(adRequest(d)).contains(d);
        }
        HttpResponse<String> r = gateway.internal("PUT", "/consent/v1/accounts/" + account, "{\"adConsent\":false}", TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(new JsonObject(r.body()).getLong("devicesUpdated")).isEqualTo(2L);
        for (String d : devices) {
            assertThat(adRequest(d)).doesNotContain(d);
            assertThat(new JsonObject(get(d).body()).getBoolean("adConsent")).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "nope", "[]", "{}", "{\"adConsent\":\"yes\",\"jurisdiction\":\"US-CA\",\"ageBand\":\"adult\"}",
        "{\"adConsent\":true,\"jurisdiction\":\"california\",\"ageBand\":\"adult\"}",
        "{\"adConsent\":true,\"jurisdiction\":\"US-CA\",\"ageBand\":\"teen\"}",
        "{\"adConsent\":true,\"jurisdiction\":\"US-CA\",\"ageBand\":\"adult\",\"email\":\"not-an-email\"}",
        "{\"adConsent\":true,\"jurisdiction\":\"US-CA\",\"ageBand\":\"adult\",\"adconsent\":false}",
        "{\"adConsent\":true,\"jurisdiction\":\"US-CA\",\"ageBand\":\"adult\",\"email\":42}"})
    void shouldRejectBadBodiesNamingTheField(String body) {
        HttpResponse<String> r = put(UUID.randomUUID().toString(), body);
        assertThat(r.statusCode()).isEqualTo(400);
        JsonObject problem = new JsonObject(r.body());
        assertThat(problem.getInteger("status")).isEqualTo(400);
        assertThat(problem.getString("detail")).doesNotContain("not-an-email");
    }

    @Test
    void shouldNameAnUnknownFieldButNotRepeatOneShapedLikeAnEmail() {
        HttpResponse<String> typo = put(UUID.randomUUID().toString(),
                "{\"adConsent\":true,\"jurisdiction\":\"US-CA\",\"ageBand\":\"adult\",\"adconsent\":false}");
        assertThat(typo.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(typo.body()).getString("detail")).startsWith("unknown field 'adconsent' (allowed: ");

        HttpResponse<String> smuggled = put(UUID.randomUUID().toString(),
                "{\"adConsent\":true,\"jurisdiction\":\"US-CA\",\"ageBand\":\"adult\",\"viewer@mail.example\":1}");
        assertThat(smuggled.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(smuggled.body()).getString("detail")).contains("unknown field (not a plain name)")
                .doesNotContain("viewer@mail.example");
    }

    @Test
    void shouldRejectOversizeBodiesAndMissingOrWrongTokens() {
        String device = UUID.randomUUID().toString();
        String big = "{\"adConsent\":true,\"jurisdiction\":\"US-CA\",\"ageBand\":\"adult\",\"email\":\"" + "a".repeat(20_000) + "\"}";
        assertThat(put(device, big).statusCode()).isEqualTo(413);
        assertThat(gateway.internal("GET", "/consent/v1/devices/" + device, null, null).statusCode()).isEqualTo(401);
        assertThat(gateway.internal("GET", "/consent/v1/devices/" + device, null, "nope").statusCode()).isEqualTo(401);
        assertThat(gateway.internal("GET", "/consent/v1/devices/" + device, null, GatewayHarness.COMPLIANCE_TOKEN)
                .statusCode()).isEqualTo(403);
        assertThat(gateway.internal("POST", "/consent/v1/devices/" + device, "{}", TOKEN).statusCode()).isEqualTo(405);
    }

    @Test
    void shouldKeepConsentRequestRecordsByPseudonymOnly() {
        String device = UUID.randomUUID().toString();
        put(device, "{\"adConsent\":false,\"jurisdiction\":\"US-CT\",\"ageBand\":\"adult\"}");
        String dump = gateway.redisDump();
        String requests = dump.lines().filter(l -> l.contains(":consent-requests ")).findFirst().orElse("");
        assertThat(requests).contains("kind=opt-out").contains("via=api").doesNotContain(device);
    }

    /**
     * With the consent cache on, every change made through the API must be in force on the very next ad
     * request: random grants, withdrawals, deletions and account-wide choices, each followed at once by
     * a request that is served from the cache whenever the cache still holds the device.
     */
    @Test
    void shouldApplyEveryRandomChangeToTheVeryNextRequestThroughTheCache() {
        java.util.Random random = new java.util.Random(7);
        String account = "acct-" + UUID.randomUUID();
        String device = UUID.randomUUID().toString();
        boolean shared = false;
        for (int round = 0; round < 60; round++) {
            switch (random.nextInt(5)) {
                case 0, 1 -> {
                    shared = random.nextBoolean();
                    assertThat(put(device, "{\"adConsent\":" + shared + ",\"jurisdiction\":\"US-CA\",\"ageBand\":\"adult\","
                            + "\"accountId\":\"" + account + "\"}").statusCode()).isEqualTo(200);
                }
                case 2 -> {
                    gateway.internal("DELETE", "/consent/v1/devices/" + device, null, TOKEN);
                    shared = false;
                    // the device left the account with its record; put it back next time it is written
                }
                default -> {
                    boolean choice = random.nextBoolean();
                    HttpResponse<String> r = gateway.internal("PUT", "/consent/v1/accounts/" + account,
                            "{\"adConsent\":" + choice + "}", TOKEN);
                    assertThat(r.statusCode()).isEqualTo(200);
                    if (new JsonObject(r.body()).getLong("devicesUpdated") > 0) {
                        shared = choice;
                    }
                }
            }
            String payload = adRequest(device);
            if (shared) {
                assertThat(payload).as("round %d: consent in force", round).contains(device);
            } else {
                assertThat(payload).as("round %d: no consent, no identity", round).doesNotContain(device);
            }
            // A second request is the one most likely to be answered from the cache.
            assertThat(adRequest(device).contains(device)).as("round %d, cached", round).isEqualTo(shared);
        }
    }

    private static HttpResponse<String> put(String device, String body) {
        return gateway.internal("PUT", "/consent/v1/devices/" + device, body, TOKEN);
    }

    private static HttpResponse<String> get(String device) {
        return gateway.internal("GET", "/consent/v1/devices/" + device, null, TOKEN);
    }

    private static String adRequest(String device) {
        gateway.stub("alpha").clearReceived();
        gateway.post(AdPodRequests.dynamicPod("c-" + UUID.randomUUID(), device, "203.0.113.50").toString());
        List<ReceivedRequest> received = gateway.stub("alpha").received();
        assertThat(received).hasSize(1);
        return received.get(0).bodyText();
    }
}
