package dev.idgw.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idgw.gateway.archive.ArchiveSettings;
import dev.idgw.gateway.auction.AuctionSettings;
import dev.idgw.gateway.compliance.ComplianceSettings;
import dev.idgw.gateway.config.ConfigLoader;
import dev.idgw.gateway.config.GatewayConfig;
import dev.idgw.gateway.fanout.FanOutSettings;
import dev.idgw.gateway.http.ServerSettings;
import dev.idgw.gateway.redis.RedisSettings;
import dev.idgw.gateway.sharelog.ShareLogSettings;
import dev.idgw.gateway.support.GatewayHarness;
import dev.idgw.gateway.support.PartnerSpec;
import dev.idgw.gateway.support.TestRedis;
import dev.idgw.partners.PartnerProfile;
import dev.idgw.testkit.partner.StubBehavior;
import dev.idgw.testkit.partner.StubPartner;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A port in use stops the start at once, naming the port and the listener, before Redis is touched and
 * before the warm-up runs (whose test requests would reach the partner), so the ledger of whatever holds
 * the port, or of an earlier run, stays as it was.
 */
class ListenerPortClashTest {

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void shouldNameThePlayerPortInUseBeforeTouchingRedisOrWarmingUp() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertRefused(ServerSettings.onPort(port).withHost("127.0.0.1"), 0,
                    "could not listen on 127.0.0.1:" + port + " (player listener): address already in use");
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void shouldNameTheInternalPortInUseBeforeTouchingRedisOrWarmingUp() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertRefused(ServerSettings.onPort(0).withHost("127.0.0.1"), port,
                    "could not listen on 127.0.0.1:" + port + " (internal listener): address already in use");
        }
    }

    /** An earlier run leaves a ledger under the prefix; the refused start must leave every key of it as it was. */
    private static void assertRefused(ServerSettings server, int internalPort, String message) throws Exception {
        String prefix = "clash" + UUID.randomUUID().toString().substring(0, 8);
        String writer = "clash-1";
        Path keys = Files.createTempDirectory("idgw-clash-keys");
        try (GatewayHarness earlier = GatewayHarness.builder().keyPrefix(prefix).writerId(writer).keysDir(keys)
                .partner(PartnerSpec.allFields("acme")).start()) {
            earlier.putConsent("6f1c2d3e-0000-4000-8000-0000000000d1", new dev.idgw.gateway.consent.ConsentRecord(
                    true, "US-CA", dev.idgw.gateway.consent.AgeBand.ADULT, null, 1, java.time.Instant.now()));
            assertThat(earlier.post(dev.idgw.gateway.support.AdPodRequests.dynamicPod("r-1",
                    "6f1c2d3e-0000-4000-8000-0000000000d1", "203.0.113.9").toString()).statusCode()).isEqualTo(200);
        }
        String before = dump(prefix);
        assertThat(before).contains(prefix + ":shares:{" + writer + "}").doesNotContain(":lease:");

        StubPartner partner = StubPartner.start("acme", 0, StubBehavior.bidding());
        Vertx vertx = Vertx.vertx();
        try {
            GatewayConfig config = new GatewayConfig(server.withWarmup(Duration.ofSeconds(1)),
                    new RedisSettings(TestRedis.uri(), Duration.ofMillis(200), 1000, prefix), AuctionSettings.defaults(),
                    FanOutSettings.defaults(), keys, new ShareLogSettings(writer, 100, Duration.ofSeconds(1)),
                    ArchiveSettings.disabled(keys.resolve("archive")),
                    new ComplianceSettings(true, "127.0.0.1", internalPort, List.of()),
                    List.of(profile(partner)), ConfigLoader.bundledJurisdictions());
            assertThatThrownBy(() -> GatewayApp.start(vertx, config).close()).hasMessage(message);
            assertThat(partner.received()).as("the warm-up did not run: no test request reached the partner").isEmpty();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            partner.close();
        }
        assertThat(dump(prefix)).as("no key under the prefix was added, changed or deleted").isEqualTo(before);
    }

    /** Every key under {@code prefix} with its type and content, sorted: equal dumps, equal data. */
    private static String dump(String prefix) {
        RedisClient client = RedisClient.create(TestRedis.uri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            StringBuilder out = new StringBuilder();
            for (String key : c.sync().keys(prefix + ":*").stream().sorted().toList()) {
                String type = c.sync().type(key);
                out.append(key).append(' ').append(type).append(' ');
                switch (type) {
                    case "hash" -> out.append(new TreeMap<>(c.sync().hgetall(key)));
                    case "set" -> out.append(new TreeSet<>(c.sync().smembers(key)));
                    case "stream" -> c.sync().xrange(key, Range.create("-", "+"))
                            .forEach(m -> out.append(m.getId()).append(m.getBody()));
                    case "string" -> out.append(c.sync().get(key));
                    default -> out.append('?');
                }
                out.append('\n');
            }
            return out.toString();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    private static PartnerProfile profile(StubPartner stub) {
        PartnerSpec p = PartnerSpec.allFields(stub.name());
        return new PartnerProfile(p.id(), stub.endpoint(), p.role(), "advertising network", p.fields(), p.emailFormat(),
                p.id() + ".example", p.strippedIp(), p.timeout());
    }
}
