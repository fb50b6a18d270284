package dev.idgw.gateway.cluster;

import static dev.idgw.testkit.wait.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.gateway.archive.ArchiveSettings;
import dev.idgw.gateway.archive.Archiver;
import dev.idgw.gateway.consent.ConsentKeys;
import dev.idgw.gateway.sharelog.ShareLogKeys;
import dev.idgw.gateway.support.AdPodRequests;
import dev.idgw.gateway.support.ComplianceLog;
import dev.idgw.gateway.support.GatewayHarness;
import dev.idgw.gateway.support.LocalRedisCluster;
import dev.idgw.gateway.support.PartnerSpec;
import dev.idgw.gateway.support.ShareLedger;
import dev.idgw.gateway.support.ShareLedger.IdentityPayload;
import dev.idgw.testkit.partner.ReceivedRequest;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The gateway on a Redis Cluster of three masters, two instances side by side as one deployment (same
 * key prefix, keys and archive directory; a writer, so a ledger chain, each): consent on devices spread
 * over every master is honoured through both; compliance pulls from either instance merge both chains
 * across shards, also once archived, and verify. When a master is SIGKILLed every request is still
 * answered in time, identity is stripped exactly where consent cannot be read or the ledger not be
 * written, and when the master returns the gateway recovers by itself. The steps build on each other,
 * in order, on one cluster (starting one costs seconds).
 */
@Isolated // six redis-server processes on ports chosen free beforehand (another test could take one), recovery timings
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisClusterTest {
    private static final String PARTNER = "alpha";
    private static final String IP = "198.51.100.77";
    /** The master holding instance A's ledger, killed in the outage step; B's ledger lives on another. */
    private static final int LEDGER_MASTER_A = 0;
    private static final int LEDGER_MASTER_B = 1;
    private static final long ANSWER_LIMIT_MILLIS = 2_000; // tmax 500 ms; margin for a loaded 2-core box

    private LocalRedisCluster cluster;
    private Path archiveDir;
    private GatewayHarness a;
    private GatewayHarness b;
    /** Devices with consent granted, and with consent denied, by the master owning their record. */
    private final Map<String, Integer> granted = new LinkedHashMap<>();
    private final Map<String, Integer> denied = new LinkedHashMap<>();

    @BeforeAll
    void start() throws Exception {
        cluster = LocalRedisCluster.start(3);
        String prefix = "ct" + UUID.randomUUID().toString().substring(0, 8);
        Path keysDir = Files.createTempDirectory("idgw-cluster-keys");
        archiveDir = Files.createTempDirectory("idgw-cluster-archive");
        // Hot window zero, run by hand: a run seals everything appended so far.
        ArchiveSettings archive = new ArchiveSettings(false, archiveDir, Duration.ZERO, 1000, Duration.ofHours(1),
                ArchiveSettings.DEFAULT_RAW_RETENTION, ArchiveSettings.DEFAULT_AGGREGATE_RETENTION);
        a = instance(prefix, writerOn(prefix, LEDGER_MASTER_A, "gw-a-"), keysDir, archive);
        b = instance(prefix, writerOn(prefix, LEDGER_MASTER_B, "gw-b-"), keysDir, archive);
        ConsentKeys keys = new ConsentKeys(prefix);
        for (int master = 0; master < cluster.size(); master++) {
            while (count(granted, master) < 2 || count(denied, master) < 1) {
                String device = UUID.randomUUID().toString();
                if (cluster.masterOf(keys.forDevice(device)) == master) {
                    (count(granted, master) < 2 ? granted : denied).put(device, master);
                }
            }
        }
        granted.keySet().forEach(d -> putConsent(d, true));
        denied.keySet().forEach(d -> putConsent(d, false));
    }

    @AfterAll
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {a, b, cluster}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // closing the rest anyway
            }
        }
    }

    @Test
    @Order(1)
    void shouldHonourConsentOnEveryMasterThroughBothInstances() {
        for (GatewayHarness instance : List.of(a, b)) {
            granted.keySet().forEach(d -> assertThat(identityFor(instance, d)).as("granted, master %d", granted.get(d))
                    .isTrue());
            denied.keySet().forEach(d -> assertThat(identityFor(instance, d)).as("denied, master %d", denied.get(d))
                    .isFalse());
        }
    }

    @Test
    @Order(2)
    void shouldMergeBothChainsInCompliancePullsFromEitherInstanceAlsoOnceArchived() throws Exception {
        ComplianceLog fromA = ComplianceLog.pull(a, 7);
        ComplianceLog fromB = ComplianceLog.pull(b, 5);
        assertThat(fromA.writers()).containsExactlyInAnyOrder(a.config().writerId(), b.config().writerId());
        assertThat(fromA.countOf(a.config().writerId())).isEqualTo(a.app().shareLogHead().seq()).isPositive();
        assertThat(fromA.countOf(b.config().writerId())).isEqualTo(b.app().shareLogHead().seq()).isPositive();
        assertThat(fromA.uids()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(fromB.uids());
        assertVerified();

        Archiver.Run runA = a.app().archiver().runOnce();
        Archiver.Run runB = b.app().archiver().runOnce();
        assertThat(runA.entriesArchived()).isEqualTo(fromA.countOf(a.config().writerId()));
        assertThat(runB.entriesArchived()).isEqualTo(fromA.countOf(b.config().writerId()));
        assertThat(Files.isDirectory(archiveDir.resolve(a.config().writerId()))).isTrue();
        assertThat(Files.isDirectory(archiveDir.resolve(b.config().writerId()))).isTrue();

        granted.keySet().forEach(d -> identityFor(a, d)); // a hot window after the archived part
        granted.keySet().forEach(d -> identityFor(b, d));
        ComplianceLog afterA = ComplianceLog.pull(a, 6);
        assertThat(afterA.uids()).doesNotHaveDuplicates().containsAll(fromA.uids())
                .hasSize(fromA.uids().size() + 2 * granted.size())
                .containsExactlyInAnyOrderElementsOf(ComplianceLog.pull(b, 1000).uids());
        assertVerified();
    }

    @Test
    @Order(3)
    void shouldServeABurstThroughBothInstances() throws Exception {
        int requests = 400;
        List<String> devices = new ArrayList<>(granted.keySet());
        devices.addAll(denied.keySet());
        Semaphore inFlight = new Semaphore(32);
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            inFlight.acquire();
            GatewayHarness instance = i % 2 == 0 ? a : b;
            answers.add(instance.postAsync(AdPodRequests.dynamicPod("burst-" + i, devices.get(i % devices.size()), IP)
                    .toString()).whenComplete((r, e) -> inFlight.release()));
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(answers).allSatisfy(f -> assertThat(f.join().statusCode()).isIn(200, 204));
        // Informative, not asserted: two instances, three masters, the stubs and this client share 2 cores.
        System.out.printf("redis cluster burst: %d requests through 2 instances in %.2f s = %.0f requests/s%n",
                requests, seconds, requests / seconds);
    }

    @Test
    @Order(4)
    void shouldStripWhereAMasterIsDownAndRecoverByItselfWhenItReturns() throws Exception {
        cluster.kill(LEDGER_MASTER_A);
        for (int round = 0; round < 3; round++) {
            for (String d : granted.keySet()) {
                boolean onDeadMaster = granted.get(d) == LEDGER_MASTER_A;
                assertThat(identityFor(a, d)).as("A's ledger is on the dead master").isFalse();
                assertThat(identityFor(b, d)).as("B, consent on master %d", granted.get(d)).isEqualTo(!onDeadMaster);
            }
            denied.keySet().forEach(d -> assertThat(identityFor(b, d)).isFalse());
        }
        // Neither API answers from half a cluster: no partial ledger, no "no record" for an unreadable one.
        assertThat(b.compliance("/compliance/v1/shares", GatewayHarness.COMPLIANCE_TOKEN).statusCode()).isEqualTo(503);
        assertThat(b.internal("GET", "/consent/v1/devices/" + deviceOn(granted, LEDGER_MASTER_A), null,
                GatewayHarness.CONSENT_TOKEN).statusCode()).isEqualTo(503);

        long headBefore = a.app().shareLogHead().seq();
        String liveDevice = deviceOn(granted, 2);
        String deadDevice = deviceOn(granted, LEDGER_MASTER_A);
        long restartedAt = System.nanoTime();
        cluster.restart(LEDGER_MASTER_A);
        long[] appendMillis = {-1};
        long[] consentMillis = {-1};
        eventually(Duration.ofSeconds(20), () -> {
            identityFor(a, liveDevice);
            if (appendMillis[0] < 0 && a.app().shareLogHead().seq() > headBefore) {
                appendMillis[0] = (System.nanoTime() - restartedAt) / 1_000_000;
            }
            if (consentMillis[0] < 0 && identityFor(a, deadDevice)) {
                consentMillis[0] = (System.nanoTime() - restartedAt) / 1_000_000;
            }
            assertThat(appendMillis[0]).as("appends succeed again").isNotNegative();
            assertThat(consentMillis[0]).as("identity flows again for a device on the returned master").isNotNegative();
        });
        System.out.printf("redis cluster recovery: master restarted -> first acknowledged append on its writer "
                + "after %d ms; consent on it readable again (identity flows) after %d ms%n", appendMillis[0],
                consentMillis[0]);
        assertThat(identityFor(b, deadDevice)).isTrue();
        granted.keySet().forEach(d -> assertThat(identityFor(a, d)).isTrue());
    }

    @Test
    @Order(5)
    void shouldHoldARecordForEveryIdentityAPartnerReceivedAndStillVerify() {
        ComplianceLog log = ComplianceLog.pull(a, 1000);
        for (GatewayHarness instance : List.of(a, b)) {
            List<IdentityPayload> sent = ShareLedger.identityPayloads(instance.stub(PARTNER).received());
            assertThat(sent).isNotEmpty();
            assertThat(log.unrecorded(sent, instance.config().writerId(), PARTNER)).as("no record, no identity").isEmpty();
        }
        assertThat(log.uids()).doesNotHaveDuplicates();
        assertVerified();
        // KEYS goes over every master: the dump holds both ledgers and consent from all three.
        String dump = a.redisDump();
        assertThat(dump).contains(new ShareLogKeys(a.config().redis().keyPrefix(), a.config().writerId()).head())
                .contains(new ShareLogKeys(b.config().redis().keyPrefix(), b.config().writerId()).head())
                .contains(a.keys().forDevice(deviceOn(granted, 0))).contains(a.keys().forDevice(deviceOn(granted, 1)))
                .contains(a.keys().forDevice(deviceOn(granted, 2)))
                .as("no IP stored anywhere").doesNotContain(IP);
    }

    private GatewayHarness instance(String prefix, String writerId, Path keysDir, ArchiveSettings archive) {
        return GatewayHarness.builder().redisCluster(cluster.seeds()).keyPrefix(prefix).writerId(writerId)
                .keysDir(keysDir).archive(archive).checkpointEvery(10).partner(PartnerSpec.allFields(PARTNER)).start();
    }

    /** A writer id whose ledger keys ({@code {writer}} hash tag) live on {@code master}. */
    private String writerOn(String prefix, int master, String base) {
        for (int i = 0; ; i++) {
            if (cluster.masterOf(new ShareLogKeys(prefix, base + i).stream()) == master) {
                return base + i;
            }
        }
    }

    /** Through instance A's consent API, as the account service would. */
    private void putConsent(String device, boolean adConsent) {
        HttpResponse<String> r = a.internal("PUT", "/consent/v1/devices/" + device,
                "{\"adConsent\":" + adConsent + ",\"jurisdiction\":\"US-CA\",\"ageBand\":\"adult\"}",
                GatewayHarness.CONSENT_TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    /** Sends one ad request for {@code device}; true when the partner received identity (always in time). */
    private static boolean identityFor(GatewayHarness instance, String device) {
        int before = instance.stub(PARTNER).received().size();
        long start = System.nanoTime();
        HttpResponse<String> r = instance.post(AdPodRequests.dynamicPod("c-" + UUID.randomUUID(), device, IP).toString());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.statusCode()).isIn(200, 204);
        assertThat(millis).as("answered within the deadline").isLessThan(ANSWER_LIMIT_MILLIS);
        List<ReceivedRequest> received = instance.stub(PARTNER).received();
        assertThat(received).hasSize(before + 1);
        ReceivedRequest payload = received.get(before);
        boolean identity = IdentityPayload.of(payload).isPresent();
        if (!identity) {
            assertThat(payload.bodyText()).doesNotContain(device).doesNotContain(IP);
        }
        return identity;
    }

    private void assertVerified() {
        for (GatewayHarness instance : List.of(a, b)) {
            JsonObject report = ComplianceLog.verify(instance);
            assertThat(report.getBoolean("ok")).as(report.encode()).isTrue();
            assertThat(report.getJsonArray("writers").stream().map(w -> ((JsonObject) w).getString("writer")))
                    .containsExactlyInAnyOrderElementsOf(Set.of(a.config().writerId(), b.config().writerId()));
        }
    }

    private static long count(Map<String, Integer> devices, int master) {
        return devices.values().stream().filter(m -> m == master).count();
    }

    private static String deviceOn(Map<String, Integer> devices, int master) {
        return devices.entrySet().stream().filter(e -> e.getValue() == master).findFirst().orElseThrow().getKey();
    }
}
