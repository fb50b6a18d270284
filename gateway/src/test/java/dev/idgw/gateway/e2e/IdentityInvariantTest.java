package dev.idgw.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.idgw.gateway.consent.AgeBand;
import dev.idgw.gateway.consent.ConsentRecord;
import dev.idgw.gateway.sharelog.ShareEntry;
import dev.idgw.gateway.sharelog.ShareRecord;
import dev.idgw.gateway.support.AdPodRequests;
import dev.idgw.gateway.support.GatewayHarness;
import dev.idgw.gateway.support.PartnerSpec;
import dev.idgw.partners.EmailHashFormat;
import dev.idgw.partners.Field;
import dev.idgw.partners.PartnerRole;
import dev.idgw.partners.StrippedIpHandling;
import dev.idgw.testkit.partner.ReceivedRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Invariants 1–4 through the running gateway: thousands of generated (consent record, signals,
 * player junk) cases, each sent as an ad request to four partners with different profiles. What the
 * stub partners actually received is then checked against an oracle written apart from the decider,
 * and against the share log. Seed: {@code -Didgw.seed=N} replays a run.
 */
class IdentityInvariantTest {
    private static final int CASES = Integer.getInteger("idgw.cases", 1500);
    private static final long SEED = Long.getLong("idgw.seed", System.nanoTime());
    private static final List<String> JURISDICTIONS = List.of("US-CA", "US-VA", "US-CO", "GB", "US-WA");
    private static final List<String> US_PRIVACY = List.of("1YNN", "1YYN", "1---", "1NNN", "garbage", "1YY");

    private static GatewayHarness gateway;
    private static final List<PartnerSpec> PARTNERS = List.of(
            PartnerSpec.thirdParty("alpha", EnumSet.allOf(Field.class)).withStrippedIp(StrippedIpHandling.TRUNCATE),
            PartnerSpec.thirdParty("bravo", EnumSet.of(Field.DEVICE_ID, Field.IP))
                    .withEmailFormat(EmailHashFormat.SHA256_BASE64),
            PartnerSpec.serviceProvider("charlie", EnumSet.of(Field.HASHED_EMAIL, Field.IP))
                    .withEmailFormat(EmailHashFormat.HMAC_SHA256_HEX).withStrippedIp(StrippedIpHandling.TRUNCATE),
            PartnerSpec.thirdParty("delta", EnumSet.noneOf(Field.class)));

    @BeforeAll
    static void start() {
        GatewayHarness.Builder b = GatewayHarness.builder();
        PARTNERS.forEach(b::partner);
        gateway = b.start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void shouldNeverLetIdentityTravelWithoutAnAllowingDecisionAndAShareRecord() {
        Random random = new Random(SEED);
        List<ConsentCase> cases = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            cases.add(generate(i, random));
        }
        for (ConsentCase c : cases) {
            seed(c);
        }
        sendAll(cases);

        Map<String, ShareRecord> sharesByRequest = gateway.shareRecords().stream()
                .collect(Collectors.toMap(ShareRecord::requestId, r -> r));
        int identityPayloads = 0;
        for (PartnerSpec partner : PARTNERS) {
            List<ReceivedRequest> received = gateway.stub(partner.id()).received();
            assertThat(received).as("seed %d: every case reached %s", SEED, partner.id()).hasSize(CASES);
            for (ReceivedRequest r : received) {
                JsonNode payload = read(r.bodyText());
                ConsentCase c = cases.get(Integer.parseInt(payload.path("app").path("bundle").asText().substring(5)));
                Set<Field> sent = checkPayload(partner, c, r.bodyText(), payload);
                checkShareRecord(partner, c, payload.path("id").asText(), sent, sharesByRequest);
                identityPayloads += sent.isEmpty() ? 0 : 1;
            }
        }
        // A generator that never produced an allowing case would make this test vacuous.
        assertThat(identityPayloads).as("seed %d: some payloads carried identity", SEED).isGreaterThan(CASES / 20);
    }

    private static ConsentCase generate(int i, Random random) {
        String deviceId = random.nextInt(20) == 0 ? null : UUID.randomUUID().toString();
        int kindRoll = random.nextInt(10);
        ConsentCase.RecordKind kind = kindRoll < 2 ? ConsentCase.RecordKind.NONE
                : kindRoll < 3 ? ConsentCase.RecordKind.CORRUPT : ConsentCase.RecordKind.VALID;
        byte[] email = random.nextBoolean() ? randomBytes(random, 32) : null;
        AgeBand age = random.nextInt(3) == 0 ? AgeBand.values()[random.nextInt(4)] : AgeBand.ADULT;
        ConsentRecord record = new ConsentRecord(random.nextInt(4) != 0, JURISDICTIONS.get(random.nextInt(5)), age, email,
                random.nextInt(100), Instant.now());
        Map<String, String> corrupt = Map.of("ad", List.of("1", "yes", "").get(random.nextInt(3)),
                "jur", List.of("US-CA", "california", "").get(random.nextInt(3)),
                "age", List.of("adult", "teen").get(random.nextInt(2)), "v", random.nextBoolean() ? "1" : "x", "ts", "0");
        if ("1".equals(corrupt.get("ad")) && "US-CA".equals(corrupt.get("jur")) && "adult".equals(corrupt.get("age"))
                && "1".equals(corrupt.get("v"))) {
            corrupt = Map.of("ad", "1", "jur", "US-CA", "age", "adult", "v", "1", "ts", "never");
        }
        String usp = random.nextInt(3) == 0 ? US_PRIVACY.get(random.nextInt(US_PRIVACY.size())) : null;
        ConsentCase.GppKind gpp = random.nextInt(3) == 0
                ? ConsentCase.GppKind.values()[random.nextInt(ConsentCase.GppKind.values().length)]
                : ConsentCase.GppKind.ABSENT;
        String ipv4 = "203.0." + random.nextInt(256) + "." + (1 + random.nextInt(254));
        String ipv6 = random.nextInt(4) == 0 ? "2001:db8:" + Integer.toHexString(random.nextInt(65536)) + "::"
                + Integer.toHexString(1 + random.nextInt(65535)) : null;
        return new ConsentCase(i, deviceId, kind, record, corrupt, random.nextInt(6) == 0, random.nextInt(12) == 0,
                random.nextInt(12) == 0, usp, gpp, ipv4, ipv6, "mk" + Long.toHexString(random.nextLong()));
    }

    private static void seed(ConsentCase c) {
        if (c.deviceId() == null || c.kind() == ConsentCase.RecordKind.NONE) {
            return;
        }
        if (c.kind() == ConsentCase.RecordKind.VALID) {
            gateway.putConsent(c.deviceId(), c.record());
        } else {
            gateway.putRawConsent(c.deviceId(), c.corrupt());
        }
    }

    private static void sendAll(List<ConsentCase> cases) {
        List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
        for (ConsentCase c : cases) {
            List<String> headers = new ArrayList<>();
            if (c.gpc()) {
                headers.addAll(List.of("Sec-GPC", "1"));
            }
            inFlight.add(gateway.postAsync(request(c).toString(), headers.toArray(String[]::new)));
            if (inFlight.size() == 16) {
                inFlight.forEach(f -> assertThat(f.join().statusCode()).isIn(200, 204));
                inFlight.clear();
            }
        }
        inFlight.forEach(f -> assertThat(f.join().statusCode()).isIn(200, 204));
    }

    /** The request a player would send, plus identity smuggled everywhere the allowlist must not copy. */
    private static ObjectNode request(ConsentCase c) {
        ObjectNode r = AdPodRequests.dynamicPod("case-" + c.index(), c.deviceId(), c.ipv4());
        r.with("app").put("bundle", "case-" + c.index());
        r.with("app").put("name", "Show " + c.marker() + "@example.com");
        ObjectNode device = r.with("device");
        if (c.ipv6() != null) {
            device.put("ipv6", c.ipv6());
        }
        if (c.lmt()) {
            device.put("lmt", 1);
        }
        device.putObject("ext").put("ifa_type", "rida").put("secret", c.marker());
        device.putObject("geo").put("lat", 37.7749).put("lon", -122.4194).put("city", c.marker()).put("country", "USA");
        ObjectNode user = r.putObject("user").put("id", c.marker()).put("buyeruid", c.marker())
                .put("customdata", c.marker());
        user.putObject("ext").put("email", c.marker() + "@example.com");
        user.putArray("eids").addObject().put("source", "uidapi.com").putArray("uids").addObject()
                .put("id", c.marker()).put("atype", 3);
        r.putObject("ext").put("trace", c.marker());
        ObjectNode regs = r.putObject("regs");
        if (c.coppa()) {
            regs.put("coppa", 1);
        }
        if (c.usPrivacy() != null) {
            regs.put("us_privacy", c.usPrivacy());
        }
        if (c.gpp().gpp != null) {
            regs.put("gpp", c.gpp().gpp);
            regs.putArray("gpp_sid").add(c.gpp().sid);
        }
        return r;
    }

    /** Checks one received payload against the oracle and returns the identity fields it carried. */
    private static Set<Field> checkPayload(PartnerSpec partner, ConsentCase c, String text, JsonNode payload) {
        String why = "seed " + SEED + ", case " + c + ", partner " + partner.id();
        String lower = text.toLowerCase();
        assertThat(lower).as(why).doesNotContain(c.marker()).doesNotContain("@");
        boolean allowed = c.identityAllowedFor(partner.role() == PartnerRole.THIRD_PARTY);
        Set<Field> sent = EnumSet.noneOf(Field.class);
        if (c.deviceId() != null && (lower.contains(c.deviceId()) || lower.contains(c.deviceId().replace("-", "")))) {
            sent.add(Field.DEVICE_ID);
            assertThat(payload.path("device").path("ifa").asText()).as(why).isEqualTo(c.deviceId());
        }
        if (text.contains("\"" + c.ipv4() + "\"") || (c.ipv6() != null && lower.contains(c.ipv6()))) {
            sent.add(Field.IP);
        }
        byte[] email = c.record().emailSha256();
        if (email != null && c.kind() == ConsentCase.RecordKind.VALID && payload.path("user").has("eids")) {
            sent.add(Field.HASHED_EMAIL);
        }
        assertThat(payload.path("user").isMissingNode() || sent.contains(Field.HASHED_EMAIL)).as(why).isTrue();
        Set<Field> expected = EnumSet.noneOf(Field.class);
        if (allowed) {
            expected.addAll(partner.fields());
            if (c.deviceId() == null) {
                expected.remove(Field.DEVICE_ID);
            }
            if (email == null) {
                expected.remove(Field.HASHED_EMAIL);
            }
        }
        assertThat(sent).as(why).isEqualTo(expected);
        assertThat(payload.path("device").path("lmt").asInt()).as(why).isEqualTo(sent.isEmpty() || c.lmt() ? 1 : 0);
        assertThat(payload.path("device").path("geo").has("lat")).as(why).isFalse();
        if (c.gpc()) {
            assertThat(payload.path("regs").path("ext").path("gpc").asText()).as(why).isEqualTo("1");
        }
        return sent;
    }

    private static void checkShareRecord(PartnerSpec partner, ConsentCase c, String requestId, Set<Field> sent,
                                         Map<String, ShareRecord> sharesByRequest) {
        String why = "seed " + SEED + ", case " + c.index() + ", partner " + partner.id();
        ShareRecord record = sharesByRequest.get(requestId);
        ShareEntry entry = record == null ? null : record.partners().stream()
                .filter(e -> e.partnerId().equals(partner.id())).findFirst().orElse(null);
        if (sent.isEmpty()) {
            assertThat(entry).as(why + ": no identity, no entry").isNull();
            return;
        }
        assertThat(entry).as(why + ": identity sent without a share record").isNotNull();
        assertThat(entry.fields()).as(why).isEqualTo(sent);
        assertThat(entry.role()).isEqualTo(partner.role());
        assertThat(record.subject()).as(why + ": subject is a pseudonym").doesNotContain(c.deviceId())
                .matches("[0-9a-f]{64}");
        assertThat(record.jurisdiction()).isEqualTo(c.record().jurisdiction());
        if (c.gpc()) {
            assertThat(record.signals()).as(why + ": the record says GPC restricted it").contains("gpc");
        }
        if (c.gpp() == ConsentCase.GppKind.GARBAGE) {
            assertThat(record.signals()).as(why + ": the record says the GPP string was malformed")
                    .contains("gpp_malformed");
        }
    }

    private static JsonNode read(String text) {
        try {
            return AdPodRequests.JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("partner received invalid JSON", e);
        }
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

}
