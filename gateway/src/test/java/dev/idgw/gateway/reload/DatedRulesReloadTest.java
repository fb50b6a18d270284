package dev.idgw.gateway.reload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.gateway.config.PolicyFiles;
import dev.idgw.gateway.support.GatewayHarness;
import dev.idgw.gateway.support.PartnerSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A reload of jurisdictions.yaml whose rules for one region overlap is rejected with the region, both
 * entries and their lines, and the policy in force stays; a valid dated rule reloads like any other.
 */
class DatedRulesReloadTest {
    private static final Path SHIPPED_RULES = Path.of("../config/jurisdictions.yaml");
    private static final String CT = "  US-CT:\n"
            + "    - {name: Connecticut (CTDPA), regime: opt_out, gpcRequired: true, minorAge: 18, minors: consent,"
            + " whenNoRecord: strip, unknownAgeAs: adult, until: 2026-07-01}\n";

    @Test
    void shouldRejectOverlappingRulesOnReloadAndKeepThePolicyInForce() throws Exception {
        try (GatewayHarness gateway = GatewayHarness.builder().partner(PartnerSpec.allFields("alpha")).start()) {
            Path dir = Files.createTempDirectory("idgw-reload");
            PolicyFiles files = new PolicyFiles(dir.resolve("partners.yaml"), dir.resolve("jurisdictions.yaml"));
            String shipped = Files.readString(SHIPPED_RULES);
            assertThat(shipped).contains(CT);
            Files.writeString(files.jurisdictions(), shipped);
            Files.writeString(files.partners(), "partners:\n"
                    + "  - id: alpha\n"
                    + "    endpoint: " + gateway.stub("alpha").endpoint() + "\n"
                    + "    role: third_party\n"
                    + "    category: advertising network\n"
                    + "    identityFields: [device_id, ip]\n"
                    + "    strippedIp: truncate\n"
                    + "    timeout: 200ms\n");
            PolicyReloader reloader = gateway.app().watchPolicy(files, Duration.ofHours(1)); // reloads by hand only
            assertThat(reloader.reloadNow()).isInstanceOf(ReloadOutcome.Reloaded.class);
            String inForce = gateway.app().policy().version();
            int line = lineOf(shipped, CT) + 1; // the list item's own line

            // The CT rule before SB 1295 runs a day into the amended rule's period.
            Files.writeString(files.jurisdictions(), shipped.replace(CT, CT.replace("until: 2026-07-01",
                    "until: 2026-07-02")));
            ReloadOutcome outcome = reloader.reloadNow();

            assertThat(outcome).isInstanceOf(ReloadOutcome.Rejected.class);
            assertThat(((ReloadOutcome.Rejected) outcome).why()).contains("jurisdictions.yaml")
                    .contains("the rules for US-CT overlap")
                    .contains("jurisdictions.US-CT[0] (always until 2026-07-02, line " + line + ")")
                    .contains("jurisdictions.US-CT[1] (from 2026-07-01, line " + (line + 1) + ")");
            assertThat(gateway.app().policy().version()).as("the old policy stays").isEqualTo(inForce);
            assertThat(gateway.app().policy().rules().forCode("US-CT", Instant.parse("2026-07-01T12:00:00Z"))
                    .label()).isEqualTo("US-CT@2026-07-01");
            reloader.close();
        }
    }

    private static int lineOf(String text, String part) {
        return (int) text.substring(0, text.indexOf(part)).lines().count() + 1;
    }
}
