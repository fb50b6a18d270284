package dev.idgw.gateway.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.idgw.gateway.consent.AgeBand;
import dev.idgw.gateway.consent.ConsentRecord;
import dev.idgw.gateway.redis.RedisLink;
import dev.idgw.gateway.redis.RedisSettings;
import dev.idgw.gateway.sharelog.CheckpointSigner;
import dev.idgw.gateway.support.AdPodRequests;
import dev.idgw.gateway.support.GatewayHarness;
import dev.idgw.gateway.support.PartnerSpec;
import dev.idgw.keys.KeyedHasher;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The archive: entries leave Redis only once sealed into signed segments; compliance reads archive
 * and hot window as one log; a crash at any point of sealing loses and duplicates nothing; retention
 * deletes entries but keeps the counts the disclosures need.
 */
class ArchiverTest {
    private static final int SEGMENT = 25;
    private GatewayHarness gateway;
    private Path archiveDir;
    private final List<String> devices = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        archiveDir = Files.createTempDirectory("idgw-archive");
        gateway = GatewayHarness.builder().partner(PartnerSpec.allFields("alpha"))
                .archive(new ArchiveSettings(false, archiveDir, Duration.ZERO, SEGMENT, Duration.ofHours(1),
                        ArchiveSettings.DEFAULT_RAW_RETENTION, ArchiveSettings.DEFAULT_AGGREGATE_RETENTION))
                .start();
        for (int i = 0; i < 5; i++) {
            String id = UUID.randomUUID().toString();
            gateway.putConsent(id, new ConsentRecord(true, "US-CA", AgeBand.ADULT, null, 1, Instant.now()));
            devices.add(id);
        }
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void shouldSealTrimAndStillServeEveryEntryExactlyOnce() throws Exception {
        send(80);
        Archiver.Run run = gateway.app().archiver().runOnce();
        assertThat(run.segmentsSealed()).isEqualTo(4);
        assertThat(run.entriesArchived()).isEqualTo(80);
        assertThat(run.entriesTrimmed()).isEqualTo(80);
        assertThat(streamLength()).isZero();
        send(20); // the hot window
        List<String> paged = pageAll(9);
        assertThat(paged).hasSize(100).doesNotHaveDuplicates();
        assertThat(verify().getBoolean("ok")).as(verify().encode()).isTrue();
        String pseudonym = new KeyedHasher(gateway.app().keys().hmacKey()).hex(devices.get(0));
        long subjectEntries = ndjson("/compliance/v1/subjects/" + devices.get(0) + "/shares").stream()
                .filter(l -> l.path("subj").asText().equals(pseudonym)).count();
        assertThat(subjectEntries).isEqualTo(20); // every fifth of 100 requests, archived and hot
    }

    @Test
    void shouldLoseAndDuplicateNothingWhenSealingCrashes() throws Exception {
        send(60);
        try (RedisLink link = RedisLink.open("crash", new RedisSettings(gateway.config().redis().uri(),
                Duration.ofSeconds(2), 1000, gateway.config().redis().keyPrefix()), Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> archiverCrashingAfter(link, CrashingSegmentStore.Stage.DATA_WRITTEN).runOnce())
                    .hasMessageContaining("simulated crash");
            assertThat(streamLength()).isEqualTo(60);
            assertThatThrownBy(() -> archiverCrashingAfter(link, CrashingSegmentStore.Stage.MANIFEST_WRITTEN).runOnce())
                    .hasMessageContaining("simulated crash");
        }
        assertThat(streamLength()).as("sealed but not yet trimmed").isEqualTo(60);
        gateway.app().archiver().runOnce();
        assertThat(streamLength()).isZero();
        List<SegmentManifest> manifests = new ArchiveDirectory(archiveDir).manifests(writer());
        assertThat(manifests).extracting(SegmentManifest::firstSeq).containsExactly(1L, 26L, 51L);
        assertThat(manifests.stream().mapToLong(SegmentManifest::count).sum()).isEqualTo(60);
        try (var files = Files.list(archiveDir.resolve(writer()))) {
            assertThat(files.filter(f -> f.toString().endsWith(".tmp"))).isEmpty();
        }
        assertThat(pageAll(1000)).hasSize(60).doesNotHaveDuplicates();
        assertThat(verify().getBoolean("ok")).isTrue();
    }

    @Test
    void shouldDetectATamperedSegment() throws Exception {
        send(30);
        gateway.app().archiver().runOnce();
        Path data;
        try (var files = Files.list(archiveDir.resolve(writer()))) {
            data = files.filter(f -> f.toString().endsWith(".ndjson.gz")).sorted().findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(data);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(data, bytes);
        JsonObject result = verify();
        assertThat(result.getBoolean("ok")).isFalse();
        JsonObject failure = result.getJsonArray("writers").getJsonObject(0).getJsonObject("failure");
        assertThat(failure.getString("kind")).isEqualTo("ALTERED");
        assertThat(failure.getLong("seq")).isEqualTo(1L);
    }

    @Test
    void shouldDeleteOldEntriesButKeepTheirCountsForDisclosures() throws Exception {
        send(50);
        // A checkpoint of the last entry, whose data retention then deletes: it must not read as a truncation
        // (it did, whenever the checkpointer's 1 s tick came before the verify).
        dev.idgw.testkit.wait.Eventually.eventually(Duration.ofSeconds(10), () -> assertThat(gateway.compliance(
                "/compliance/v1/checkpoints", GatewayHarness.COMPLIANCE_TOKEN).body()).contains("\"seq\":\"50\""));
        gateway.app().archiver().runOnce();
        JsonObject before = new JsonObject(gateway.compliance("/compliance/v1/disclosures",
                GatewayHarness.COMPLIANCE_TOKEN).body());
        Clock later = Clock.fixed(Instant.now().plus(Duration.ofDays(120)), ZoneOffset.UTC);
        try (RedisLink link = RedisLink.open("retention", new RedisSettings(gateway.config().redis().uri(),
                Duration.ofSeconds(2), 1000, gateway.config().redis().keyPrefix()), Duration.ofSeconds(5))) {
            Archiver archiver = new Archiver(link, gateway.app().shareLogKeys(), new ArchiveDirectory(archiveDir),
                    gateway.config().archive(), () -> CheckpointSigner.of(gateway.app().keys().signingKey()), later);
            assertThat(archiver.runOnce().segmentsExpired()).isEqualTo(2);
        }
        assertThat(new ArchiveDirectory(archiveDir).manifests(writer())).allMatch(SegmentManifest::dataDeleted);
        assertThat(pageAll(1000)).isEmpty();
        JsonObject after = new JsonObject(gateway.compliance("/compliance/v1/disclosures",
                GatewayHarness.COMPLIANCE_TOKEN).body());
        assertThat(after.getJsonArray("categories")).isEqualTo(before.getJsonArray("categories"));
        JsonObject verified = verify();
        assertThat(verified.getBoolean("ok")).as("manifests still chain and verify: " + verified.encode()).isTrue();
    }

    /** An archiver of the gateway's writer, on the real archive directory, that crashes once after {@code stage}. */
    private Archiver archiverCrashingAfter(RedisLink link, CrashingSegmentStore.Stage stage) {
        return new Archiver(link, gateway.app().shareLogKeys(),
                new CrashingSegmentStore(new ArchiveDirectory(archiveDir), stage), gateway.config().archive(),
                () -> CheckpointSigner.of(gateway.app().keys().signingKey()), Clock.systemUTC());
    }

    private void send(int n) {
        for (int i = 0; i < n; i++) {
            assertThat(gateway.post(AdPodRequests.dynamicPod("a-" + UUID.randomUUID(), devices.get(i % devices.size()),
                    "203.0.113.9").toString()).statusCode()).isIn(200, 204);
        }
    }

    private List<String> pageAll(int limit) {
        List<String> uids = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 1000; pages++) {
            var r = gateway.compliance("/compliance/v1/shares?limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor),
                    GatewayHarness.COMPLIANCE_TOKEN);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            for (String line : r.body().split("\n")) {
                if (!line.isBlank()) {
                    uids.add(new JsonObject(line).getString("uid"));
                }
            }
            cursor = r.headers().firstValue("X-Next-Cursor").orElse(null);
            if (cursor == null) {
                break;
            }
        }
        return uids;
    }

    private List<JsonNode> ndjson(String path) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : gateway.compliance(path, GatewayHarness.COMPLIANCE_TOKEN).body().split("\n")) {
            if (!line.isBlank()) {
                out.add(AdPodRequests.JSON.readTree(line));
            }
        }
        return out;
    }

    private JsonObject verify() {
        return new JsonObject(gateway.compliance("/compliance/v1/verify", GatewayHarness.COMPLIANCE_TOKEN).body());
    }

    private long streamLength() throws Exception {
        try (RedisLink link = RedisLink.open("len", new RedisSettings(gateway.config().redis().uri(), Duration.ofSeconds(2),
                1000, gateway.config().redis().keyPrefix()), Duration.ofSeconds(5))) {
            return link.commands().orElseThrow().xlen(gateway.app().shareLogKeys().stream()).get(5, TimeUnit.SECONDS);
        }
    }

    private String writer() {
        return gateway.config().writerId();
    }

}
