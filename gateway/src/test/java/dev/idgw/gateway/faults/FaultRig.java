package dev.idgw.gateway.faults;

import dev.idgw.gateway.support.ShippedRedisConfig;

import static dev.idgw.testkit.wait.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.gateway.GatewayApp;
import dev.idgw.gateway.config.ConfigLoader;
import dev.idgw.gateway.config.GatewayConfig;
import dev.idgw.gateway.faults.Audience.Viewer;
import dev.idgw.gateway.faults.PlayerLoad.Answer;
import dev.idgw.testkit.partner.ReceivedRequest;
import dev.idgw.testkit.partner.StubBehavior;
import dev.idgw.testkit.partner.StubPartner;
import dev.idgw.testkit.fault.TcpFaultProxy;
import dev.idgw.testkit.redis.LocalRedis;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One gateway under fault: a private Redis with the shipped durable config ({@code appendfsync always}),
 * two stub partners ({@link #STEADY} bids low, {@link #FAULTY} bids high so its bids lead the pod when it
 * answers), and a {@link TcpFaultProxy} in front of Redis and/or the faulty partner. The gateway is started
 * the operator's way, from a gateway.yaml and partners.yaml run through {@link ConfigLoader}, so settings
 * a new version adds keep their shipped defaults here. Consent is seeded straight into Redis, never
 * through a proxy.
 */
final class FaultRig implements AutoCloseable {
    static final String STEADY = "steady";
    static final String FAULTY = "faulty";
    static final Duration COMMAND_TIMEOUT = Duration.ofMillis(100);
    static final Duration PARTNER_TIMEOUT = Duration.ofMillis(200);
    /** tmax of every request ({@code AdPodRequests.dynamicPod}). */
    static final Duration TMAX = Duration.ofMillis(500);
    /** tmax + consent read and share append timeouts, plus slack for a shared 2-core machine. */
    static final Duration PLAYER_DEADLINE = TMAX.plus(COMMAND_TIMEOUT.multipliedBy(2)).plusMillis(1_300);
    /** How long the gateway may take to serve identity and fill pods again once a fault is gone. */
    static final Duration RECOVERY = Duration.ofSeconds(15);
    private static final Path SHIPPED_JURISDICTIONS = Path.of("../config/jurisdictions.yaml");

    private final long seed = ThreadLocalRandom.current().nextLong();
    private final Path dir;
    private final LocalRedis redis;
    private final TcpFaultProxy redisProxy;
    private final Map<String, StubPartner> stubs = new LinkedHashMap<>();
    private final TcpFaultProxy partnerProxy;
    private final Audience audience = Audience.seeded(seed);
    private final Vertx vertx = Vertx.vertx();
    private final GatewayConfig config;
    private GatewayApp app;
    private final PlayerLoad players;

    private FaultRig(boolean proxyRedis, boolean proxyFaultyPartner) throws IOException {
        dir = Files.createTempDirectory("idgw-faults");
        redis = LocalRedis.start(dir.resolve("redis"), ShippedRedisConfig.arguments());
        redisProxy = proxyRedis ? TcpFaultProxy.start("127.0.0.1", redis.port()) : null;
        stubs.put(STEADY, StubPartner.start(STEADY, 0, StubBehavior.bidding().withBasePrice(5.0)));
        stubs.put(FAULTY, StubPartner.start(FAULTY, 0, StubBehavior.bidding().withBasePrice(50.0)));
        partnerProxy = proxyFaultyPartner ? TcpFaultProxy.start("127.0.0.1", stubs.get(FAULTY).port()) : null;
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        config = ConfigLoader.load(writeConfig("f" + suffix, "faults-" + suffix));
        audience.seed(redis.uri(), config.redis().keyPrefix());
        app = GatewayApp.start(vertx, config);
        players = new PlayerLoad(URI.create("http://127.0.0.1:" + app.port() + "/openrtb2/adpod"));
    }

    /** Redis behind a proxy, partners direct. */
    static FaultRig redisBehindProxy() throws IOException {
        return new FaultRig(true, false);
    }

    /** The faulty partner behind a proxy, Redis direct. */
    static FaultRig faultyPartnerBehindProxy() throws IOException {
        return new FaultRig(false, true);
    }

    /** Everything direct. */
    static FaultRig direct() throws IOException {
        return new FaultRig(false, false);
    }

    TcpFaultProxy redisProxy() {
        return redisProxy;
    }

    TcpFaultProxy partnerProxy() {
        return partnerProxy;
    }

    LocalRedis redis() {
        return redis;
    }

    StubPartner stub(String id) {
        return stubs.get(id);
    }

    Audience audience() {
        return audience;
    }

    PlayerLoad players() {
        return players;
    }

    /** For messages: the seed replays the audience and the mix. */
    String context(String scenario) {
        return scenario + ", seed " + seed + ", redis log in " + dir.resolve("redis");
    }

    /**
     * Polls with single requests from consented viewers until one is answered 200 and every partner in
     * {@code bidders} placed a bid, and both stubs received that viewer's identity; fails after
     * {@link #RECOVERY}. Returns how long it took.
     */
    Duration awaitHealthy(String context, String... bidders) {
        long start = System.nanoTime();
        eventually(RECOVERY, Duration.ofMillis(50), () -> {
            Viewer v = audience.anyConsented();
            int steadyBefore = stub(STEADY).received().size();
            int faultyBefore = stub(FAULTY).received().size();
            Answer a = players.send(v.request("probe"));
            List<String> seats = PlayerLoad.seats(a);
            boolean identity = receivedIdentity(stub(STEADY), steadyBefore, v)
                    && receivedIdentity(stub(FAULTY), faultyBefore, v);
            assertThat(a.status() == 200 && seats.containsAll(List.of(bidders)) && identity)
                    .as("healthy (%s); last probe: %d %s, seats %s, identity %s", context, a.status(),
                            a.error() == null ? "" : a.error(), seats, identity)
                    .isTrue();
        });
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static boolean receivedIdentity(StubPartner stub, int from, Viewer v) {
        List<ReceivedRequest> received = stub.received();
        return received.subList(Math.min(from, received.size()), received.size()).stream()
                .anyMatch(r -> r.bodyText().contains("\"ifa\":\"" + v.deviceId() + "\""));
    }

    /**
     * Stops the gateway (its final checkpoint), then holds everything both stubs received and the share
     * log to invariants 1 and 2. Redis must be reachable directly again by now. Returns the payloads
     * that carried identity, per partner.
     */
    Map<String, Integer> stopAndAudit(String context) throws IOException {
        app.close();
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
        long acknowledged = app.shareLogHead().seq();
        app = null;
        ShareAudit audit = ShareAudit.read(redis.uri(), config.redis().keyPrefix(), config.writerId());
        Map<String, Integer> identity = new LinkedHashMap<>();
        for (StubPartner stub : stubs.values()) {
            identity.put(stub.name(), audit.assertNoLeak(audience, stub.name(), stub.received(), context));
        }
        audit.assertChainComplete(config.keysDir(), acknowledged, context);
        System.out.printf("%s: %d share entries, identity payloads %s, received %s%n", context, audit.entryCount(),
                identity, stubs.values().stream().map(s -> s.name() + "=" + s.receivedCount()).toList());
        assertThat(identity.values()).as("identity flowed at some point (%s)", context).allMatch(n -> n > 0);
        return identity;
    }

    @Override
    public void close() {
        if (app != null) {
            app.close();
            vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
        }
        if (redisProxy != null) {
            redisProxy.close();
        }
        if (partnerProxy != null) {
            partnerProxy.close();
        }
        stubs.values().forEach(StubPartner::close);
        redis.close();
    }

    private Path writeConfig(String keyPrefix, String writerId) throws IOException {
        Path configDir = Files.createDirectories(dir.resolve("config"));
        Files.copy(SHIPPED_JURISDICTIONS, configDir.resolve("jurisdictions.yaml"));
        StringBuilder partners = new StringBuilder("partners:\n");
        for (StubPartner stub : stubs.values()) {
            String endpoint = stub.name().equals(FAULTY) && partnerProxy != null
                    ? "http://" + partnerProxy.address() + StubPartner.ENDPOINT_PATH : stub.endpoint().toString();
            partners.append("""
                      - id: %s
                        endpoint: %s
                        role: third_party
                        category: advertising network
                        identityFields: [hashed_email, device_id, ip]
                        hashedEmail: {format: sha256_hex}
                        strippedIp: remove
                        timeout: %dms
                    """.formatted(stub.name(), endpoint, PARTNER_TIMEOUT.toMillis()));
        }
        Files.writeString(configDir.resolve("partners.yaml"), partners);
        String redisUri = redisProxy != null ? "redis://" + redisProxy.address() : redis.uri();
        Path yaml = configDir.resolve("gateway.yaml");
        Files.writeString(yaml, """
                server: {host: 127.0.0.1, port: 0, warmup: 3s}
                redis: {uri: "%s", commandTimeout: %dms, keyPrefix: %s}
                keys: {dir: "%s"}
                shareLog: {writerId: %s, checkpointEvery: 50, checkpointInterval: 500ms}
                archive: {enabled: false}
                compliance: {enabled: false}
                partners: partners.yaml
                jurisdictions: jurisdictions.yaml
                """.formatted(redisUri, COMMAND_TIMEOUT.toMillis(), keyPrefix, dir.resolve("keys").toAbsolutePath(),
                writerId));
        return yaml;
    }

}
