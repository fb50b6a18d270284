package dev.idgw.gateway.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.gateway.consent.AgeBand;
import dev.idgw.gateway.consent.ConsentRecord;
import dev.idgw.gateway.support.AdPodRequests;
import dev.idgw.gateway.support.GatewayHarness;
import dev.idgw.gateway.support.PartnerSpec;
import dev.idgw.partners.Field;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What people read, beside what scripts parse: the readable view, CSV for every table, a device ID in any
 * spelling, an account's report, disclosures per state, the pull audit, the archive listing and the console's
 * session call, through the running gateway with real shares in real Redis.
 */
class ComplianceViewsTest {
    private static final String TOKEN = GatewayHarness.COMPLIANCE_TOKEN;
    private static final String DEVICE = "6f1c2d3e-0000-4000-8000-" + UUID.randomUUID().toString().substring(24);
    private static final String COLORADAN = UUID.randomUUID().toString();
    private static final String ACCOUNT = "acct-" + UUID.randomUUID();
    private static GatewayHarness gateway;

    @BeforeAll
    static void seedAndSend() {
        gateway = GatewayHarness.builder().partner(PartnerSpec.allFields("alpha"))
                .partner(PartnerSpec.serviceProvider("bravo", EnumSet.of(Field.IP))).start();
        HttpResponse<String> linked = gateway.internal("PUT", "/consent/v1/devices/" + DEVICE,
                "{\"adConsent\":true,\"jurisdiction\":\"US-CA\",\"ageBand\":\"adult\",\"accountId\":\"" + ACCOUNT + "\"}",
                GatewayHarness.CONSENT_TOKEN);
        assertThat(linked.statusCode()).isEqualTo(200);
        gateway.putConsent(COLORADAN, new ConsentRecord(true, "US-CO", AgeBand.ADULT, null, 1, Instant.now()));
        for (int i = 0; i < 3; i++) {
            send(DEVICE, false);
            send(COLORADAN, false);
        }
        send(DEVICE, true); // GPC: third parties stripped, the service provider still gets the IP
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void shouldFindADeviceInAnyCommonSpelling() {
        String bare = DEVICE.replace("-", "").toUpperCase();
        for (String spelling : List.of(DEVICE, DEVICE.toUpperCase(), bare, "{" + DEVICE + "}", "urn:uuid:" + DEVICE)) {
            assertThat(lines(gateway.compliance("/compliance/v1/subjects/" + encode(spelling) + "/shares", TOKEN)))
                    .as(spelling).hasSize(4);
        }
    }

    @Test
    void shouldAnswerInWordsWithTheReadableView() {
        List<JsonObject> records = lines(gateway.compliance("/compliance/v1/subjects/" + DEVICE + "/shares?view=readable",
                TOKEN));
        assertThat(records).hasSize(4);
        JsonObject first = records.get(0);
        assertThat(Instant.parse(first.getString("time"))).isBefore(Instant.now());
        assertThat(first.getString("jurisdiction")).isEqualTo("US-CA");
        assertThat(first.getString("jurisdictionName")).isEqualTo("California");
        assertThat(first.getJsonArray("recipients").getJsonObject(0).getJsonArray("identityFieldsSent").getList())
                .isNotEmpty();
        JsonObject gpc = records.get(3);
        assertThat(gpc.getJsonArray("restrictingSignals").getJsonObject(0).getString("code")).isEqualTo("gpc");
        assertThat(gpc.getJsonArray("restrictingSignals").getJsonObject(0).getString("meaning"))
                .contains("Global Privacy Control");
        assertThat(records).allSatisfy(r -> assertThat(r.encode()).doesNotContain(DEVICE));
        assertThat(gateway.compliance("/compliance/v1/shares?view=pretty", TOKEN).statusCode()).isEqualTo(400);
    }

    @Test
    void shouldAnswerEveryShareTableInCsvWithTheRestrictingSignals() {
        HttpResponse<String> csv = gateway.compliance("/compliance/v1/subjects/" + DEVICE + "/shares", TOKEN,
                "Accept", "text/csv");
        assertThat(csv.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
        List<String> rows = csv.body().lines().toList();
        assertThat(rows.get(0)).endsWith(",config_version,restricting_signals");
        assertThat(rows).filteredOn(r -> r.contains(",bravo,")).anySatisfy(r -> assertThat(r).endsWith(",gpc"));
        assertThat(rows).hasSize(1 + 3 * 2 + 1); // 3 requests to both partners, the GPC one to bravo only
        assertThat(csv.body()).doesNotContain(DEVICE);
    }

    @Test
    void shouldFilterByStateAndCountDisclosuresPerState() {
        List<JsonObject> colorado = lines(gateway.compliance("/compliance/v1/shares?state=US-CO&view=readable", TOKEN));
        assertThat(colorado).hasSize(3).allSatisfy(r -> assertThat(r.getString("jurisdictionName")).isEqualTo("Colorado"));

        JsonObject california = new JsonObject(gateway.compliance("/compliance/v1/disclosures?state=US-CA", TOKEN).body());
        assertThat(california.getString("stateName")).isEqualTo("California");
        assertThat(california.encode()).doesNotContain("US-CO");
        HttpResponse<String> csv = gateway.compliance("/compliance/v1/disclosures?state=US-CA", TOKEN, "Accept", "text/csv");
        List<String> rows = csv.body().lines().toList();
        assertThat(rows.get(0)).startsWith("period_from,period_to,state,personal_information_category");
        assertThat(rows).hasSizeGreaterThan(1);
        assertThat(rows.subList(1, rows.size())).allSatisfy(r -> assertThat(r).contains(",US-CA,"));
        long soldOrShared = rows.subList(1, rows.size()).stream()
                .mapToLong(r -> Long.parseLong(r.split(",")[5])).sum();
        assertThat(soldOrShared).as("alpha got identity 3 times in California, per category").isPositive();
    }

    @Test
    void shouldReportAnAccountThroughItsLinkedDevices() {
        List<JsonObject> records = lines(gateway.compliance("/compliance/v1/accounts/" + ACCOUNT + "/shares?view=readable",
                TOKEN));
        assertThat(records).hasSize(4);
        assertThat(lines(gateway.compliance("/compliance/v1/accounts/acct-nobody/shares", TOKEN))).isEmpty();
        assertThat(gateway.compliance("/compliance/v1/accounts/" + encode("a b") + "/shares", TOKEN).statusCode())
                .isEqualTo(400);
    }

    @Test
    void shouldListWhoPulledWhatWithoutTheSubjectsId() {
        gateway.compliance("/compliance/v1/subjects/" + DEVICE + "/shares", TOKEN);
        List<JsonObject> pulls = lines(gateway.compliance("/compliance/v1/audit", TOKEN));
        assertThat(pulls).anySatisfy(p -> {
            assertThat(p.getString("endpoint")).isEqualTo("subject");
            assertThat(p.getString("token")).isEqualTo("auditor");
            assertThat(p.getString("query")).startsWith("subject=").doesNotContain(DEVICE);
        });
        assertThat(gateway.compliance("/compliance/v1/audit", TOKEN, "Accept", "text/csv").body())
                .startsWith("time,token,endpoint,query,entries");
    }

    @Test
    void shouldExplainAVerificationInWordsAndListTheArchive() {
        JsonObject verified = new JsonObject(gateway.compliance("/compliance/v1/verify", TOKEN).body());
        assertThat(verified.getBoolean("ok")).isTrue();
        dev.idgw.testkit.wait.Eventually.eventually(java.time.Duration.ofSeconds(10), () -> {
            List<String> rows = gateway.compliance("/compliance/v1/checkpoints", TOKEN, "Accept", "text/csv").body()
                    .lines().toList();
            assertThat(rows.get(0)).isEqualTo("writer,seq,head,time,key,signature");
            assertThat(rows).as("a row per checkpoint (one a second)").hasSizeGreaterThan(1);
        });
        JsonObject archive = new JsonObject(gateway.compliance("/compliance/v1/archive", TOKEN).body());
        assertThat(archive.getJsonArray("writers")).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {GatewayHarness.COMPLIANCE_TOKEN, GatewayHarness.CONSENT_TOKEN})
    void shouldTellTheConsoleWhoATokenIs(String token) {
        HttpResponse<String> r = gateway.internal("GET", "/internal/v1/session", null, token);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject who = new JsonObject(r.body());
        assertThat(who.getString("name")).isIn("auditor", "consent-service");
        assertThat(who.getJsonArray("roles").getList()).hasSize(1);
        assertThat(gateway.internal("GET", "/internal/v1/session", null, "wrong").statusCode()).isEqualTo(401);
    }

    @Test
    void shouldServeTheConsoleWithAStrictPolicy() {
        HttpResponse<String> page = gateway.get(gateway.compliancePort(), "/console/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("compliance console");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("script-src 'self'").contains("frame-ancestors 'none'"));
        assertThat(gateway.get(gateway.compliancePort(), "/console/console.js").statusCode()).isEqualTo(200);
        assertThat(gateway.get(gateway.port(), "/console/").statusCode()).as("never on the player port").isEqualTo(404);
    }

    private static void send(String device, boolean gpc) {
        String body = AdPodRequests.dynamicPod("v-" + UUID.randomUUID(), device, "203.0.113.9").toString();
        assertThat((gpc ? gateway.post(body, "Sec-GPC", "1") : gateway.post(body)).statusCode()).isIn(200, 204);
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static List<JsonObject> lines(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body().lines().map(JsonObject::new).toList();
    }
}
