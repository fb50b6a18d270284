package dev.idgw.gateway.e2e;

import static dev.idgw.testkit.wait.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.gateway.config.GatewayConfig;
import dev.idgw.gateway.consent.AgeBand;
import dev.idgw.gateway.consent.ConsentRecord;
import dev.idgw.gateway.sharelog.VerificationReport;
import dev.idgw.gateway.support.AdPodRequests;
import dev.idgw.gateway.support.GatewayHarness;
import dev.idgw.gateway.support.PartnerSpec;
import dev.idgw.gateway.support.ShareLedger.IdentityPayload;
import dev.idgw.gateway.support.ShareLedger;
import dev.idgw.gateway.support.ShippedRedisConfig;
import dev.idgw.testkit.partner.ReceivedRequest;
import dev.idgw.testkit.redis.LocalRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Invariants 2 and 5 while the in-process gateway's share log cannot be written: its Redis (shipped
 * {@code redis-sharelog.conf}) is SIGKILLed mid-burst and comes back on the same AOF, or stays up but
 * refuses writes. Nothing with identity goes out unrecorded, and the run of failed appends leaves
 * neither a gap nor a fork in the chain the gateway carries on afterwards.
 */
@Isolated // bursts with deadlines while its Redis is killed: CPU-sensitive
class ShareLogOutageTest {
    private static final String PARTNER = "alpha";
    private static final int DEVICES = 50;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;
    private LocalRedis redis;
    private GatewayHarness gateway;
    private final List<String> devices = new ArrayList<>();
    private final Random random = new Random();
    private GatewayConfig config;

    @BeforeEach
    void start() throws Exception {
        redis = LocalRedis.start(dir, ShippedRedisConfig.arguments());
        gateway = GatewayHarness.builder().redisUri(redis.uri()).commandTimeout(Duration.ofMillis(200))
                .checkpointEvery(20).partner(PartnerSpec.allFields(PARTNER)).start();
        config = gateway.config();
        for (int i = 0; i < DEVICES; i++) {
            String device = UUID.randomUUID().toString();
            gateway.putConsent(device, new ConsentRecord(true, "US-CA", AgeBand.ADULT, null, 1, Instant.now()));
            devices.add(device);
        }
        burst(100, Duration.ofSeconds(1)); // warm the JVM first: a cold one misses deadlines anyway
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void shouldRecordEveryIdentityItSendsAndKeepOneChainWhenRedisDiesMidBurst() throws Exception {
        ScheduledExecutorService faults = Executors.newSingleThreadScheduledExecutor();
        try {
            faults.schedule(redis::kill, 600, TimeUnit.MILLISECONDS);
            ScheduledFuture<?> back = faults.schedule(() -> {
                redis.restart();
                return null;
            }, 1_200, TimeUnit.MILLISECONDS);
            burst(200, Duration.ofSeconds(2));
            back.get(15, TimeUnit.SECONDS);
        } finally {
            faults.shutdownNow();
        }
        awaitIdentityAgain();
        burst(100, Duration.ofMillis(500));

        List<ReceivedRequest> received = stopGateway();
        assertThat(received.stream().filter(r -> IdentityPayload.of(r).isEmpty()))
                .as("the outage stripped part of the burst").isNotEmpty();
        assertEveryIdentityRecordedAndChainVerifies(received);
    }

    /**
     * Redis up and answering consent reads, but refusing every write (over maxmemory with the shipped
     * noeviction policy): the share record cannot be written, so nothing may carry identity. Every
     * append of the run fails, pipelined ones included; afterwards the chain goes on from the stored head.
     */
    @Test
    void shouldStripEverythingWhileTheShareLogRefusesWritesAndCarryTheChainOnAfter() throws Exception {
        configSet("maxmemory", "1");
        int before = gateway.stub(PARTNER).received().size();
        burst(200, Duration.ofSeconds(1));
        List<ReceivedRequest> duringRefusal = gateway.stub(PARTNER).received();
        duringRefusal = duringRefusal.subList(before, duringRefusal.size());
        configSet("maxmemory", "0");
        awaitIdentityAgain();
        burst(100, Duration.ofMillis(500));
        var totals = gateway.app().totals();

        List<ReceivedRequest> received = stopGateway();
        assertThat(duringRefusal).as("payloads sent while no share record could be written").hasSizeGreaterThan(100);
        assertThat(totals.sentStrippedForTheLedger()).as("counted for the stop line: sent stripped for the ledger")
                .isGreaterThanOrEqualTo(100);
        assertThat(totals.shareRecorded()).as("recorded after the refusal").isPositive();
        assertThat(totals.served()).isGreaterThanOrEqualTo(totals.shareRecorded() + totals.sentStrippedForTheLedger());
        assertThat(ShareLedger.identityPayloads(duringRefusal)).as("identity sent while no share record could be written")
                .isEmpty();
        assertEveryIdentityRecordedAndChainVerifies(received);
    }

    /** Stops the gateway (its final checkpoint, and its stub) and returns everything the stub received. */
    private List<ReceivedRequest> stopGateway() {
        gateway.close();
        List<ReceivedRequest> received = gateway.stub(PARTNER).received();
        gateway = null;
        return received;
    }

    private void assertEveryIdentityRecordedAndChainVerifies(List<ReceivedRequest> received) throws Exception {
        ShareLedger ledger = ShareLedger.read(redis.uri(), config.redis().keyPrefix(), config.writerId());
        List<IdentityPayload> identity = ShareLedger.identityPayloads(received);
        String context = received.size() + " payloads, " + identity.size() + " with identity, "
                + ledger.entries().size() + " entries, " + ledger.checkpoints().size() + " checkpoints";
        System.out.println(context);
        assertThat(identity).as(context).isNotEmpty();
        List<IdentityPayload> unrecorded = ledger.unrecorded(identity, PARTNER);
        assertThat(unrecorded.size()).as("identity sent without a share record (%s), e.g. %s", context,
                unrecorded.stream().limit(3).toList()).isZero();
        VerificationReport report = ledger.verify(config.keysDir());
        assertThat(report.firstFailure()).as(context).isEmpty();
        assertThat(report.entriesChecked()).as(context).isEqualTo(ledger.entries().size());
        assertThat(report.checkpointsChecked()).as(context).isEqualTo(ledger.checkpoints().size()).isPositive();
        assertThat(ledger.checkpoints()).last().as("the final checkpoint closes the chain (%s)", context)
                .satisfies(c -> assertThat(c.seq()).isEqualTo(ledger.lastSeq()));
    }

    private void configSet(String name, String value) {
        RedisClient client = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            assertThat(c.sync().configSet(name, value)).isEqualTo("OK");
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /** {@code ratePerSecond} requests for {@code duration}, whatever the answers; all finished on return. */
    private void burst(int ratePerSecond, Duration duration) {
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / ratePerSecond;
        long start = System.nanoTime();
        for (long at = start; at - start < duration.toNanos(); at += intervalNanos) {
            LockSupport.parkNanos(at - System.nanoTime());
            inFlight.add(gateway.postAsync(request()).exceptionally(failed -> null));
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).orTimeout(15, TimeUnit.SECONDS).join();
    }

    /** Once Redis is back the gateway reconnects and resyncs its chain head by itself; bounded wait. */
    private void awaitIdentityAgain() {
        eventually(Duration.ofSeconds(15), Duration.ofMillis(50), () -> {
            int before = gateway.stub(PARTNER).received().size();
            gateway.post(request());
            List<ReceivedRequest> received = gateway.stub(PARTNER).received();
            assertThat(received.size() > before && IdentityPayload.of(received.get(received.size() - 1)).isPresent())
                    .as("identity flows again after Redis came back").isTrue();
        });
    }

    private String request() {
        return AdPodRequests.dynamicPod("burst-" + UUID.randomUUID(), devices.get(random.nextInt(DEVICES)),
                "198.51.100." + (1 + random.nextInt(254))).toString();
    }
}
