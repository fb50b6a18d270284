package dev.idgw.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.idgw.gateway.consent.AgeBand;
import dev.idgw.gateway.consent.ConsentRecord;
import dev.idgw.gateway.support.AdPodRequests;
import dev.idgw.gateway.support.GatewayHarness;
import dev.idgw.gateway.support.PartnerSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * A start and its first requests (each on a connection of its own, to both listeners and through the
 * partner client) register no meter twice: Micrometer reports a second registration of a gauge as a WARN
 * ("This Gauge has been already registered"), once per JVM, and every later one at DEBUG, so the test
 * listens at DEBUG and fails on any such report, wherever in the run the first one happened.
 */
class MeterRegistrationWarningTest {
    private static final String DEVICE = "6f1c2d3e-0000-4000-8000-0000000000e1";

    @ParameterizedTest(name = "metrics.vertx: {0}")
    @ValueSource(booleans = {false, true})
    void shouldRegisterNoMeterTwice(boolean vertxMeters) throws Exception {
        Logger micrometer = (Logger) LoggerFactory.getLogger("io.micrometer");
        Level level = micrometer.getLevel();
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        micrometer.addAppender(events);
        micrometer.setAdditive(false); // its DEBUG lines go to this test only, not to the run's log files
        micrometer.setLevel(Level.DEBUG);
        try (GatewayHarness gateway = GatewayHarness.builder().metrics(new MetricsSettings(true, vertxMeters))
                .partner(PartnerSpec.allFields("acme")).partner(PartnerSpec.allFields("bright")).start()) {
            gateway.putConsent(DEVICE, new ConsentRecord(true, "US-CA", AgeBand.ADULT, null, 1, Instant.now()));
            for (int i = 0; i < 3; i++) {
                HttpClient fresh = HttpClient.newHttpClient(); // a new connection each time
                String body = AdPodRequests.dynamicPod("r-" + UUID.randomUUID(), DEVICE, "203.0.113.5").toString();
                assertThat(fresh.send(HttpRequest.newBuilder(gateway.adPodUri()).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode()).isEqualTo(200);
                assertThat(fresh.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.compliancePort()
                        + "/consent/v1/devices/" + DEVICE)).header("Authorization", "Bearer " + GatewayHarness.CONSENT_TOKEN)
                        .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
                assertThat(gateway.get(gateway.port(), "/metrics").statusCode()).isEqualTo(200);
            }
        } finally {
            micrometer.setLevel(level);
            micrometer.setAdditive(true);
            micrometer.detachAppender(events);
        }
        assertThat(events.list).as("Micrometer's reports of meters registered twice")
                .filteredOn(e -> e.getFormattedMessage().contains("already registered")).isEmpty();
        assertThat(events.list).as("WARN or worse from Micrometer")
                .filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).isEmpty();
    }
}
