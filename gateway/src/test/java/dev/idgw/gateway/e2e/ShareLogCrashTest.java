package dev.idgw.gateway.e2e;

import static dev.idgw.testkit.wait.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.gateway.consent.AgeBand;
import dev.idgw.gateway.consent.ConsentKeys;
import dev.idgw.gateway.consent.ConsentRecord;
import dev.idgw.gateway.consent.ConsentRecordCodec;
import dev.idgw.gateway.sharelog.VerificationReport;
import dev.idgw.gateway.support.AdPodRequests;
import dev.idgw.gateway.support.ShareLedger.IdentityPayload;
import dev.idgw.gateway.support.ShareLedger;
import dev.idgw.gateway.support.ShippedRedisConfig;
import dev.idgw.testkit.partner.StubBehavior;
import dev.idgw.testkit.partner.StubPartner;
import dev.idgw.testkit.redis.LocalRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Invariants 2 and 5 under the crash the design is written against: the gateway is SIGKILLed in the
 * middle of a load, then Redis is SIGKILLed too, so only what the AOF of the shipped
 * {@code redis-sharelog.conf} holds survives. Every identity the partner received must still have its
 * acknowledged share record, and the chain and its signed checkpoints must verify; a restarted gateway
 * must carry the same chain on without a gap.
 *
 * <p>The gateway runs as a child JVM started with {@code Main serve --config}, the operator's way in,
 * so the kill is a real process death and not a closed Vert.x instance.
 */
@Isolated // SIGKILLs a child gateway under load on a port chosen free beforehand: CPU-sensitive, and another test could take the port
class ShareLogCrashTest {
    private static final String PREFIX = "crash";
    private static final String WRITER = "crash-1";
    private static final String PARTNER = "stub-a";
    private static final int DEVICES = 200;
    private static final Duration START_WAIT = Duration.ofSeconds(60);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;
    private LocalRedis redis;
    private StubPartner stub;
    private Process gateway;
    private int gatewayPort;
    private final List<String> devices = new ArrayList<>();

    @AfterEach
    void stopEverything() {
        if (gateway != null) {
            gateway.destroyForcibly();
            waitFor(gateway, Duration.ofSeconds(10));
        }
        if (stub != null) {
            stub.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void shouldKeepEveryAcknowledgedRecordWhenTheGatewayAndRedisAreKilledUnderLoad() throws Exception {
        long seed = ThreadLocalRandom.current().nextLong(); // in every message: replays the devices, IPs and kill point
        Random random = new Random(seed);
        String context = "seed " + seed + ", gateway logs in " + dir;
        redis = LocalRedis.start(dir.resolve("redis"), ShippedRedisConfig.arguments());
        assertShippedDurability();
        stub = StubPartner.start(PARTNER, 0, StubBehavior.bidding());
        Path keysDir = dir.resolve("keys");
        Path yaml = writeConfig(keysDir);
        seedConsent(random);

        int port = startGateway(yaml, "gateway-1.log");
        driveLoad(port, 100, Duration.ofSeconds(1), random, Long.MAX_VALUE); // a cold JVM first, as in production
        long killAtMillis = 1_000 + random.nextInt(1_000);
        Load load = driveLoad(port, 400, Duration.ofSeconds(3), random, killAtMillis);
        assertThat(gateway.exitValue()).as("SIGKILLed, not exited (%s)", context).isEqualTo(137);
        redis.kill();
        redis.restart();

        ShareLedger crashed = ShareLedger.read(redis.uri(), PREFIX, WRITER);
        List<IdentityPayload> beforeCrash = ShareLedger.identityPayloads(stub.received());
        System.out.printf("killed at %d ms: %s, %d identity payloads, %d entries, %d checkpoints survived (%s)%n",
                killAtMillis, load, beforeCrash.size(), crashed.entries().size(), crashed.checkpoints().size(), context);
        assertThat(beforeCrash).as("identity flowed before the kill (%s; %s)", load, context).isNotEmpty();
        assertAllRecorded(crashed, beforeCrash, context);
        assertVerifies(crashed, keysDir, context);

        // The killed gateway never released its writer lease, and the AOF kept it: a restart waits out its TTL.
        waitForLeaseExpiry();
        startGateway(yaml, "gateway-2.log");
        driveLoad(port, 100, Duration.ofSeconds(1), random, Long.MAX_VALUE);
        gateway.destroy(); // SIGTERM: the shutdown hook writes a final checkpoint
        assertThat(waitFor(gateway, Duration.ofSeconds(15))).as("stopped on SIGTERM (%s)", context).isTrue();

        ShareLedger end = ShareLedger.read(redis.uri(), PREFIX, WRITER);
        List<IdentityPayload> all = ShareLedger.identityPayloads(stub.received());
        assertThat(all.size()).as("identity flowed after the restart (%s)", context).isGreaterThan(beforeCrash.size());
        assertAllRecorded(end, all, context);
        assertThat(end.entries().subList(0, crashed.entries().size()))
                .as("the restarted writer left the crashed chain as it was").isEqualTo(crashed.entries());
        assertThat(end.entries()).as("entries after the restart (%s)", context).hasSizeGreaterThan(crashed.entries().size());
        assertThat(end.entries().get(crashed.entries().size()).seq())
                .as("the restarted writer continues at the next seq (%s)", context).isEqualTo(crashed.lastSeq() + 1);
        assertVerifies(end, keysDir, context);
        assertThat(end.checkpoints()).last().as("the final checkpoint closes the chain (%s)", context)
                .satisfies(c -> assertThat(c.seq()).isEqualTo(end.lastSeq()));
    }

    /** Polls (bounded) until Redis dropped the killed writer's lease at the end of its PX. */
    private void waitForLeaseExpiry() {
        String lease = new dev.idgw.gateway.sharelog.ShareLogKeys(PREFIX, WRITER).lease();
        RedisClient client = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            eventually(Duration.ofSeconds(10), Duration.ofMillis(50),
                    () -> assertThat(c.sync().exists(lease)).as("the killed writer's lease expired").isZero());
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /** Appends only count as durable with the AOF fsynced before each reply. */
    private void assertShippedDurability() {
        RedisClient client = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            assertThat(c.sync().configGet("appendonly")).containsEntry("appendonly", "yes");
            assertThat(c.sync().configGet("appendfsync")).containsEntry("appendfsync", "always");
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    private static void assertAllRecorded(ShareLedger ledger, List<IdentityPayload> sent, String context) {
        List<IdentityPayload> unrecorded = ledger.unrecorded(sent, PARTNER);
        assertThat(unrecorded.size()).as("of %d identity payloads, sent without a durable share record (%s), e.g. %s",
                sent.size(), context, unrecorded.stream().limit(3).toList()).isZero();
    }

    private static void assertVerifies(ShareLedger ledger, Path keysDir, String context) throws IOException {
        VerificationReport report = ledger.verify(keysDir);
        assertThat(report.firstFailure()).as("chain of %d entries, %d checkpoints (%s)", ledger.entries().size(),
                ledger.checkpoints().size(), context).isEmpty();
        assertThat(report.entriesChecked()).isEqualTo(ledger.entries().size());
        assertThat(report.checkpointsChecked()).isEqualTo(ledger.checkpoints().size()).isPositive();
        assertThat(ledger.entries()).as("no raw email in the log").noneMatch(e -> e.json().contains("@"));
    }

    private Path writeConfig(Path keysDir) throws IOException {
        Path config = Files.createDirectories(dir.resolve("config"));
        Files.copy(Path.of("../config/jurisdictions.yaml"), config.resolve("jurisdictions.yaml"));
        Files.writeString(config.resolve("partners.yaml"), """
                partners:
                  - id: %s
                    endpoint: %s
                    role: third_party
                    category: advertising network
                    identityFields: [hashed_email, device_id, ip]
                    hashedEmail: {format: sha256_hex}
                    strippedIp: remove
                    timeout: 200ms
                """.formatted(PARTNER, stub.endpoint()));
        Path yaml = config.resolve("gateway.yaml");
        gatewayPort = freePort();
        Files.writeString(yaml, """
                server: {host: 127.0.0.1, port: %d, maxEventLoopLag: 10s, warmup: 3s}
                redis: {uri: "%s", commandTimeout: 200ms, keyPrefix: %s}
                keys: {dir: "%s"}
                shareLog: {writerId: %s, checkpointEvery: 50, checkpointInterval: 500ms, leaseTtl: 2s}
                archive: {enabled: false}
                compliance: {enabled: false}
                partners: partners.yaml
                jurisdictions: jurisdictions.yaml
                """.formatted(gatewayPort, redis.uri(), PREFIX, keysDir.toAbsolutePath(), WRITER));
        return yaml;
    }

    /** Adult US-CA devices with advertising consent granted; every other one has an email hash too. */
    private void seedConsent(Random random) {
        ConsentKeys keys = new ConsentKeys(PREFIX);
        RedisClient client = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            for (int i = 0; i < DEVICES; i++) {
                String device = new UUID(random.nextLong(), random.nextLong()).toString();
                byte[] email = null;
                if (i % 2 == 0) {
                    email = new byte[32];
                    random.nextBytes(email);
                }
                c.sync().hset(keys.forDevice(device), ConsentRecordCodec.encode(
                        new ConsentRecord(true, "US-CA", AgeBand.ADULT, email, 1, Instant.now())));
                devices.add(device);
            }
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /** Starts {@code Main serve} in a child JVM and returns its player port once it accepts connections. */
    private int startGateway(Path yaml, String logName) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // C1 only and serial GC: the child starts in ~2 s instead of ~6 on two cores, and its compiler
        // threads leave CPU to the load, the stub and Redis. (Surefire's java.class.path is a manifest-only
        // jar; the child JVM follows its Class-Path like the test JVM does.)
        gateway = new ProcessBuilder(java.toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "dev.idgw.gateway.Main", "serve", "--config", yaml.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve(logName).toFile()).start();
        int port = gatewayPort;
        eventually(START_WAIT, Duration.ofMillis(50), () -> {
            if (gateway.isAlive()) { // an exit is final: stop waiting and fail on it below
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                }
            }
        });
        assertThat(gateway.isAlive()).as("gateway exited at start: see %s", dir.resolve(logName)).isTrue();
        return port;
    }

    /**
     * Open-model load: {@code ratePerSecond} requests for {@code duration}, each with a unique id and a
     * random seeded device, whatever the answers. At {@code killAtMillis} the gateway is SIGKILLed and
     * the load goes on (those requests fail). Every request is finished or
     * timed out on return.
     */
    private Load driveLoad(int port, int ratePerSecond, Duration duration, Random random, long killAtMillis)
            throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1)).build();
        URI uri = URI.create("http://127.0.0.1:" + port + "/openrtb2/adpod");
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        AtomicInteger answered = new AtomicInteger();
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / ratePerSecond;
        long start = System.nanoTime();
        boolean killed = false;
        for (long at = start; at - start < duration.toNanos(); at += intervalNanos) {
            LockSupport.parkNanos(at - System.nanoTime());
            if (!killed && TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) >= killAtMillis) {
                gateway.destroyForcibly(); // SIGKILL on Linux
                killed = true;
            }
            String body = AdPodRequests.dynamicPod("load-" + UUID.randomUUID(), devices.get(random.nextInt(DEVICES)),
                    "198.51.100." + (1 + random.nextInt(254))).toString();
            inFlight.add(http.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.discarding()).thenAccept(answer -> answered.incrementAndGet())
                    .exceptionally(failed -> null));
        }
        if (killed) {
            assertThat(waitFor(gateway, Duration.ofSeconds(10))).as("gateway dead after SIGKILL").isTrue();
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).orTimeout(15, TimeUnit.SECONDS).join();
        return new Load(inFlight.size(), answered.get());
    }

    /** How many requests a load sent, and how many got an HTTP answer. */
    private record Load(int sent, int answered) {
    }

    private static boolean waitFor(Process process, Duration limit) {
        try {
            return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
