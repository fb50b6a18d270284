package dev.idgw.gateway.preview;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.idgw.gateway.consent.AgeBand;
import dev.idgw.gateway.consent.ConsentRecord;
import dev.idgw.gateway.consent.EmailHash;
import dev.idgw.gateway.support.AdPodRequests;
import dev.idgw.gateway.support.GatewayHarness;
import dev.idgw.gateway.support.PartnerSpec;
import dev.idgw.partners.Field;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For consent and signal combinations that each take another branch of the decision, the preview's payload for
 * every partner is, to the byte, what that partner's stub receives when the same request is sent to
 * {@code /openrtb2/adpod}, and its share record is the one appended (see {@link AuctionComparison}). Each case runs
 * twice: with the caller's email (keyed hashes compared too) and without (a placeholder stands there).
 */
class PreviewMatchesAuctionTest {
    private static final byte[] EMAIL = EmailHash.of("viewer@example.com").orElseThrow();
    private static GatewayHarness gateway;

    /** One case: the device's record (null: none), the request's changes, its headers. */
    private record Case(ConsentRecord record, Consumer<ObjectNode> request, Map<String, String> headers) {
    }

    @BeforeAll
    static void start() {
        gateway = PreviewGateways.withThreePartners()
                .partner(PartnerSpec.thirdParty("context", EnumSet.noneOf(Field.class)))
                .start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    static Stream<Arguments> cases() {
        Instant now = Instant.now();
        ConsentRecord californian = new ConsentRecord(true, "US-CA", AgeBand.ADULT, EMAIL, 3, now);
        Consumer<ObjectNode> asIs = r -> { };
        return Stream.of(
                Arguments.of("consented Californian", new Case(californian, asIs, Map.of())),
                Arguments.of("GPC header", new Case(californian, asIs, Map.of("Sec-GPC", "1"))),
                Arguments.of("regs.ext.gpc", new Case(californian,
                        r -> r.putObject("regs").putObject("ext").put("gpc", "1"), Map.of())),
                Arguments.of("us_privacy opt-out and lmt", new Case(californian, r -> {
                    r.putObject("regs").put("us_privacy", "1YYN");
                    ((ObjectNode) r.path("device")).put("lmt", 1);
                }, Map.of())),
                Arguments.of("GPP opt-out", new Case(californian, r -> r.putObject("regs")
                        .put("gpp", "DBABLA~BFQVAAAAAACA.YA").putArray("gpp_sid").add(7), Map.of())),
                Arguments.of("malformed GPP", new Case(californian, r -> r.putObject("regs")
                        .put("gpp", "DBAB~notgpp!").putArray("gpp_sid").add(7), Map.of())),
                Arguments.of("coppa", new Case(californian, r -> r.putObject("regs").put("coppa", 1), Map.of())),
                Arguments.of("consent withdrawn", new Case(
                        new ConsentRecord(false, "US-CA", AgeBand.ADULT, EMAIL, 5, now), asIs, Map.of())),
                Arguments.of("known minor in Colorado", new Case(
                        new ConsentRecord(true, "US-CO", AgeBand.MINOR, null, 1, now), asIs, Map.of())),
                Arguments.of("unknown age in the UK", new Case(
                        new ConsentRecord(true, "GB", AgeBand.UNKNOWN, EMAIL, 2, now), asIs, Map.of())),
                Arguments.of("opt-in consent in the UK", new Case(
                        new ConsentRecord(true, "GB", AgeBand.ADULT, EMAIL, 2, now), asIs, Map.of())),
                Arguments.of("no record", new Case(null, asIs, Map.of())),
                Arguments.of("no device.ip: the peer's address, and an IPv6", new Case(californian, r -> {
                    ((ObjectNode) r.path("device")).remove("ip");
                    ((ObjectNode) r.path("device")).put("ipv6", "2001:db8:85a3::8a2e:370:7334");
                }, Map.of())),
                Arguments.of("no address at all but the peer's", new Case(californian,
                        r -> ((ObjectNode) r.path("device")).remove("ip"), Map.of())),
                Arguments.of("contextual text that looks like identity", new Case(californian,
                        r -> ((ObjectNode) r.path("app")).put("name", "mail me at someone@example.org"), Map.of())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldPreviewExactlyWhatEachPartnerReceives(String name, Case c) {
        AuctionComparison comparison = new AuctionComparison(gateway);
        for (boolean callerEmail : new boolean[] {true, false}) {
            String device = UUID.randomUUID().toString();
            if (c.record() != null) {
                gateway.putConsent(device, c.record());
            }
            ObjectNode request = AdPodRequests.dynamicPod("req-" + UUID.randomUUID(), device, "203.0.113.77");
            c.request().accept(request);
            byte[] email = callerEmail && c.record() != null ? c.record().emailSha256() : null;
            comparison.compare(request, c.headers(), email, name + (callerEmail ? " (caller's email)" : ""));
        }
    }
}
