package dev.idgw.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.idgw.gateway.consent.AgeBand;
import dev.idgw.gateway.decision.Regime;
import dev.idgw.gateway.ops.MetricsSettings;
import dev.idgw.partners.Field;
import dev.idgw.partners.PartnerProfile;
import dev.idgw.partners.PartnerRole;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The shipped config loads; each bad file stops startup with a {@link ConfigException} naming the file
 * and the key. Every bad case is the shipped file with one change, written into a temporary folder.
 */
class ConfigLoaderTest {
    private static final Path SHIPPED = Path.of("../config");

    @TempDir
    Path dir;

    @Test
    void shouldLoadTheShippedConfig() {
        GatewayConfig config = ConfigLoader.load(SHIPPED.resolve("gateway.yaml"));

        assertThat(config.server().port()).isEqualTo(8080);
        assertThat(config.server().maxBodyBytes()).isEqualTo(262_144);
        assertThat(config.server().idleTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.redis().commandTimeout()).isEqualTo(Duration.ofMillis(50));
        assertThat(config.auction().maxTmax()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.writerId()).isEqualTo("gateway-1");
        assertThat(config.partners()).extracting(PartnerProfile::id).containsExactly("acme-ssp", "brightline", "measurely");
        assertThat(config.partners().get(2).role()).isEqualTo(PartnerRole.SERVICE_PROVIDER);
        assertThat(config.partners().get(1).identityFields()).containsExactlyInAnyOrder(Field.DEVICE_ID, Field.IP);
        assertThat(config.jurisdictions().version()).isEqualTo("2026-11-01");
        assertThat(config.jurisdictions().forCode("US-CA").regime()).isEqualTo(Regime.OPT_OUT);
        assertThat(config.jurisdictions().forCode("GB").unknownAgeAs()).isEqualTo(AgeBand.MINOR);
        assertThat(config.jurisdictions().forCode("US-ZZ").code()).isEqualTo("default");
        assertThat(config.metrics()).isEqualTo(new MetricsSettings(true, false));
    }

    @Test
    void shouldBundleTheSameJurisdictionsAsShipped() {
        assertThat(ConfigLoader.bundledJurisdictions())
                .isEqualTo(ConfigLoader.loadJurisdictions(SHIPPED.resolve("jurisdictions.yaml")));
    }

    @Test
    void shouldDefaultEveryOptionalKey() {
        write("gateway.yaml", "partners: partners.yaml\n");
        copy("partners.yaml", UnaryOperator.identity());
        copy("jurisdictions.yaml", UnaryOperator.identity());

        GatewayConfig config = ConfigLoader.load(dir.resolve("gateway.yaml"));

        assertThat(config.server().port()).isEqualTo(8080);
        assertThat(config.redis().keyPrefix()).isEqualTo("idgw");
        assertThat(config.partners()).hasSize(3);
        assertThat(config.metrics()).isEqualTo(MetricsSettings.DEFAULTS);
    }

    @Test
    void shouldTurnMetricsOffAndVertxMetersWithThem() {
        shippedConfigWith("gateway.yaml", text -> replaceOnce(text, "  enabled: true               # off: every meter",
                "  enabled: false              # off: every meter"));

        MetricsSettings metrics = ConfigLoader.load(dir.resolve("gateway.yaml")).metrics();

        assertThat(metrics.enabled()).isFalse();
        assertThat(metrics.vertxMeters()).as("Vert.x meters need metrics on").isFalse();
    }

    @Test
    void shouldKeepGatewayMetersWithoutVertxMetersUnlessAskedFor() {
        assertThat(ConfigLoader.load(SHIPPED.resolve("gateway.yaml")).metrics().vertxMeters()).isFalse();
        shippedConfigWith("gateway.yaml", text -> replaceOnce(text, "  vertx: false", "  vertx: true"));

        MetricsSettings metrics = ConfigLoader.load(dir.resolve("gateway.yaml")).metrics();

        assertThat(metrics.enabled()).isTrue();
        assertThat(metrics.vertxMeters()).isTrue();
    }

    /** file, text in the shipped file, its replacement, the key the error must name. */
    @ParameterizedTest(name = "{0}: {3}")
    @CsvSource(delimiter = '|', value = {
            "gateway.yaml | '  port: 8080'                | '  prot: 8080'                 | server.prot",
            "gateway.yaml | '  port: 8080'                | '  port: abc'                  | server.port",
            "gateway.yaml | '  port: 8080'                | '  port: 70000'                | server.port",
            "gateway.yaml | '  port: 8080'                | '  port: 80.5'                 | server.port",
            "gateway.yaml | 'idleTimeout: 30s'            | 'idleTimeout: -5s'             | server.idleTimeout",
            "gateway.yaml | 'idleTimeout: 30s'            | 'idleTimeout: 30 seconds'      | server.idleTimeout",
            "gateway.yaml | 'commandTimeout: 50ms'        | 'commandTimeout: 0ms'          | redis.commandTimeout",
            "gateway.yaml | 'maxTmax: 1000ms'             | 'maxTmax: 100ms'               | auction.defaultTmax",
            "gateway.yaml | 'trustedProxies: []'          | 'trustedProxies: [10.0.0.0/33]' | server.trustedProxies[0]",
            "gateway.yaml | 'trustedProxies: []'          | 'trustedProxies: [10.0.0.1, proxy.lan]' | server.trustedProxies[1]",
            "gateway.yaml | 'uri: redis://127.0.0.1:6379' | 'uri: http://127.0.0.1:6379'  | redis.uri",
            "gateway.yaml | 'keyPrefix: idgw'             | 'keyPrefix: \"a b\"'             | redis.keyPrefix",
            "gateway.yaml | 'keyPrefix: idgw'             | 'keyPrefix: idgw\\n  cluster: [redis://127.0.0.1:7000]' | redis.cluster",
            "gateway.yaml | '  uri: redis://127.0.0.1:6379\\n' | '  cluster: [redis://127.0.0.1:7000, 127.0.0.1:7001]\\n' | redis.cluster[1]",
            "gateway.yaml | '  uri: redis://127.0.0.1:6379\\n' | '  cluster: []\\n'        | redis.cluster",
            "gateway.yaml | '  uri: redis://127.0.0.1:6379\\n' | '  cluster: redis://127.0.0.1:7000\\n' | redis.cluster",
            "gateway.yaml | 'writerId: gateway-1'         | 'writerId: \"gateway 1\"'        | shareLog.writerId",
            "gateway.yaml | 'fanOut:'                     | 'fanout:'                      | fanout",
            "gateway.yaml | '  vertx: false'              | '  vertex: false'              | metrics.vertex",
            "gateway.yaml | '  vertx: false'              | '  vertx: sometimes'           | metrics.vertx",
            "gateway.yaml | '  enabled: true               # off: every' | '  enabled: 1               # off: every' | metrics.enabled",
            "gateway.yaml | 'metrics:   '                 | 'metric:   '                   | metric",
            "partners.yaml | '9002/bid\\n    role: third_party' | '9002/bid\\n    role: reseller' | partners[1].role",
            "partners.yaml | 'endpoint: http://127.0.0.1:9001/openrtb2/bid' | 'endpoint: ftp://127.0.0.1:9001/bid' | partners[0].endpoint",
            "partners.yaml | 'endpoint: http://127.0.0.1:9001/openrtb2/bid' | 'endpoint: not a url' | partners[0].endpoint",
            "partners.yaml | 'endpoint: http://127.0.0.1:9001/openrtb2/bid' | 'endpoint: http://u:p@127.0.0.1/bid' | partners[0].endpoint",
            "partners.yaml | '    endpoint: http://127.0.0.1:9001/openrtb2/bid\\n' | '' | partners[0].endpoint",
            "partners.yaml | 'id: brightline'             | 'id: acme-ssp'                 | partners[1].id",
            "partners.yaml | 'id: brightline'             | 'id: Bright Line'              | partners[1].id",
            "partners.yaml | '[hashed_email, device_id, ip]' | '[hashed_email, user_id]'   | partners[0].identityFields",
            "partners.yaml | '[hashed_email, device_id, ip]' | 'hashed_email'              | partners[0].identityFields",
            "partners.yaml | '{format: sha256_hex'        | '{format: md5'                 | partners[0].hashedEmail.format",
            "partners.yaml | 'strippedIp: truncate'       | 'strippedIp: hash'             | partners[0].strippedIp",
            "partners.yaml | 'timeout: 150ms'            | 'timeout: 0ms'                 | partners[0].timeout",
            "partners.yaml | '    category: advertising network\\n' | '    categroy: x\\n'   | partners[0].categroy",
            "partners.yaml | 'partners:'                  | 'partner:'                     | partner",
            "jurisdictions.yaml | '  default: {name: Everywhere else, regime: opt_in, gpcRequired: false, minorAge: 18, whenNoRecord: strip, unknownAgeAs: minor}\\n' | '' | jurisdictions.default",
            "jurisdictions.yaml | 'US-CA: {name: California (CCPA/CPRA), regime: opt_out, gpcRequired: true, minorAge: 16, whenNoRecord: strip' | 'US-CA: {name: California (CCPA/CPRA), regime: opt_out, gpcRequired: true, minorAge: 16, whenNoRecord: share' | jurisdictions.US-CA.whenNoRecord",
            "jurisdictions.yaml | 'gpcRequired: true, minorAge: 16, whenNoRecord: strip, unknownAgeAs: adult}\\n  US-VA' | 'gpcRequired: true, minorAge: 12, whenNoRecord: strip, unknownAgeAs: adult}\\n  US-VA' | jurisdictions.US-CA.minorAge",
            "jurisdictions.yaml | '  US-CA: {'                 | '  california: {'              | jurisdictions.california",
            "jurisdictions.yaml | '  US-CA: {'                 | '  US-CAL1: {'                 | jurisdictions.US-CAL1",
            "jurisdictions.yaml | 'CPRA), regime: opt_out'     | 'CPRA), regime: opt_maybe'     | jurisdictions.US-CA.regime",
            "jurisdictions.yaml | 'unknownAgeAs: adult}'       | 'unknownAgeAs: child}'         | jurisdictions.US-CA.unknownAgeAs",
            "jurisdictions.yaml | 'gpcRequired: true'          | 'gpcRequired: yes please'      | jurisdictions.US-CA.gpcRequired",
            "jurisdictions.yaml | 'version: \"2026-11-01\"'     | ''                             | version"})
    void shouldNameTheFileAndKeyOfABadValue(String file, String shipped, String replacement, String key) {
        String from = shipped.replace("\\n", "\n");
        String to = replacement.replace("\\n", "\n");
        shippedConfigWith(file, text -> replaceOnce(text, from, to));

        ConfigException e = loadFails();

        assertThat(e.getMessage()).contains(file).contains(key + ":");
    }

    @Test
    void shouldReadRedisClusterSeedNodesInsteadOfAUri() {
        shippedConfigWith("gateway.yaml", text -> replaceOnce(text, "  uri: redis://127.0.0.1:6379\n",
                "  cluster: [redis://127.0.0.1:7000, redis://127.0.0.1:7001]\n"));

        GatewayConfig config = ConfigLoader.load(dir.resolve("gateway.yaml"));

        assertThat(config.redis().isCluster()).isTrue();
        assertThat(config.redis().uri()).isNull();
        assertThat(config.redis().clusterNodes()).containsExactly("redis://127.0.0.1:7000", "redis://127.0.0.1:7001");
    }

    @Test
    void shouldRejectInvalidYaml() {
        shippedConfigWith("partners.yaml", text -> text + "\n  - id: [unclosed\n");

        assertThat(loadFails().getMessage()).contains("partners.yaml").contains("not valid YAML");
    }

    @Test
    void shouldRejectADuplicateKeyNamingItAndItsLine() {
        shippedConfigWith("gateway.yaml", text -> text + "\npartners: other-partners.yaml\n");

        assertThat(loadFails().getMessage()).contains("gateway.yaml").contains("duplicate key 'partners'")
                .containsPattern("line \\d+");
    }

    @Test
    void shouldRejectAFileThatIsNotAMapping() {
        shippedConfigWith("jurisdictions.yaml", text -> "- just\n- a list\n");

        assertThat(loadFails().getMessage()).contains("jurisdictions.yaml").contains("mapping");
    }

    @Test
    void shouldRejectAMissingFile() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.load(dir.resolve("nowhere.yaml")));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("nowhere.yaml").contains("not found");
    }

    @Test
    void shouldRejectAMissingPartnersFileNamedByGatewayYaml() {
        shippedConfigWith("gateway.yaml", text -> replaceOnce(text, "partners: partners.yaml", "partners: others.yaml"));

        assertThat(loadFails().getMessage()).contains("others.yaml").contains("not found");
    }

    @Test
    void shouldNameTheKeyOfAnUnusablePath() {
        shippedConfigWith("gateway.yaml",
                text -> replaceOnce(text, "partners: partners.yaml", "partners: \"partners\\0.yaml\""));

        assertThat(loadFails().getMessage()).contains("gateway.yaml").contains("partners:");
    }

    private ConfigException loadFails() {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                () -> ConfigLoader.load(dir.resolve("gateway.yaml")));
        assertThat(thrown).as("load must stop with a ConfigException").isInstanceOf(ConfigException.class);
        return (ConfigException) thrown;
    }

    /** Copies the three shipped files into the temporary folder, changing one of them. */
    private void shippedConfigWith(String changed, UnaryOperator<String> change) {
        for (String file : new String[] {"gateway.yaml", "partners.yaml", "jurisdictions.yaml"}) {
            copy(file, file.equals(changed) ? change : UnaryOperator.identity());
        }
    }

    private void copy(String file, UnaryOperator<String> change) {
        try {
            write(file, change.apply(Files.readString(SHIPPED.resolve(file), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(String file, String text) {
        try {
            Files.writeString(dir.resolve(file), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String replaceOnce(String text, String from, String to) {
        int at = text.indexOf(from);
        assertThat(at).as("the shipped file contains %s", from).isNotNegative();
        return text.substring(0, at) + to + text.substring(at + from.length());
    }
}
