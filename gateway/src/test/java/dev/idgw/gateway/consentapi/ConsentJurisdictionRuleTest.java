package dev.idgw.gateway.consentapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.gateway.config.PolicyFiles;
import dev.idgw.gateway.reload.PolicyReloader;
import dev.idgw.gateway.reload.ReloadOutcome;
import dev.idgw.gateway.support.GatewayHarness;
import dev.idgw.gateway.support.PartnerSpec;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The consent API says which jurisdiction rule governs a record, from the rules in force: a region the
 * rules name is its own rule; a region they do not name (US-WA in the shipped rules) is accepted under the
 * {@code default} rule and the answer says so; a policy reload that adds the region changes the answer.
 * Over HTTP on the running internal listener.
 */
class ConsentJurisdictionRuleTest {
    private static final Path SHIPPED_RULES = Path.of("../config/jurisdictions.yaml");
    private static final String TOKEN = GatewayHarness.CONSENT_TOKEN;
    private GatewayHarness gateway;

    @BeforeEach
    void start() {
        gateway = GatewayHarness.builder().partner(PartnerSpec.allFields("alpha")).start();
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void shouldNameTheRegionsOwnRuleWhenTheRulesNameIt() {
        HttpResponse<String> put = put(UUID.randomUUID().toString(), "US-CA");

        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        JsonObject view = new JsonObject(put.body());
        assertThat(view.getString("jurisdiction")).isEqualTo("US-CA");
        assertThat(view.getString("jurisdictionRule")).isEqualTo("US-CA");
        assertThat(view.containsKey("note")).isFalse();
        assertThat(view.fieldNames()).contains("deviceId", "adConsent", "jurisdiction", "ageBand", "emailHashHeld",
                "accountLinked", "version", "updatedAt");
    }

    @Test
    void shouldSayTheDefaultRuleAppliesToARegionNoRuleNames() {
        String device = UUID.randomUUID().toString();
        HttpResponse<String> put = put(device, "US-WA");

        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        JsonObject view = new JsonObject(put.body());
        assertThat(view.getString("jurisdiction")).as("stored as sent").isEqualTo("US-WA");
        assertThat(view.getString("jurisdictionRule")).isEqualTo("default");
        assertThat(view.getString("note")).contains("US-WA").contains("default").contains("2026-11-01");
        assertThat(new JsonObject(get(device).body()).getString("jurisdictionRule")).isEqualTo("default");
    }

    @Test
    void shouldAnswerFromTheRulesInForceAfterAReload() throws Exception {
        String device = UUID.randomUUID().toString();
        assertThat(new JsonObject(put(device, "US-WA").body()).getString("jurisdictionRule")).isEqualTo("default");

        Path dir = Files.createTempDirectory("idgw-rules");
        PolicyFiles files = new PolicyFiles(dir.resolve("partners.yaml"), dir.resolve("jurisdictions.yaml"));
        Files.writeString(files.partners(), "partners:\n  - id: alpha\n    endpoint: " + gateway.stub("alpha").endpoint()
                + "\n    role: third_party\n    category: advertising network\n    identityFields: [device_id, ip]\n"
                + "    strippedIp: truncate\n    timeout: 200ms\n");
        String rules = Files.readString(SHIPPED_RULES).replace("  default: {", "  US-WA: {name: Washington, "
                + "regime: opt_out, gpcRequired: false, minorAge: 18, whenNoRecord: strip, unknownAgeAs: adult}\n"
                + "  default: {").replace("version: \"2026-11-01\"", "version: \"2026-12-01\"");
        Path tmp = Files.createTempFile(dir, "rules", ".tmp");
        Files.writeString(tmp, rules);
        Files.move(tmp, files.jurisdictions(), StandardCopyOption.ATOMIC_MOVE);
        try (PolicyReloader reloader = gateway.app().watchPolicy(files, Duration.ofMinutes(10))) {
            assertThat(reloader.reloadNow()).isInstanceOf(ReloadOutcome.Reloaded.class);

            JsonObject view = new JsonObject(get(device).body());
            assertThat(view.getString("jurisdictionRule")).isEqualTo("US-WA");
            assertThat(view.containsKey("note")).isFalse();
            assertThat(new JsonObject(put(device, "US-OR").body()).getString("jurisdictionRule")).isEqualTo("US-OR");
        }
    }

    @Test
    void shouldKeepRefusingAMalformedJurisdiction() {
        HttpResponse<String> put = put(UUID.randomUUID().toString(), "washington");

        assertThat(put.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(put.body()).getString("detail")).isEqualTo("jurisdiction: a region code such as US-CA or GB");
    }

    private HttpResponse<String> put(String device, String jurisdiction) {
        return gateway.internal("PUT", "/consent/v1/devices/" + device,
                "{\"adConsent\":true,\"jurisdiction\":\"" + jurisdiction + "\",\"ageBand\":\"adult\"}", TOKEN);
    }

    private HttpResponse<String> get(String device) {
        return gateway.internal("GET", "/consent/v1/devices/" + device, null, TOKEN);
    }
}
