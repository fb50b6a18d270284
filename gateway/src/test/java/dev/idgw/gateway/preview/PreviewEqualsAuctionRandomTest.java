package dev.idgw.gateway.preview;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.idgw.gateway.consent.AgeBand;
import dev.idgw.gateway.consent.ConsentRecord;
import dev.idgw.gateway.support.AdPodRequests;
import dev.idgw.gateway.support.GatewayHarness;
import dev.idgw.gateway.support.PartnerSpec;
import dev.idgw.partners.EmailHashFormat;
import dev.idgw.partners.Field;
import dev.idgw.partners.PartnerRole;
import dev.idgw.partners.StrippedIpHandling;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Random consent records × random signals × random partner profiles: for each case the preview's payloads and
 * share record equal what the auction sends and appends for the same request ({@link AuctionComparison}). The
 * partners' profiles are drawn from the seed too. {@code -Didgw.seed=N} replays a run, {@code -Didgw.previewCases}
 * sets how many cases (40 by default: a few seconds).
 */
class PreviewEqualsAuctionRandomTest {
    private static final long SEED = Long.getLong("idgw.seed", System.nanoTime());
    private static final int CASES = Integer.getInteger("idgw.previewCases", 40);
    private static final List<String> JURISDICTIONS = List.of("US-CA", "US-CO", "US-CT", "US-OK", "GB", "US-WA", "FR");
    private static final List<String> US_PRIVACY = List.of("1YNN", "1YYN", "1---", "1NNN", "garbage");
    private static final List<String[]> GPP = List.of(new String[] {"DBABLA~BFQqAAAAAACA.QA", "7"},
            new String[] {"DBABLA~BFQVAAAAAACA.YA", "7"}, new String[] {"DBAB~notgpp!", "7"},
            new String[] {"DBABLA~BFQqAAAAAACA.QA", "2"});
    private static GatewayHarness gateway;

    @BeforeAll
    static void start() {
        Random random = new Random(SEED);
        GatewayHarness.Builder b = GatewayHarness.builder()
                // The comparisons read consent twice (preview, then auction): a busy machine must not time one out.
                .commandTimeout(java.time.Duration.ofSeconds(2));
        for (int i = 0; i < 5; i++) {
            EnumSet<Field> fields = EnumSet.noneOf(Field.class);
            for (Field f : Field.values()) {
                if (random.nextInt(3) != 0) {
                    fields.add(f);
                }
            }
            b.partner(new PartnerSpec("p" + i, random.nextInt(3) == 0 ? PartnerRole.SERVICE_PROVIDER
                    : PartnerRole.THIRD_PARTY, fields, EmailHashFormat.values()[random.nextInt(3)],
                    random.nextBoolean() ? StrippedIpHandling.TRUNCATE : StrippedIpHandling.REMOVE,
                    java.time.Duration.ofMillis(300), dev.idgw.testkit.partner.StubBehavior.bidding()));
        }
        gateway = b.start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void shouldDecideAsTheAuctionDoesForRandomRecordsSignalsAndProfiles() {
        Random random = new Random(SEED + 1);
        AuctionComparison comparison = new AuctionComparison(gateway);
        int shared = 0;
        int stripped = 0;
        for (int i = 0; i < CASES; i++) {
            String device = random.nextInt(15) == 0 ? null : UUID.randomUUID().toString();
            ConsentRecord record = seed(device, random);
            ObjectNode request = AdPodRequests.dynamicPod("case-" + i, device, randomV4(random));
            Map<String, String> headers = signals(request, random);
            byte[] callerEmail = record != null && random.nextBoolean() ? record.emailSha256() : null;
            AuctionComparison.Outcome outcome = comparison.compare(request, headers, callerEmail,
                    "seed " + SEED + ", case " + i);
            shared += outcome.shareRecorded() ? 1 : 0;
            stripped += outcome.payloadsWithIdentity() < gateway.config().partners().size() ? 1 : 0;
        }
        // Cases that all share, or all strip, would compare only half of the decision.
        assertThat(shared).as("seed %d: cases with a share record", SEED).isGreaterThan(CASES / 10);
        assertThat(stripped).as("seed %d: cases with a stripped partner", SEED).isGreaterThan(CASES / 10);
    }

    /** A valid record (most often), a malformed one, or none; returns the valid one. */
    private static ConsentRecord seed(String device, Random random) {
        int roll = random.nextInt(10);
        if (device == null || roll == 0) {
            return null;
        }
        if (roll == 1) {
            gateway.putRawConsent(device, Map.of("ad", "yes", "jur", "US-CA", "age", "adult", "v", "1", "ts", "0"));
            return null;
        }
        byte[] email = null;
        if (random.nextBoolean()) {
            email = new byte[32];
            random.nextBytes(email);
        }
        AgeBand age = random.nextInt(4) == 0 ? AgeBand.values()[random.nextInt(AgeBand.values().length)] : AgeBand.ADULT;
        ConsentRecord record = new ConsentRecord(random.nextInt(5) != 0,
                JURISDICTIONS.get(random.nextInt(JURISDICTIONS.size())), age, email, random.nextInt(50), Instant.now());
        gateway.putConsent(device, record);
        return record;
    }

    /** Privacy signals in the body, and the headers to send; often none. */
    private static Map<String, String> signals(ObjectNode request, Random random) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (random.nextInt(5) == 0) {
            headers.put("Sec-GPC", "1");
        }
        ObjectNode regs = request.putObject("regs");
        if (random.nextInt(10) == 0) {
            regs.putObject("ext").put("gpc", "1");
        }
        if (random.nextInt(12) == 0) {
            regs.put("coppa", 1);
        }
        if (random.nextInt(12) == 0) {
            ((ObjectNode) request.path("device")).put("lmt", 1);
        }
        if (random.nextInt(4) == 0) {
            regs.put("us_privacy", US_PRIVACY.get(random.nextInt(US_PRIVACY.size())));
        }
        if (random.nextInt(4) == 0) {
            String[] gpp = GPP.get(random.nextInt(GPP.size()));
            regs.put("gpp", gpp[0]).putArray("gpp_sid").add(Integer.parseInt(gpp[1]));
        }
        ObjectNode device = (ObjectNode) request.path("device");
        int address = random.nextInt(6);
        if (address == 0) {
            device.remove("ip"); // the peer's address stands in
        } else if (address == 1) {
            device.put("ipv6", "2001:db8:" + Integer.toHexString(random.nextInt(65536)) + "::"
                    + Integer.toHexString(1 + random.nextInt(65535)));
        }
        return headers;
    }

    private static String randomV4(Random random) {
        return "198.51." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }
}
