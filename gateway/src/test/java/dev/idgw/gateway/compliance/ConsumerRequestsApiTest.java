package dev.idgw.gateway.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.gateway.support.GatewayHarness;
import dev.idgw.gateway.support.ManualClock;
import dev.idgw.gateway.support.PartnerSpec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The consumer-request records (11 CCR §7101) and their §7102 yearly metrics through the running gateway and
 * real Redis: every consent API write is one record, by pseudonym; the compliance API lists them (NDJSON, CSV,
 * ranges, pages, kind and subject), takes the requests staff answered elsewhere, and counts a year.
 */
class ConsumerRequestsApiTest {
    private static final String COMPLIANCE = GatewayHarness.COMPLIANCE_TOKEN;
    private static final String CONSENT = GatewayHarness.CONSENT_TOKEN;
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
    void shouldRecordEveryConsentWriteByPseudonym() {
        String device = UUID.randomUUID().toString();
        Instant askedThreeDaysAgo = Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        assertThat(putDevice(gateway, device, true, "").statusCode()).isEqualTo(200);
        assertThat(putDevice(gateway, device, false, "?receivedAt=" + askedThreeDaysAgo).statusCode()).isEqualTo(200);
        assertThat(gateway.internal("DELETE", "/consent/v1/devices/" + device, null, CONSENT).statusCode()).isEqualTo(204);

        HttpResponse<String> r = gateway.compliance("/compliance/v1/requests?deviceId=" + device.toUpperCase(), COMPLIANCE);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
        List<JsonObject> records = lines(r);
        assertThat(records).extracting(o -> o.getString("kind")).containsExactly("opt-in", "opt-out", "delete");
        assertThat(records).allSatisfy(o -> {
            assertThat(o.getString("via")).isEqualTo("api");
            assertThat(o.getString("subjectType")).isEqualTo("device");
            assertThat(o.getString("subject")).matches("[0-9a-f]{64}").isEqualTo(records.get(0).getString("subject"));
            assertThat(o.getString("outcome")).isEqualTo("complied");
        });
        JsonObject optOut = records.get(1);
        assertThat(optOut.getString("received")).isEqualTo(askedThreeDaysAgo.toString());
        assertThat(optOut.getDouble("daysToRespond")).isBetween(3.0, 3.01);
        assertThat(optOut.getString("jurisdiction")).isEqualTo("US-CA");
        assertThat(Instant.parse(optOut.getString("answered"))).isAfter(askedThreeDaysAgo);
        assertThat(r.body()).doesNotContain(device);
        assertThat(gateway.redisDump()).as("no raw ID stored: records, audit, nothing").doesNotContain(device)
                .doesNotContain(device.toUpperCase());
    }

    @Test
    void shouldRecordAnAccountWideChoiceWithItsDeviceCount() {
        String account = "acct-" + UUID.randomUUID();
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> put = gateway.internal("PUT", "/consent/v1/devices/" + UUID.randomUUID(),
                    "{\"adConsent\":true,\"jurisdiction\":\"US-CO\",\"ageBand\":\"adult\",\"accountId\":\"" + account + "\"}",
                    CONSENT);
            assertThat(put.statusCode()).isEqualTo(200);
        }
        gateway.internal("PUT", "/consent/v1/accounts/" + account, "{\"adConsent\":false}", CONSENT);

        List<JsonObject> records = lines(gateway.compliance("/compliance/v1/requests?accountId=" + account, COMPLIANCE));

        assertThat(records).singleElement().satisfies(o -> {
            assertThat(o.getString("kind")).isEqualTo("opt-out");
            assertThat(o.getString("via")).isEqualTo("account");
            assertThat(o.getString("subjectType")).isEqualTo("account");
            assertThat(o.getInteger("devices")).isEqualTo(2);
        });
    }

    @Test
    void shouldListByRangeKindAndPageAsNdjsonOrCsv() {
        String device = UUID.randomUUID().toString();
        for (boolean consent : new boolean[] {true, false, true}) {
            putDevice(gateway, device, consent, "");
        }
        String subject = "/compliance/v1/requests?deviceId=" + device;
        List<JsonObject> all = lines(gateway.compliance(subject, COMPLIANCE));
        assertThat(all).hasSize(3);

        HttpResponse<String> first = gateway.compliance(subject + "&limit=2", COMPLIANCE);
        assertThat(lines(first)).containsExactlyElementsOf(all.subList(0, 2));
        String cursor = first.headers().firstValue("X-Next-Cursor").orElseThrow();
        assertThat(first.headers().firstValue("Link").orElseThrow()).contains("cursor=" + cursor).contains("deviceId=");
        assertThat(lines(gateway.compliance(subject + "&limit=2&cursor=" + cursor, COMPLIANCE)))
                .containsExactly(all.get(2));

        assertThat(lines(gateway.compliance(subject + "&kind=opt-in", COMPLIANCE))).hasSize(2);
        String secondId = all.get(1).getString("id");
        long secondMs = Long.parseLong(secondId.substring(0, secondId.indexOf('-')));
        assertThat(lines(gateway.compliance(subject + "&to=" + secondMs, COMPLIANCE)))
                .as("[from, to) over the record time").allSatisfy(o -> assertThat(o.getString("id")).isNotEqualTo(secondId));
        assertThat(lines(gateway.compliance(subject + "&from=" + Instant.ofEpochMilli(secondMs), COMPLIANCE)))
                .first().isEqualTo(all.get(1));

        HttpResponse<String> csv = gateway.compliance(subject, COMPLIANCE, "Accept", "text/csv");
        assertThat(csv.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
        List<String> rows = csv.body().lines().toList();
        assertThat(rows.get(0)).isEqualTo(RequestExport.CSV_HEADER.strip());
        assertThat(rows).hasSize(4);
        assertThat(rows.get(2)).contains(",complied,").contains(",opt-out,api,device,")
                .contains(all.get(1).getString("subject"));
    }

    @Test
    void shouldTakeRequestsStaffAnsweredElsewhere() {
        String device = UUID.randomUUID().toString();
        Instant received = Instant.now().minus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        HttpResponse<String> denied = post(gateway, "{\"kind\":\"delete\",\"deviceId\":\"" + device + "\",\"jurisdiction\":"
                + "\"US-CA\",\"received\":\"" + received + "\",\"outcome\":\"denied\",\"reason\":\"could not verify the"
                + " requester\"}");

        assertThat(denied.statusCode()).as(denied.body()).isEqualTo(201);
        JsonObject stored = new JsonObject(denied.body());
        assertThat(stored.getString("via")).isEqualTo("staff");
        assertThat(stored.getString("outcome")).isEqualTo("denied");
        assertThat(stored.getString("reason")).isEqualTo("could not verify the requester");
        assertThat(stored.getDouble("daysToRespond")).isBetween(10.0, 10.01);
        assertThat(denied.body()).doesNotContain(device);
        assertThat(lines(gateway.compliance("/compliance/v1/requests?deviceId=" + device, COMPLIANCE)))
                .containsExactly(stored);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "not json",
            "{\"kind\":\"access\",\"received\":\"%R\",\"outcome\":\"complied\"}",
            "{\"kind\":\"access\",\"deviceId\":\"d-1\",\"accountId\":\"a-1\",\"received\":\"%R\",\"outcome\":\"complied\"}",
            "{\"kind\":\"sell-more\",\"deviceId\":\"d-1\",\"received\":\"%R\",\"outcome\":\"complied\"}",
            "{\"kind\":\"access\",\"deviceId\":\"d-1\",\"received\":\"2999-01-01T00:00:00Z\",\"outcome\":\"complied\"}",
            "{\"kind\":\"access\",\"deviceId\":\"d-1\",\"received\":\"2020-01-01T00:00:00Z\",\"outcome\":\"complied\"}",
            "{\"kind\":\"access\",\"deviceId\":\"d-1\",\"received\":\"%R\",\"outcome\":\"denied\"}",
            "{\"kind\":\"access\",\"deviceId\":\"d-1\",\"received\":\"%R\",\"outcome\":\"denied\",\"reason\":\"mail jane@example.com\"}",
            "{\"kind\":\"access\",\"deviceId\":\"d-1\",\"received\":\"%R\",\"outcome\":\"denied\",\"reason\":\"device D-1 unknown\"}",
            "{\"kind\":\"access\",\"deviceId\":\"d-1\",\"received\":\"%R\",\"outcome\":\"maybe\"}",
            "{\"kind\":\"access\",\"deviceId\":\"d-1\",\"received\":\"%R\",\"outcome\":\"complied\",\"email\":\"x\"}",
            "{\"kind\":\"access\",\"deviceId\":\"d-1\",\"received\":\"%R\",\"answered\":\"2026-01-01T00:00:00Z\",\"outcome\":\"complied\"}"
    })
    void shouldRefuseAStaffRecordItCannotKeepWithAProblem(String template) {
        String body = template.replace("%R", Instant.now().minus(1, ChronoUnit.DAYS).toString());
        HttpResponse<String> r = post(gateway, body);

        assertThat(r.statusCode()).as(body).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(r.body()).doesNotContain("jane@example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"year=abc", "year=2019", "year=3000"})
    void shouldRefuseAYearItCannotCount(String query) {
        HttpResponse<String> r = gateway.compliance("/compliance/v1/requests/metrics?" + query, COMPLIANCE);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(r.body()).getString("detail")).startsWith("year:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"kind=sell", "cursor=abc", "limit=0", "from=yesterday", "deviceId=a&accountId=b"})
    void shouldRefuseAListingItCannotAnswer(String query) {
        assertThat(gateway.compliance("/compliance/v1/requests?" + query, COMPLIANCE).statusCode()).isEqualTo(400);
    }

    @Test
    void shouldAnswerOnlyTheComplianceRole() {
        assertThat(gateway.compliance("/compliance/v1/requests", null).statusCode()).isEqualTo(401);
        assertThat(gateway.compliance("/compliance/v1/requests", CONSENT).statusCode()).isEqualTo(403);
        assertThat(gateway.internal("POST", "/compliance/v1/requests", "{}", CONSENT).statusCode()).isEqualTo(403);
        assertThat(gateway.compliance("/compliance/v1/requests/metrics", "wrong").statusCode()).isEqualTo(401);
    }

    @Test
    void shouldRefuseAReceivedTimeTheConsentApiCannotRecord() {
        String device = UUID.randomUUID().toString();
        HttpResponse<String> r = putDevice(gateway, device, true, "?receivedAt=last-week");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(r.body()).getString("detail")).startsWith("receivedAt:");
        assertThat(gateway.internal("GET", "/consent/v1/devices/" + device, null, CONSENT).statusCode())
                .as("nothing written").isEqualTo(404);
    }

    /** A gateway of its own, so that its counts are exactly what this test wrote. */
    @Test
    void shouldCountTheYearPerKindAsSection7102Asks() {
        try (GatewayHarness own = GatewayHarness.builder().partner(PartnerSpec.allFields("alpha")).start()) {
            Instant now = Instant.now();
            int year = now.atOffset(ZoneOffset.UTC).getYear();
            Instant received = now.minus(2, ChronoUnit.DAYS);
            boolean sameYear = received.atOffset(ZoneOffset.UTC).getYear() == year;
            putDevice(own, UUID.randomUUID().toString(), false, "");
            putDevice(own, UUID.randomUUID().toString(), false, "?receivedAt=" + received);
            putDevice(own, UUID.randomUUID().toString(), true, "");
            assertThat(post(own, "{\"kind\":\"access\",\"deviceId\":\"d-7\",\"received\":\"" + now.minus(1, ChronoUnit.HOURS)
                    + "\",\"outcome\":\"complied\"}").statusCode()).isEqualTo(201);
            assertThat(post(own, "{\"kind\":\"delete\",\"accountId\":\"a-7\",\"received\":\"" + now.minus(1, ChronoUnit.HOURS)
                    + "\",\"outcome\":\"denied\",\"reason\":\"not verified\"}").statusCode()).isEqualTo(201);

            HttpResponse<String> r = own.compliance("/compliance/v1/requests/metrics?year=" + year, COMPLIANCE);

            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonObject metrics = new JsonObject(r.body());
            assertThat(metrics.getInteger("year")).isEqualTo(year);
            JsonObject optOut = kind(metrics.getJsonArray("kinds"), "opt-out");
            assertThat(optOut.getInteger("received")).isEqualTo(sameYear ? 2 : 1);
            assertThat(optOut.getInteger("complied")).isEqualTo(sameYear ? 2 : 1);
            assertThat(optOut.getInteger("denied")).isZero();
            assertThat(optOut.getDouble("medianDaysToRespond")).isEqualTo(sameYear ? 1.0 : 0.0);
            assertThat(kind(metrics.getJsonArray("kinds"), "opt-in").getInteger("received")).isEqualTo(1);
            assertThat(kind(metrics.getJsonArray("kinds"), "access").getDouble("medianDaysToRespond")).isEqualTo(0.04);
            JsonObject delete = kind(metrics.getJsonArray("kinds"), "delete");
            assertThat(delete.getInteger("denied")).isEqualTo(1);
            assertThat(delete.getInteger("complied")).isZero();
            assertThat(kind(metrics.getJsonArray("kinds"), "limit").getValue("medianDaysToRespond")).isNull();

            HttpResponse<String> csv = own.compliance("/compliance/v1/requests/metrics?year=" + year, COMPLIANCE,
                    "Accept", "text/csv");
            assertThat(csv.body().lines()).contains(year + ",delete,1,0,1,0.04", year + ",limit,0,0,0,");
            assertThat(own.compliance("/compliance/v1/requests/metrics?year=" + (year - 1), COMPLIANCE).body())
                    .contains("\"received\" : " + (sameYear ? 0 : 1));
        }
    }

    /** 24 months kept: a record older than that before the gateway's clock goes with the next write, a younger one stays. */
    @Test
    void shouldKeepTwentyFourMonthsOfRecords() {
        Instant start = Instant.now();
        ManualClock clock = new ManualClock(start);
        try (GatewayHarness own = GatewayHarness.builder().partner(PartnerSpec.allFields("alpha")).clock(clock).start()) {
            String old = UUID.randomUUID().toString();
            putDevice(own, old, true, "");
            clock.set(start.atOffset(ZoneOffset.UTC).plusMonths(23).toInstant());
            String younger = UUID.randomUUID().toString();
            putDevice(own, younger, true, "");
            assertThat(lines(own.compliance("/compliance/v1/requests", COMPLIANCE))).hasSize(2);

            clock.set(start.atOffset(ZoneOffset.UTC).plusMonths(24).plusDays(1).toInstant());
            putDevice(own, UUID.randomUUID().toString(), true, "");

            List<JsonObject> kept = lines(own.compliance("/compliance/v1/requests", COMPLIANCE));
            assertThat(kept).hasSize(2);
            assertThat(lines(own.compliance("/compliance/v1/requests?deviceId=" + old, COMPLIANCE))).isEmpty();
            assertThat(lines(own.compliance("/compliance/v1/requests?deviceId=" + younger, COMPLIANCE))).hasSize(1);
        }
    }

    private static JsonObject kind(JsonArray kinds, String kind) {
        for (int i = 0; i < kinds.size(); i++) {
            if (kinds.getJsonObject(i).getString("kind").equals(kind)) {
                return kinds.getJsonObject(i);
            }
        }
        throw new AssertionError("no " + kind + " in " + kinds.encode());
    }

    private static HttpResponse<String> putDevice(GatewayHarness on, String device, boolean consent, String query) {
        return on.internal("PUT", "/consent/v1/devices/" + device + query,
                "{\"adConsent\":" + consent + ",\"jurisdiction\":\"US-CA\",\"ageBand\":\"adult\"}", CONSENT);
    }

    private static HttpResponse<String> post(GatewayHarness on, String body) {
        return on.internal("POST", "/compliance/v1/requests", body, COMPLIANCE);
    }

    private static List<JsonObject> lines(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body().lines().map(JsonObject::new).toList();
    }
}
