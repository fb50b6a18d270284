package dev.idgw.gateway.signing;

import static dev.idgw.testkit.wait.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.gateway.signing.IndependentVerifier.Verdict;
import dev.idgw.gateway.support.AdPodRequests;
import dev.idgw.gateway.support.GatewayHarness;
import dev.idgw.gateway.support.ManualClock;
import dev.idgw.gateway.support.PartnerSpec;
import dev.idgw.keys.KeysMain;
import dev.idgw.testkit.partner.ReceivedRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A partner-request key rotated the operator's way ({@code keys.jar rotate --purpose partner-requests} on the
 * directory the running gateway reads, picked up without a restart) with the gateway's wall clock moved by
 * hand: the new key is published at once but signs only once key sets cached before it existed have expired
 * ({@code jwksMaxAge} + 70 s after the time in its id); the old key stays published until its last signatures
 * expired ({@code validity} + 60 s after the switch), then leaves the JWKS. Every request verifies with the
 * independent verifier against the JWKS as fetched at that moment.
 */
class PartnerKeyRotationTest {
    private static final Duration PUBLISH_AHEAD = Duration.ofSeconds(300 + 70); // default jwksMaxAge + 70 s
    private static final Duration KEEP_RETIRED = Duration.ofSeconds(30 + 60); // default validity + 60 s
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");

    @Test
    void shouldPublishTheNewKeyAheadSwitchOnScheduleAndKeepTheOldOneUntilItsSignaturesExpired() {
        ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        try (GatewayHarness gateway = GatewayHarness.builder().clock(clock).partner(PartnerSpec.allFields("alpha").signed())
                .start()) {
            String old = single(publishedKeys(gateway).keySet());

            String rotated = rotate(gateway);
            eventually(Duration.ofSeconds(20), () -> assertThat(publishedKeys(gateway)).as("published ahead")
                    .containsOnlyKeys(old, rotated));
            Instant switchAt = createdAt(rotated).plus(PUBLISH_AHEAD);

            ReceivedRequest justRotated = adRequest(gateway, clock, clock.instant());
            assertThat(verify(gateway, justRotated, clock).keyId()).as("the new key does not sign yet").isEqualTo(old);
            ReceivedRequest lastOfOld = adRequest(gateway, clock, switchAt.minusSeconds(1));
            assertThat(verify(gateway, lastOfOld, clock).keyId()).isEqualTo(old);

            ReceivedRequest firstOfNew = adRequest(gateway, clock, switchAt);
            assertThat(verify(gateway, firstOfNew, clock).keyId()).isEqualTo(rotated);
            assertThat(publishedKeys(gateway)).as("the old key's signatures are still valid").containsOnlyKeys(old, rotated);

            clock.set(switchAt.plusSeconds(28)); // the old key's last signature has a second left
            assertThat(verify(gateway, lastOfOld, clock).keyId()).isEqualTo(old);
            assertThat(verify(gateway, firstOfNew, clock).keyId()).isEqualTo(rotated);

            clock.set(switchAt.plus(KEEP_RETIRED).minusSeconds(1));
            assertThat(publishedKeys(gateway)).containsOnlyKeys(old, rotated);
            clock.set(switchAt.plus(KEEP_RETIRED));
            assertThat(publishedKeys(gateway)).as("retired once nothing it signed can be valid").containsOnlyKeys(rotated);
            assertThat(verify(gateway, adRequest(gateway, clock, clock.instant()), clock).keyId()).isEqualTo(rotated);
        }
    }

    /** {@code keys.jar rotate --purpose partner-requests}, in-process; the new key's id from its output line. */
    private static String rotate(GatewayHarness gateway) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = KeysMain.run(new String[] {"rotate", "--dir", gateway.config().keysDir().toString(), "--purpose",
                "partner-requests"}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(status).isZero();
        String line = out.toString(StandardCharsets.UTF_8).strip(); // "ed25519 partner-requests <id> created"
        assertThat(line).matches("ed25519 partner-requests \\S+ created");
        return line.split(" ")[2];
    }

    /** The time a generated key id carries (UTC, to the second), read as the README describes it. */
    private static Instant createdAt(String keyId) {
        return LocalDateTime.parse(keyId.substring(0, 15), ID_TIME).toInstant(ZoneOffset.UTC);
    }

    /** An ad request at {@code at} on the gateway's clock; what partner alpha received for it. */
    private static ReceivedRequest adRequest(GatewayHarness gateway, ManualClock clock, Instant at) {
        clock.set(at);
        String device = UUID.randomUUID().toString();
        assertThat(gateway.post(AdPodRequests.dynamicPod("rotation", device, "203.0.113.7").toString()).statusCode())
                .isIn(200, 204);
        List<ReceivedRequest> received = gateway.stub("alpha").received();
        return received.get(received.size() - 1);
    }

    private static Verdict verify(GatewayHarness gateway, ReceivedRequest request, ManualClock clock) {
        Verdict verdict = IndependentVerifier.verify(request, publishedKeys(gateway), clock.instant());
        assertThat(verdict.problem()).isNull();
        return verdict;
    }

    private static Map<String, PublicKey> publishedKeys(GatewayHarness gateway) {
        HttpResponse<String> jwks = gateway.get(gateway.port(), "/.well-known/idgw-partner-keys.json");
        assertThat(jwks.statusCode()).isEqualTo(200);
        return IndependentVerifier.keysFromJwks(jwks.body());
    }

    private static String single(java.util.Set<String> ids) {
        assertThat(ids).hasSize(1);
        return ids.iterator().next();
    }
}
