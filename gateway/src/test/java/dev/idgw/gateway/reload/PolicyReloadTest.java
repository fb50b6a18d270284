package dev.idgw.gateway.reload;

import static dev.idgw.testkit.wait.Eventually.eventually;
import static dev.idgw.testkit.wait.Eventually.eventuallyGet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.gateway.config.PolicyFiles;
import dev.idgw.gateway.consent.AgeBand;
import dev.idgw.gateway.consent.ConsentRecord;
import dev.idgw.gateway.sharelog.ShareRecord;
import dev.idgw.gateway.support.AdPodRequests;
import dev.idgw.gateway.support.GatewayHarness;
import dev.idgw.gateway.support.PartnerSpec;
import dev.idgw.testkit.partner.ReceivedRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Partner profiles and jurisdiction rules reload without a restart: on a file change and on SIGHUP,
 * under load without dropping a request; an invalid file keeps the old policy; every share record
 * names the policy version it was decided under.
 */
class PolicyReloadTest {
    private static final Path SHIPPED_RULES = Path.of("../config/jurisdictions.yaml");

    @Test
    void shouldApplyAChangedPartnerFileUnderLoadWithoutDroppingARequest() throws Exception {
        try (GatewayHarness gateway = GatewayHarness.builder().partner(PartnerSpec.allFields("alpha"))
                .partner(PartnerSpec.allFields("beta")).start()) {
            Path dir = Files.createTempDirectory("idgw-reload");
            PolicyFiles files = new PolicyFiles(dir.resolve("partners.yaml"), dir.resolve("jurisdictions.yaml"));
            Files.copy(SHIPPED_RULES, files.jurisdictions());
            write(files.partners(), partners(gateway, "[device_id, ip]", "[device_id, ip]"));
            PolicyReloader reloader = gateway.app().watchPolicy(files, Duration.ofMillis(100));
            assertThat(reloader.reloadNow()).as("the files replace the harness's own profiles")
                    .isInstanceOf(ReloadOutcome.Reloaded.class);
            String device = consentedDevice(gateway);
            String before = gateway.app().policy().version();
            assertThat(payloadTo(gateway, "beta", device)).contains(device);

            // Load in flight while beta loses device_id.
            List<CompletableFuture<HttpResponse<String>>> load = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                load.add(gateway.postAsync(AdPodRequests.dynamicPod("r-" + i, device, "203.0.113.60").toString()));
                if (i == 100) {
                    write(files.partners(), partners(gateway, "[device_id, ip]", "[ip]"));
                }
                Thread.sleep(5); // paces the load, so the file changes while requests are in flight
            }
            for (CompletableFuture<HttpResponse<String>> r : load) {
                assertThat(r.get(10, TimeUnit.SECONDS).statusCode()).as("no request dropped").isIn(200, 204);
            }
            waitFor(() -> !gateway.app().policy().version().equals(before), "reload on file change");
            String after = gateway.app().policy().version();
            assertThat(reloader.lastOutcome()).isInstanceOf(ReloadOutcome.Reloaded.class);

            assertThat(payloadTo(gateway, "beta", device)).as("beta's new ceiling").doesNotContain(device);
            assertThat(payloadTo(gateway, "alpha", device)).contains(device);
            List<ShareRecord> records = gateway.shareRecords();
            assertThat(records).extracting(ShareRecord::configVersion).contains(before, after);
            for (ShareRecord r : records) {
                if (r.configVersion().equals(after)) {
                    assertThat(r.partners()).allSatisfy(p -> {
                        if (p.partnerId().equals("beta")) {
                            assertThat(p.fields()).doesNotContain(dev.idgw.partners.Field.DEVICE_ID);
                        }
                    });
                }
            }

            // An invalid file is rejected; the last good policy stays.
            write(files.partners(), partners(gateway, "[device_id, ip]", "[ip]").replace("role: third_party",
                    "role: reseller"));
            waitFor(() -> reloader.lastOutcome() instanceof ReloadOutcome.Rejected, "rejection");
            ReloadOutcome.Rejected rejected = (ReloadOutcome.Rejected) reloader.lastOutcome();
            assertThat(rejected.why()).contains("partners.yaml").contains("role");
            assertThat(gateway.app().policy().version()).isEqualTo(after);
            assertThat(payloadTo(gateway, "alpha", device)).contains(device);
            assertThat(payloadTo(gateway, "beta", device)).doesNotContain(device);
            reloader.close();
        }
    }

    @Test
    void shouldReloadOnSighup() throws Exception {
        try (GatewayHarness gateway = GatewayHarness.builder().partner(PartnerSpec.allFields("alpha")).start()) {
            Path dir = Files.createTempDirectory("idgw-reload");
            PolicyFiles files = new PolicyFiles(dir.resolve("partners.yaml"), dir.resolve("jurisdictions.yaml"));
            Files.copy(SHIPPED_RULES, files.jurisdictions());
            write(files.partners(), onePartner(gateway, "[device_id, ip]"));
            PolicyReloader reloader = gateway.app().watchPolicy(files, Duration.ofHours(1)); // no polling here
            String device = consentedDevice(gateway);
            String before = gateway.app().policy().version();
            write(files.partners(), onePartner(gateway, "[ip]"));
            new ProcessBuilder("kill", "-HUP", Long.toString(ProcessHandle.current().pid())).start().waitFor();
            waitFor(() -> !gateway.app().policy().version().equals(before), "reload on SIGHUP");
            assertThat(payloadTo(gateway, "alpha", device)).doesNotContain(device);
            reloader.close();
        }
    }

    private static String consentedDevice(GatewayHarness gateway) {
        String device = UUID.randomUUID().toString();
        gateway.putConsent(device, new ConsentRecord(true, "US-CA", AgeBand.ADULT, null, 1, Instant.now()));
        return device;
    }

    /** The payload {@code partner} gets for one request (retried while a breaker tripped by the load is open). */
    private static String payloadTo(GatewayHarness gateway, String partner, String device) {
        return eventuallyGet(Duration.ofSeconds(10), Duration.ofMillis(200), () -> {
            gateway.stubs().forEach(s -> s.clearReceived());
            gateway.post(AdPodRequests.dynamicPod("p-" + UUID.randomUUID(), device, "203.0.113.61").toString());
            List<ReceivedRequest> received = gateway.stub(partner).received();
            assertThat(received).as("requests %s received", partner).hasSize(1);
            return received.get(0).bodyText();
        });
    }

    private static String partners(GatewayHarness gateway, String alphaFields, String betaFields) {
        return "partners:\n" + entry(gateway, "alpha", alphaFields) + entry(gateway, "beta", betaFields);
    }

    private static String onePartner(GatewayHarness gateway, String fields) {
        return "partners:\n" + entry(gateway, "alpha", fields);
    }

    private static String entry(GatewayHarness gateway, String id, String fields) {
        return "  - id: " + id + "\n"
                + "    endpoint: " + gateway.stub(id).endpoint() + "\n"
                + "    role: third_party\n"
                + "    category: advertising network\n"
                + "    identityFields: " + fields + "\n"
                + "    strippedIp: truncate\n"
                + "    timeout: 200ms\n";
    }

    /** Written whole and moved into place, as an operator's tooling should (a reader never sees half). */
    private static void write(Path file, String content) throws Exception {
        Path tmp = Files.createTempFile(file.getParent(), "partners", ".tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void waitFor(BooleanSupplier condition, String what) {
        eventually(Duration.ofSeconds(10), () -> assertThat(condition.getAsBoolean()).as(what).isTrue());
    }
}
