package dev.idgw.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.idgw.gateway.archive.ArchiveSettings;
import dev.idgw.gateway.auction.AuctionSettings;
import dev.idgw.gateway.compliance.ComplianceSettings;
import dev.idgw.gateway.consent.ConsentCacheSettings;
import dev.idgw.gateway.fanout.FanOutSettings;
import dev.idgw.gateway.http.ServerSettings;
import dev.idgw.gateway.ops.MetricsSettings;
import dev.idgw.gateway.redis.RedisSettings;
import dev.idgw.gateway.sharelog.ShareLogSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each gateway.yaml section's reader on its own: an absent section is exactly the defaults its
 * settings record declares, and a bad value is an error at the full key path and its line, decided by
 * the reader that knows the rule (not guessed afterwards from an exception's text).
 */
class SectionReadersTest {
    private static final Path BASE = Path.of("/etc/idgw");
    private static final String HASH = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @Test
    void shouldDefaultEveryServerKeyToServerSettingsDefaults() {
        ServerSettings server = ServerReader.read(section("server", ""));

        assertThat(server.host()).isEqualTo(ServerSettings.DEFAULT_HOST);
        assertThat(server.port()).isEqualTo(ServerSettings.DEFAULT_PORT);
        assertThat(server.maxBodyBytes()).isEqualTo(ServerSettings.DEFAULT_MAX_BODY_BYTES);
        assertThat(server.maxHeaderBytes()).isEqualTo(ServerSettings.DEFAULT_MAX_HEADER_BYTES);
        assertThat(server.maxInitialLineBytes()).isEqualTo(ServerSettings.DEFAULT_MAX_INITIAL_LINE_BYTES);
        assertThat(server.idleTimeout()).isEqualTo(ServerSettings.DEFAULT_IDLE_TIMEOUT);
        assertThat(server.bodyReadTimeout()).isEqualTo(ServerSettings.DEFAULT_BODY_READ_TIMEOUT);
        assertThat(server.trustedProxies().trusts("10.0.0.1")).isFalse();
        assertThat(server.maxInFlight()).isEqualTo(ServerSettings.DEFAULT_MAX_IN_FLIGHT);
        assertThat(server.maxEventLoopLag()).isEqualTo(ServerSettings.DEFAULT_MAX_EVENT_LOOP_LAG);
        assertThat(server.shutdownGrace()).isEqualTo(ServerSettings.DEFAULT_SHUTDOWN_GRACE);
        assertThat(server.warmup()).isEqualTo(ServerSettings.DEFAULT_WARMUP);
    }

    @Test
    void shouldDefaultEveryOtherSectionToItsRecordsDefaults() {
        assertThat(RedisReader.read(section("redis", ""))).isEqualTo(RedisSettings.at(RedisSettings.DEFAULT_URI));
        assertThat(ConsentCacheReader.read(section("consentCache", ""))).isEqualTo(ConsentCacheSettings.DEFAULTS);
        assertThat(AuctionReader.read(section("auction", ""))).isEqualTo(AuctionSettings.defaults());
        assertThat(FanOutReader.read(section("fanOut", ""))).isEqualTo(FanOutSettings.defaults());
        assertThat(MetricsReader.read(section("metrics", ""))).isEqualTo(MetricsSettings.DEFAULTS);
        assertThat(ComplianceReader.read(section("compliance", ""))).isEqualTo(new ComplianceSettings(
                ComplianceSettings.DEFAULT_ENABLED, ComplianceSettings.DEFAULT_HOST, ComplianceSettings.DEFAULT_PORT,
                List.of()));
        assertThat(ArchiveReader.read(section("archive", ""), BASE)).isEqualTo(new ArchiveSettings(
                ArchiveSettings.DEFAULT_ENABLED, BASE.resolve(ArchiveSettings.DEFAULT_DIR),
                ArchiveSettings.DEFAULT_HOT_WINDOW, ArchiveSettings.DEFAULT_SEGMENT_MAX_ENTRIES,
                ArchiveSettings.DEFAULT_RUN_EVERY, ArchiveSettings.DEFAULT_RAW_RETENTION,
                ArchiveSettings.DEFAULT_AGGREGATE_RETENTION));
        assertThat(KeysReader.read(section("keys", ""), BASE)).isEqualTo(BASE.resolve("../keys-data"));
        assertThat(PolicyFiles.read(section("", ""), BASE))
                .isEqualTo(new PolicyFiles(BASE.resolve("partners.yaml"), BASE.resolve("jurisdictions.yaml")));
    }

    @Test
    void shouldDefaultTheWriterIdToTheHostNameAndTheCheckpointsToTheirDefaults() {
        ShareLogSettings shareLog = ShareLogReader.read(section("shareLog", ""));

        assertThat(shareLog.writerId()).isEqualTo(ShareLogReader.defaultWriterId()).matches("[A-Za-z0-9_.-]{1,64}");
        assertThat(shareLog.checkpointEvery()).isEqualTo(ShareLogSettings.DEFAULT_CHECKPOINT_EVERY);
        assertThat(shareLog.checkpointInterval()).isEqualTo(ShareLogSettings.DEFAULT_CHECKPOINT_INTERVAL);
    }

    @Test
    void shouldReadAGivenValueInsteadOfTheDefault() {
        ServerSettings server = ServerReader.read(section("server", "bodyReadTimeout: 2s\ntrustedProxies: [10.0.0.0/8]"));

        assertThat(server.bodyReadTimeout()).hasSeconds(2);
        assertThat(server.trustedProxies().trusts("10.1.2.3")).isTrue();
        assertThat(AuctionReader.read(section("auction", "assemblyReserve: 0ms")).assemblyReserve()).isZero();
    }

    /** section, its body (\n between lines), the error expected: key path, problem and the line of the key. */
    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource(delimiter = '|', value = {
            "server       | port: 70000                              | server.port: expected a whole number from 0 to 65535, got '70000' (line 2)",
            "server       | host: x\\nbodyReadTimeout: 50ms          | server.bodyReadTimeout: must be between 100ms and 60000ms (line 3)",
            "server       | trustedProxies: [10.0.0.1, 10.0.0.0/33]  | server.trustedProxies[1]: prefix out of range: 10.0.0.0/33 (line 2)",
            "server       | hots: 0.0.0.0                            | server.hots: unknown key (allowed: bodyReadTimeout, headerReadTimeout, host,",
            "redis        | keyPrefix: a b                           | redis.keyPrefix: key prefix must be 1-32 of [A-Za-z0-9_.-] (line 2)",
            "redis        | uri: http://127.0.0.1:6379               | redis.uri: expected a redis:// or rediss:// URI (line 2)",
            "redis        | uri: redis://a:1\\ncluster: [redis://b:1] | redis.cluster: mutually exclusive with redis.uri",
            "consentCache | maxStaleness: 100ms\\nheartbeat: 60ms   | consentCache.heartbeat: must be at most half of maxStaleness (100ms) (line 3)",
            "auction      | defaultTmax: 900ms\\nmaxTmax: 500ms      | auction.defaultTmax: must not exceed maxTmax (500ms) (line 2)",
            "auction      | defaultTmax: 20ms\\nassemblyReserve: 20ms | auction.assemblyReserve: must be shorter than defaultTmax (20ms) (line 3)",
            "fanOut       | breaker:\\n    windw: 10                | fanOut.breaker.windw: unknown key (allowed: failureRatePercent, halfOpenCalls, minimumCalls, openFor, window) (line 3)",
            "fanOut       | breaker:\\n    openFor: 5              | fanOut.breaker.openFor: expected a duration like 250ms, 30s, 5m, 2h or 90d, got '5' (line 3)",
            "shareLog     | writerId: gateway 1                      | shareLog.writerId: writer id must be 1-64 of [A-Za-z0-9_.-] (line 2)",
            "archive      | rawRetention: 30d\\naggregateRetention: 10d | archive.aggregateRetention: must be at least rawRetention (43200 min): aggregates are kept at least as long as raw entries (line 3)",
            "metrics      | enabled: 1                               | metrics.enabled: expected true or false, got '1' (line 2)",
            "keys         | folder: x                                | keys.folder: unknown key (allowed: dir) (line 2)",
            "compliance   | tokens:\\n  - {name: a, sha256: abc, roles: [compliance]} | compliance.tokens[0].sha256: sha256 must be 64 hex characters (line 3)",
            "compliance   | tokens:\\n  - {name: a, sha256: " + HASH + ", roles: [admin]} | compliance.tokens[0].roles: unknown role 'admin' (expected compliance, consent or operator) (line 3)",
            "compliance   | tokens:\\n  - {name: a, sha256: " + HASH + ", roles: []} | compliance.tokens[0].roles: give at least one role: compliance, consent or operator (line 3)",
            "compliance   | tokens:\\n  - {name: a, sha256: " + HASH + ", roles: [consent]}\\n  - {name: a, sha256: " + HASH + ", roles: [consent]} | compliance.tokens[1].name: duplicate token name 'a' (line 4)",
            "compliance   | tokens:\\n  - {sha256: " + HASH + ", roles: [consent]} | compliance.tokens[0].name: missing (line 3)"})
    void shouldNameTheKeyPathAndLineOfABadValue(String name, String body, String expected) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> reader(name).apply(section(name, body)));

        assertThat(e).as("a ConfigException").isNotNull();
        assertThat(e.getMessage()).startsWith("gateway.yaml: " + expected);
    }

    @Test
    void shouldGiveTheLineOfTheEntryWhenARequiredKeyIsMissing() {
        String partners = "partners:\n  - id: acme\n    role: third_party\n";

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> PartnersReader.read(YamlFile.parse("partners.yaml", partners.getBytes(StandardCharsets.UTF_8))));

        assertThat(e.getMessage()).isEqualTo("partners.yaml: partners[0].endpoint: missing (line 2)");
    }

    @Test
    void shouldExplainTheMinorAgeFloorAtItsKey() {
        String rules = "version: v1\njurisdictions:\n  default: {regime: opt_in, gpcRequired: false, minorAge: 12}\n";

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> JurisdictionsReader.read(
                YamlFile.parse("jurisdictions.yaml", rules.getBytes(StandardCharsets.UTF_8))));

        assertThat(e.getMessage()).isEqualTo("jurisdictions.yaml: jurisdictions.default.minorAge: must be from 16 "
                + "(the policy's floor) to 21, got 12 (line 3)");
    }

    private static Function<ConfigNode, ?> reader(String section) {
        return switch (section) {
            case "server" -> ServerReader::read;
            case "redis" -> RedisReader::read;
            case "consentCache" -> ConsentCacheReader::read;
            case "auction" -> AuctionReader::read;
            case "fanOut" -> FanOutReader::read;
            case "shareLog" -> ShareLogReader::read;
            case "archive" -> n -> ArchiveReader.read(n, BASE);
            case "metrics" -> MetricsReader::read;
            case "keys" -> n -> KeysReader.read(n, BASE);
            case "compliance" -> ComplianceReader::read;
            default -> throw new IllegalArgumentException(section);
        };
    }

    /** {@code name:} with {@code body} indented under it, parsed as gateway.yaml; "" for the top level itself. */
    private static ConfigNode section(String name, String body) {
        String lines = body.replace("\\n", "\n");
        if (name.isEmpty()) {
            return YamlFile.parse("gateway.yaml", ("{}\n" + lines).getBytes(StandardCharsets.UTF_8));
        }
        String yaml = name + ":" + (lines.isEmpty() ? " {}\n"
                : "\n  " + lines.replace("\n", "\n  ") + "\n");
        return YamlFile.parse("gateway.yaml", yaml.getBytes(StandardCharsets.UTF_8)).objectOrEmpty(name);
    }
}
