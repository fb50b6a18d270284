package dev.idgw.gateway.consentapi;

import static dev.idgw.testkit.wait.Eventually.eventuallyGet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.gateway.consent.AgeBand;
import dev.idgw.gateway.consent.ConsentRecord;
import dev.idgw.gateway.support.AdPodRequests;
import dev.idgw.gateway.support.GatewayHarness;
import dev.idgw.gateway.support.PartnerSpec;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.nio.file.Files;
import dev.idgw.testkit.redis.LocalRedis;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The consent view shows since when a device's opt-out preference signal is honored: the time of its first ad
 * request with GPC, remembered in Redis after the answer (fire and forget), never moved by a later one.
 */
class GpcSightingTest {
    private static final Duration WRITTEN = Duration.ofSeconds(10);
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
    void shouldShowSinceTheFirstGpcRequestAndKeepItOnTheNext() {
        String device = consentedDevice();
        assertThat(view(device).containsKey("optOutSignal")).as("no GPC seen yet").isFalse();

        Instant before = Instant.now();
        adRequest(device, true);
        JsonObject first = eventuallyGet(WRITTEN, () -> {
            JsonObject signal = view(device).getJsonObject("optOutSignal");
            assertThat(signal).isNotNull();
            return signal;
        });
        Instant after = Instant.now();
        assertThat(first.getBoolean("honored")).isTrue();
        assertThat(Instant.parse(first.getString("since"))).isBetween(before.minusMillis(1), after);

        adRequest(device, true);
        writesSettled();

        assertThat(view(device).getJsonObject("optOutSignal")).isEqualTo(first);
    }

    @Test
    void shouldMakeNoClaimForADeviceThatNeverSentGpc() {
        String device = consentedDevice();
        adRequest(device, false);
        writesSettled();

        assertThat(view(device).containsKey("optOutSignal")).isFalse();
    }

    @Test
    void shouldForgetTheSightingWithTheDevice() {
        String device = consentedDevice();
        adRequest(device, true);
        eventuallyGet(WRITTEN, () -> assertThat(view(device).containsKey("optOutSignal")).isTrue());

        assertThat(gateway.internal("DELETE", "/consent/v1/devices/" + device, null, GatewayHarness.CONSENT_TOKEN)
                .statusCode()).isEqualTo(204);

        assertThat(gateway.redisDump()).doesNotContain(device);
    }

    /**
     * A write Redis refuses (the key holds another type: WRONGTYPE) still leaves every answer whole, and such
     * refusals do not open the breaker that consent reads go through: a consented viewer right after still
     * gets identity.
     */
    @Test
    void shouldAnswerInFullWhenTheWriteFailsAndKeepReadingConsent() {
        String poisoned = consentedDevice();
        gateway.redis(c -> c.set(gateway.keys().optOutSignalForDevice(poisoned), "not a hash"));
        for (int i = 0; i < 24; i++) {
            HttpResponse<String> r = adRequest(poisoned, true);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Opt-Out-Signal")).hasValue("honored");
            assertThat(new JsonObject(r.body()).getJsonObject("ext").getJsonObject("optOutSignal").getBoolean("honored"))
                    .isTrue();
        }
        writesSettled();

        String consented = consentedDevice();
        adRequest(consented, false);
        assertThat(gateway.stub("alpha").received()).last().satisfies(sent ->
                assertThat(sent.bodyText()).as("consent still read after refused writes").contains(consented));
    }

    /**
     * The answer does not wait for the write: on a Redis of its own whose writes are held (CLIENT PAUSE WRITE;
     * reads go on), with a command timeout far beyond the player's patience, the GPC request is answered in
     * full while its sighting is still unwritten, and the sighting lands once writes resume.
     */
    @Test
    void shouldAnswerWhileTheWriteIsStillHeld() throws Exception {
        try (LocalRedis redis = LocalRedis.start(Files.createTempDirectory("idgw-gpc-redis"), List.of());
             GatewayHarness held = GatewayHarness.builder().redisUri(redis.uri()).commandTimeout(Duration.ofSeconds(60))
                     .partner(PartnerSpec.allFields("alpha")).start()) {
            String device = UUID.randomUUID().toString();
            held.putConsent(device, record());
            String key = held.keys().optOutSignalForDevice(device);
            held.redis(c -> c.dispatch(CommandType.CLIENT, new StatusOutput<>(StringCodec.UTF8),
                    new CommandArgs<>(StringCodec.UTF8).add("PAUSE").add(120_000).add("WRITE")));
            try {
                HttpResponse<String> r = held.post(AdPodRequests.dynamicPod("held", device, null).toString(),
                        "Sec-GPC", "1");

                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("Opt-Out-Signal")).hasValue("honored");
                Long written = held.redis(c -> c.exists(key));
                assertThat(written).as("the sighting is still held").isZero();
            } finally {
                held.redis(c -> c.dispatch(CommandType.CLIENT, new StatusOutput<>(StringCodec.UTF8),
                        new CommandArgs<>(StringCodec.UTF8).add("UNPAUSE")));
            }
            eventuallyGet(WRITTEN, () -> {
                String since = held.redis(c -> c.hget(key, "gpc"));
                return assertThat(since).isNotNull();
            });
        }
    }

    /**
     * The sightings go over one pipelined connection in order: once a fresh device's GPC is visible, every
     * write fired before it has been carried out.
     */
    private static void writesSettled() {
        String marker = UUID.randomUUID().toString();
        gateway.putConsent(marker, record());
        adRequest(marker, true);
        eventuallyGet(WRITTEN, () -> assertThat(view(marker).containsKey("optOutSignal")).isTrue());
    }

    private static HttpResponse<String> adRequest(String device, boolean gpc) {
        String body = AdPodRequests.dynamicPod("r-" + UUID.randomUUID(), device, null).toString();
        return gpc ? gateway.post(body, "Sec-GPC", "1") : gateway.post(body);
    }

    private static JsonObject view(String device) {
        HttpResponse<String> r = gateway.internal("GET", "/consent/v1/devices/" + device, null,
                GatewayHarness.CONSENT_TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body());
    }

    private static String consentedDevice() {
        String device = UUID.randomUUID().toString();
        gateway.putConsent(device, record());
        return device;
    }

    private static ConsentRecord record() {
        return new ConsentRecord(true, "US-CA", AgeBand.ADULT, null, 1, Instant.now());
    }
}
