package dev.idgw.gateway.e2e;

import static dev.idgw.testkit.wait.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idgw.gateway.consent.AgeBand;
import dev.idgw.gateway.consent.ConsentRecord;
import dev.idgw.gateway.sharelog.ShareLogKeys;
import dev.idgw.gateway.sharelog.ShareLog;
import io.lettuce.core.Range;
import dev.idgw.gateway.sharelog.WriterLease;
import dev.idgw.gateway.support.AdPodRequests;
import dev.idgw.gateway.support.ComplianceLog;
import dev.idgw.gateway.support.GatewayHarness;
import dev.idgw.gateway.support.PartnerSpec;
import dev.idgw.gateway.support.TestRedis;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One writer id, one running instance: a second gateway with the same writer id on the same Redis refuses
 * to start, naming the writer and the Redis, and leaves the first one's chain alone; once the first is gone
 * without releasing its lease (a crash), the second may start after the lease's TTL and carries the chain on.
 */
class WriterLeaseTest {
    private static final String PARTNER = "acme";
    private static final String DEVICE = "6f1c2d3e-0000-4000-8000-0000000000c1";

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void shouldRefuseASecondGatewayWithTheSameWriterIdAndLeaveTheFirstsChainAlone() throws Exception {
        String prefix = "lease" + UUID.randomUUID().toString().substring(0, 8);
        Path keys = Files.createTempDirectory("idgw-lease-keys");
        try (GatewayHarness first = gateway(prefix, "writer-a", keys, Duration.ofSeconds(15))) {
            first.putConsent(DEVICE, consented());
            assertThat(first.post(request()).statusCode()).isEqualTo(200);
            assertThat(seqs(first)).containsExactly(1L);

            assertThatThrownBy(() -> gateway(prefix, "writer-a", keys, Duration.ofSeconds(15)).close())
                    .isInstanceOf(WriterLease.LeaseHeldElsewhere.class)
                    .hasMessageContaining("writer id 'writer-a' is in use on " + TestRedis.uri())
                    .hasMessageContaining("give this one its own shareLog.writerId");

            assertThat(first.post(request()).statusCode()).isEqualTo(200);
            assertThat(seqs(first)).as("the first writer's chain goes on where it was").containsExactly(1L, 2L);
            assertThat(first.stub(PARTNER).received()).last().satisfies(r -> assertThat(r.bodyText()).contains(DEVICE));
            assertVerified(first, 2);
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void shouldLetASecondGatewayStartOnceTheLeaseOfACrashedOneExpired() throws Exception {
        String prefix = "lease" + UUID.randomUUID().toString().substring(0, 8);
        Path keys = Files.createTempDirectory("idgw-lease-keys");
        Duration ttl = Duration.ofSeconds(2);
        try (GatewayHarness crashed = gateway(prefix, "writer-b", keys, ttl)) {
            crashed.putConsent(DEVICE, consented());
            assertThat(crashed.post(request()).statusCode()).isEqualTo(200);
            crashed.abandon(); // no release, no final checkpoint: only the TTL frees the writer id

            assertThatThrownBy(() -> gateway(prefix, "writer-b", keys, ttl).close())
                    .isInstanceOf(WriterLease.LeaseHeldElsewhere.class)
                    .hasMessageContaining("writer id 'writer-b'")
                    .hasMessageMatching("(?s).*start again in [12] s\\.");

            String leaseKey = new ShareLogKeys(prefix, "writer-b").lease();
            waitUntilGone(crashed, leaseKey);
            try (GatewayHarness restarted = gateway(prefix, "writer-b", keys, ttl)) {
                assertThat(restarted.post(request()).statusCode()).isEqualTo(200);
                assertThat(seqs(restarted)).as("the restarted writer carries the chain on").containsExactly(1L, 2L);
                assertVerified(restarted, 2);
            }
        }
    }

    /** A renewal that finds another instance's token stops the appends (fail closed) until the lease is free again. */
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void shouldStopSharingIdentityWhileAnotherInstanceHoldsTheLease() throws Exception {
        String prefix = "lease" + UUID.randomUUID().toString().substring(0, 8);
        try (GatewayHarness gateway = gateway(prefix, "writer-c", Files.createTempDirectory("idgw-lease-keys"),
                Duration.ofSeconds(2))) {
            gateway.putConsent(DEVICE, consented());
            String lease = new ShareLogKeys(prefix, "writer-c").lease();
            gateway.redis(c -> c.set(lease, "another-instance", io.lettuce.core.SetArgs.Builder.px(60_000)));
            awaitReady(gateway, 503);

            assertThat(gateway.post(request()).statusCode()).isEqualTo(200);
            assertThat(gateway.stub(PARTNER).received()).last().as("stripped while the lease is another's")
                    .satisfies(r -> assertThat(r.bodyText()).doesNotContain(DEVICE));
            assertThat(seqs(gateway)).as("nothing appended").isEmpty();

            gateway.redis(c -> c.del(lease));
            awaitReady(gateway, 200);
            assertThat(gateway.post(request()).statusCode()).isEqualTo(200);
            assertThat(gateway.stub(PARTNER).received()).last().satisfies(r -> assertThat(r.bodyText()).contains(DEVICE));
            assertThat(seqs(gateway)).containsExactly(1L);
        }
    }

    /** Polls /health/ready (bounded) until it answers {@code status}: the lease is renewed every TTL/4. */
    private static void awaitReady(GatewayHarness gateway, int status) {
        eventually(Duration.ofSeconds(10), Duration.ofMillis(50), () -> assertThat(
                gateway.get(gateway.port(), "/health/ready").statusCode()).as("/health/ready").isEqualTo(status));
    }

    private static GatewayHarness gateway(String prefix, String writer, Path keys, Duration leaseTtl) {
        return GatewayHarness.builder().keyPrefix(prefix).writerId(writer).keysDir(keys).leaseTtl(leaseTtl)
                .warmup(Duration.ZERO).partner(PartnerSpec.allFields(PARTNER)).start();
    }

    /** The seq of every entry in the gateway's writer's stream, in order. */
    private static List<Long> seqs(GatewayHarness gateway) {
        String stream = new ShareLogKeys(gateway.config().redis().keyPrefix(), gateway.config().writerId()).stream();
        return gateway.redis(c -> c.xrange(stream, Range.create("-", "+"))).stream()
                .map(m -> Long.parseLong(m.getBody().get(ShareLog.SEQ_FIELD))).toList();
    }

    private static ConsentRecord consented() {
        return new ConsentRecord(true, "US-CA", AgeBand.ADULT, null, 1, Instant.now());
    }

    private static String request() {
        return AdPodRequests.dynamicPod("r-" + UUID.randomUUID(), DEVICE, "203.0.113.9").toString();
    }

    private static void assertVerified(GatewayHarness gateway, int entries) {
        JsonObject report = ComplianceLog.verify(gateway);
        assertThat(report.getBoolean("ok")).as(report.encode()).isTrue();
        List<Object> writers = report.getJsonArray("writers").getList();
        assertThat(report.getJsonArray("writers").getJsonObject(0).getLong("entries")).as(report.encode())
                .isEqualTo(entries);
        assertThat(writers).hasSize(1);
    }

    /** Polls the lease's remaining time (bounded); Redis drops the key when its PX runs out. */
    private static void waitUntilGone(GatewayHarness gateway, String key) {
        eventually(Duration.ofSeconds(10), Duration.ofMillis(50),
                () -> assertThat((long) gateway.<Long>redis(c -> c.exists(key))).as("lease %s", key).isZero());
    }
}
