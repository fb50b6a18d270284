package dev.idgw.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.idgw.gateway.consent.AgeBand;
import dev.idgw.gateway.consent.ConsentRecord;
import dev.idgw.gateway.fanout.FanOutSettings;
import dev.idgw.gateway.fanout.GuardSettings;
import dev.idgw.gateway.support.AdPodRequests;
import dev.idgw.gateway.support.GatewayHarness;
import dev.idgw.gateway.support.PartnerSpec;
import dev.idgw.gateway.support.PrometheusText;
import dev.idgw.testkit.partner.ReceivedRequest;
import dev.idgw.testkit.partner.StubBehavior;
import dev.idgw.testkit.partner.StubFailure;
import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Issue #11, "no cold first request": before the gateway reports ready, each partner's connections are
 * open (identity-free OpenRTB test requests through the gateway's own partner client), so the first
 * player after ready is served on them; a partner that is down or hangs at start does not keep the
 * gateway from becoming ready, nor opens its breaker.
 */
class PartnerWarmupTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> BIDDERS = List.of("alpha", "bravo", "charlie");
    /** Long enough that no warm-up call times out on a busy machine (a timed-out call closes its connection). */
    private static final Duration PARTNER_TIMEOUT = Duration.ofSeconds(1);
    private static final String DEVICE = "3f2c9a4e-7b1d-4e8a-9c6f-2d5b8e1a0c47";
    private static final String IP = "203.0.113.77";
    private static final byte[] EMAIL_SHA256 = sha256("warm.viewer@example.com");
    /** Names that would carry identity in an OpenRTB request; none may appear anywhere in a warm-up request. */
    private static final Set<String> IDENTITY_NAMES = Set.of("user", "device", "ifa", "ip", "ipv6", "eids", "uids",
            "buyeruid", "geo", "ext");

    @Test
    void shouldOpenEveryPartnersConnectionsWithIdentityFreeTestRequestsBeforeReady() throws Exception {
        GatewayHarness.Builder builder = GatewayHarness.builder().partnersBehindProxies()
                .consentBeforeStart(DEVICE, new ConsentRecord(true, "US-CA", AgeBand.ADULT, EMAIL_SHA256, 1, Instant.now()));
        // One 15 s bid each, so the 60 s pod has room for every partner's.
        BIDDERS.forEach(id -> builder.partner(PartnerSpec.allFields(id).withTimeout(PARTNER_TIMEOUT)
                .withBehavior(StubBehavior.bidding().withBidsPerImp(1).withDurations(15))));
        try (GatewayHarness gateway = builder.start()) {
            assertThat(gateway.get(gateway.port(), "/health/ready").statusCode()).isEqualTo(200);
            Map<String, Long> connectionsAtReady = connections(gateway);
            for (String id : BIDDERS) {
                List<ReceivedRequest> warmUp = gateway.receivedBeforeReady(id);
                assertThat(warmUp).as("%s warmed before ready", id).isNotEmpty();
                warmUp.forEach(r -> assertIdentityFreeTestRequest(r, id));
                assertThat(new HashSet<>(warmUp.stream().map(PartnerWarmupTest::requestId).toList()))
                        .as("a fresh id per request").hasSameSizeAs(warmUp);
                assertThat(connectionsAtReady.get(id)).as("%s: connections open at ready", id)
                        .isEqualTo(PartnerWarmup.CONNECTIONS_PER_PARTNER);
            }

            long sent = System.nanoTime();
            HttpResponse<String> first = gateway.post(AdPodRequests.dynamicPod("first", DEVICE, IP).toString());
            System.out.printf("first ad request after ready: %.1f ms%n", (System.nanoTime() - sent) / 1e6);

            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(seats(first)).as("a bid from every partner").containsExactlyInAnyOrderElementsOf(BIDDERS);
            for (String id : BIDDERS) {
                assertThat(gateway.stub(id).received()).as("%s got the player's request, with identity", id)
                        .singleElement().satisfies(r -> assertThat(r.bodyText()).contains("\"ifa\":\"" + DEVICE + "\""));
            }
            assertThat(connections(gateway)).as("the first request used connections opened before ready")
                    .isEqualTo(connectionsAtReady);

            // A burst at ready as wide as the warm-up: served on the open connections too, none waits for a new one.
            List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
            for (int i = 0; i < PartnerWarmup.CONNECTIONS_PER_PARTNER; i++) {
                burst.add(gateway.postAsync(AdPodRequests.dynamicPod("burst-" + i, DEVICE, IP).toString()));
            }
            burst.forEach(f -> assertThat(f.join().statusCode()).isEqualTo(200));
            assertThat(connections(gateway)).isEqualTo(connectionsAtReady);
        }
    }

    @Test
    void shouldBecomeReadyWhenAPartnerIsDownOrHangsWithoutOpeningItsBreaker() throws Exception {
        // A breaker that would open after two failures: the warm-up's four per partner must not count.
        GuardSettings touchy = new GuardSettings(10, 2, 50f, Duration.ofSeconds(30), 1, 512);
        long start = System.nanoTime();
        try (GatewayHarness gateway = GatewayHarness.builder()
                .fanOut(new FanOutSettings(FanOutSettings.DEFAULT_CONNECT_TIMEOUT, 64, 1024 * 1024, touchy))
                .partner(PartnerSpec.allFields("alpha").withTimeout(PARTNER_TIMEOUT))
                .partner(PartnerSpec.allFields("hanging").withTimeout(Duration.ofMillis(300))
                        .withBehavior(StubBehavior.failing(StubFailure.HANG)))
                .downPartner("down")
                .start()) {
            Duration startUp = Duration.ofNanos(System.nanoTime() - start);
            assertThat(gateway.get(gateway.port(), "/health/ready").statusCode()).isEqualTo(200);
            assertThat(startUp).as("start-up, a hanging and a down partner included").isLessThan(Duration.ofSeconds(15));
            assertThat(gateway.receivedBeforeReady("hanging")).as("the hanging partner was asked").isNotEmpty();
            PrometheusText before = metrics(gateway);
            assertThat(before.sum("idgw_partner_call_seconds_count")).as("no warm-up call in the partner meters")
                    .isZero();

            HttpResponse<String> first = gateway.post(AdPodRequests.dynamicPod("first", null, IP).toString());

            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(seats(first)).containsExactly("alpha");
            PrometheusText after = metrics(gateway);
            for (String id : List.of("down", "hanging")) {
                assertThat(after.sum("idgw_partner_call_seconds_count", "partner", id, "outcome", "circuit_open"))
                        .as("%s still called after ready: its breaker is closed", id).isZero();
                assertThat(after.sum("idgw_partner_call_seconds_count", "partner", id)).isEqualTo(1);
            }
            assertThat(after.sum("idgw_partner_call_seconds_count", "partner", "down", "outcome", "connect")).isEqualTo(1);
        }
    }

    private static void assertIdentityFreeTestRequest(ReceivedRequest r, String partner) {
        JsonNode body = parse(r.body());
        assertThat(body.path("test").asInt()).as("%s: OpenRTB test mode", partner).isEqualTo(1);
        assertThat(body.path("tmax").asLong()).isEqualTo(PARTNER_TIMEOUT.toMillis());
        assertThat(body.path("imp")).hasSize(1);
        assertThat(body.path("imp").get(0).has("video")).isTrue();
        assertThat(fieldNames(body)).as("%s: no identity-bearing object or field", partner)
                .doesNotContainAnyElementsOf(IDENTITY_NAMES);
        String raw = new String(r.body(), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        for (String spelling : identitySpellings()) {
            assertThat(raw).as("%s: warm-up bytes", partner).doesNotContain(spelling.toLowerCase(Locale.ROOT));
        }
        assertThat(r.headers().values().stream().flatMap(List::stream).map(v -> v.toLowerCase(Locale.ROOT)))
                .as("%s: headers", partner).noneMatch(v -> identitySpellings().stream()
                        .anyMatch(s -> v.contains(s.toLowerCase(Locale.ROOT))));
    }

    /** The test device's ID, email hash and IP in every spelling a payload could carry them. */
    private static List<String> identitySpellings() {
        UUID uuid = UUID.fromString(DEVICE);
        byte[] uuidBytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).array();
        byte[] ipBytes = ipBytes();
        List<String> out = new ArrayList<>(List.of(DEVICE, DEVICE.replace("-", ""),
                Base64.getEncoder().encodeToString(uuidBytes), Base64.getUrlEncoder().withoutPadding().encodeToString(uuidBytes),
                Base64.getEncoder().withoutPadding().encodeToString(DEVICE.getBytes(StandardCharsets.UTF_8)),
                HexFormat.of().formatHex(EMAIL_SHA256),
                Base64.getEncoder().withoutPadding().encodeToString(EMAIL_SHA256),
                Base64.getUrlEncoder().withoutPadding().encodeToString(EMAIL_SHA256),
                "warm.viewer", IP, "203.0.113", HexFormat.of().formatHex(ipBytes),
                Long.toString(ByteBuffer.wrap(ipBytes).getInt() & 0xffffffffL), "::ffff:" + IP));
        return out;
    }

    private static byte[] ipBytes() {
        try {
            return InetAddress.getByName(IP).getAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                names.add(e.getKey());
                names.addAll(fieldNames(e.getValue()));
            });
        } else if (node.isArray()) {
            node.forEach(n -> names.addAll(fieldNames(n)));
        }
        return names;
    }

    private static Map<String, Long> connections(GatewayHarness gateway) {
        Map<String, Long> out = new LinkedHashMap<>();
        BIDDERS.forEach(id -> out.put(id, gateway.proxy(id).connectionsAccepted()));
        return out;
    }

    private static List<String> seats(HttpResponse<String> response) {
        List<String> seats = new ArrayList<>();
        parse(response.body().getBytes(StandardCharsets.UTF_8)).path("seatbid")
                .forEach(s -> seats.add(s.path("seat").asText()));
        return seats;
    }

    private static PrometheusText metrics(GatewayHarness gateway) {
        return PrometheusText.parse(gateway.get(gateway.port(), "/metrics").body());
    }

    private static String requestId(ReceivedRequest r) {
        return parse(r.body()).path("id").asText();
    }

    private static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + e.getMessage(), e);
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
