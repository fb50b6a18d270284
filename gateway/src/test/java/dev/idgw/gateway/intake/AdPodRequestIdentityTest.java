package dev.idgw.gateway.intake;

import static dev.idgw.gateway.intake.PlayerRequests.DEVICE_IP;
import static dev.idgw.gateway.intake.PlayerRequests.PEER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.gateway.decision.GppSignal;
import dev.idgw.gateway.decision.Reason;
import dev.idgw.gateway.decision.UsPrivacySignal;
import dev.idgw.partners.Field;
import dev.idgw.partners.PlayerIdentity;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What intake takes from a good request: the subject's identity (IFA, IP) and the privacy signals. */
class AdPodRequestIdentityTest {
    private static final TrustedProxies PROXIES = TrustedProxies.of(List.of("10.0.0.0/8", "2001:db8:ffff::/48"));
    private final AdPodRequestParser parser = new AdPodRequestParser(PROXIES);

    @Test
    void shouldLowercaseIfaAndKeepIfaType() {
        AdPodRequest request = parse(PlayerRequests.valid());

        assertThat(request.deviceId()).contains("6d92078a-8246-4ba4-ae5b-76104861e7dc");
        assertThat(request.identity().deviceId()).isEqualTo("6d92078a-8246-4ba4-ae5b-76104861e7dc");
        assertThat(request.identity().ifaType()).isEqualTo("rida");
        assertThat(request.identity().available()).containsExactlyInAnyOrder(Field.DEVICE_ID, Field.IP);
        assertThat(request.identity().emailSha256()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"00000000-0000-0000-0000-000000000000", "", "   "})
    void shouldTreatZeroOrBlankIfaAsNoDeviceId(String ifa) {
        AdPodRequest request = parse(PlayerRequests.valid().with("/device/ifa", "\"" + ifa + "\""));

        assertThat(request.deviceId()).isEmpty();
        assertThat(request.identity().deviceId()).isNull();
        assertThat(request.identity().ifaType()).as("no type without an id").isNull();
        assertThat(request.identity().available()).containsExactly(Field.IP);
    }

    @Test
    void shouldTreatAbsentIfaAsNoDeviceId() {
        assertThat(parse(PlayerRequests.valid().without("/device/ifa")).deviceId()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "\"rida\"              | rida",
            "\"AAID\"              | aaid",
            "\"sony_ps4\"          | sony_ps4",
            "\"abcdefghijklmnop\"  | abcdefghijklmnop",
            "\"abcdefghijklmnopq\" | NULL",
            "\"ti fa\"             | NULL",
            "\"tifa-x\"            | NULL",
            "\"\"                  | NULL",
            "7                     | NULL",
            "null                  | NULL"})
    void shouldKeepIfaTypeOnlyWhenShortLowercaseWord(String json, String expected) {
        AdPodRequest request = parse(PlayerRequests.valid().with("/device/ext/ifa_type", json));

        assertThat(request.identity().ifaType()).isEqualTo(expected);
    }

    @Test
    void shouldIgnoreIfaTypeWhenExtIsNotAnObject() {
        assertThat(parse(PlayerRequests.valid().with("/device/ext", "\"rida\"")).identity().ifaType()).isNull();
    }

    @Test
    void shouldUseDeviceIpOverPeerAndForwardedFor() {
        AdPodRequest request = parser.parse(PlayerRequests.valid().bytes(), null, "10.0.0.5", "192.0.2.44");

        assertThat(request.identity().ipv4().getHostAddress()).isEqualTo(DEVICE_IP);
        assertThat(request.identity().ipv6()).isNull();
    }

    @Test
    void shouldKeepDeviceIpv6AlongsideIpv4WithoutPeerFallback() {
        AdPodRequest request = parse(PlayerRequests.valid().without("/device/ip").with("/device/ipv6", "\"2001:DB8::7\""));

        assertThat(request.identity().ipv4()).isNull();
        assertThat(request.identity().ipv6().getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:7");
    }

    @Test
    void shouldUsePeerAddressWhenNoDeviceIp() {
        AdPodRequest request = parse(PlayerRequests.valid().without("/device/ip"));

        assertThat(request.identity().ipv4().getHostAddress()).isEqualTo(PEER);
    }

    @Test
    void shouldUseIpv6PeerAddressWhenNoDeviceIp() {
        AdPodRequest request = parser.parse(PlayerRequests.valid().without("/device").bytes(), null, "2001:db8::9", null);

        assertThat(request.identity().ipv4()).isNull();
        assertThat(request.identity().ipv6().getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:9");
        assertThat(request.identity().available()).containsExactly(Field.IP);
    }

    @Test
    void shouldIgnoreForwardedForFromUntrustedPeer() {
        AdPodRequest request = parser.parse(PlayerRequests.valid().without("/device/ip").bytes(), null, PEER,
                "192.0.2.44");

        assertThat(request.identity().ipv4().getHostAddress()).isEqualTo(PEER);
    }

    @Test
    void shouldIgnoreForwardedForWhenNoProxyIsTrusted() {
        AdPodRequest request = new AdPodRequestParser(TrustedProxies.none())
                .parse(PlayerRequests.valid().without("/device/ip").bytes(), null, "10.0.0.5", "192.0.2.44");

        assertThat(request.identity().ipv4().getHostAddress()).isEqualTo("10.0.0.5");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "192.0.2.44                                | 192.0.2.44",
            "192.0.2.1, 192.0.2.44                     | 192.0.2.44",
            "192.0.2.1, 192.0.2.44, 10.1.2.3           | 192.0.2.44",
            "192.0.2.1,192.0.2.44,10.1.2.3,10.9.9.9    | 192.0.2.44",
            "spoofed-by-client, 192.0.2.44, 10.1.2.3   | 192.0.2.44"})
    void shouldTakeRightMostUntrustedHopFromTrustedProxy(String forwardedFor, String expected) {
        AdPodRequest request = parser.parse(PlayerRequests.valid().without("/device/ip").bytes(), null, "10.0.0.5",
                forwardedFor);

        assertThat(request.identity().ipv4().getHostAddress()).isEqualTo(expected);
    }

    @Test
    void shouldTakeIpv6HopFromTrustedIpv6Proxy() {
        AdPodRequest request = parser.parse(PlayerRequests.valid().without("/device/ip").bytes(), null,
                "2001:db8:ffff::1", "2001:db8:1::5, 2001:db8:ffff::2");

        assertThat(request.identity().ipv6().getHostAddress()).isEqualTo("2001:db8:1:0:0:0:0:5");
        assertThat(request.identity().ipv4()).isNull();
    }

    @Test
    void shouldCarryNoIpWhenRightMostUntrustedHopIsNotAnAddress() {
        AdPodRequest request = parser.parse(PlayerRequests.valid().without("/device/ip").bytes(), null, "10.0.0.5",
                "192.0.2.44, unknown");

        assertThat(request.identity().ipv4()).isNull();
        assertThat(request.identity().ipv6()).isNull();
    }

    @Test
    void shouldCarryNoIpWhenPeerIsUnknown() {
        AdPodRequest request = parser.parse(PlayerRequests.valid().without("/device/ip").bytes(), null, null, null);

        assertThat(request.identity().available()).containsExactly(Field.DEVICE_ID);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"1", "0", "", "yes"})
    void shouldSetGpcWheneverSecGpcHeaderIsPresent(String secGpc) {
        AdPodRequest request = parser.parse(PlayerRequests.valid().bytes(), secGpc, PEER, null);

        assertThat(request.signals().gpc()).isEqualTo(secGpc != null);
    }

    @Test
    void shouldReadCoppaAndLmtFlags() {
        AdPodRequest none = parse(PlayerRequests.valid().with("/regs/coppa", "0").with("/device/lmt", "0"));
        AdPodRequest both = parse(PlayerRequests.valid().with("/regs/coppa", "1").with("/device/lmt", "1"));

        assertThat(none.signals().coppa()).isFalse();
        assertThat(none.signals().limitAdTracking()).isFalse();
        assertThat(both.signals().coppa()).isTrue();
        assertThat(both.signals().limitAdTracking()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {
            "NULL, ABSENT", "1YYN, OPTED_OUT", "1yyn, MALFORMED", "1NYY, OPTED_OUT", "1YNN, NOT_OPTED_OUT",
            "1nnn, MALFORMED", "1---, NOT_APPLICABLE", "1XYZ, MALFORMED", "2YYN, MALFORMED", "1YN, MALFORMED",
            "1YNNN, MALFORMED", "'', MALFORMED", "' 1YN', MALFORMED"})
    void shouldMapUsPrivacyString(String usPrivacy, UsPrivacySignal expected) {
        PlayerRequests request = PlayerRequests.valid();
        if (usPrivacy != null) {
            request.with("/regs/us_privacy", "\"" + usPrivacy + "\"");
        }

        assertThat(parse(request).signals().usPrivacy()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "NULL                       | NULL  | false | ",
            "DBABLA~BFQqAAAAAACA.QA     | [7]   | true  | ",
            "DBABLA~BFQqAAAAAACA.QA     | NULL  | true  | ",
            "DBABLA~BFQVAAAAAACA.YA     | [7]   | true  | GPP_OPT_OUT",
            "DBABTA~1YNN                | [6]   | true  | ",
            "DBABTA~1NYN                | [6]   | true  | GPP_OPT_OUT",
            "notgpp                     | [7]   | true  | GPP_MALFORMED",
            "''                         | NULL  | true  | GPP_MALFORMED",
            "NULL                       | [7]   | true  | GPP_MALFORMED",
            "DBABLA~BFQqAAAAAACA.QA     | [2]   | true  | GPP_UNSUPPORTED_SECTION",
            "DBABLA~BFQqAAAAAACA.QA     | [8]   | true  | GPP_MALFORMED",
            "DBABLA~BFQqAAAAAACA.QA     | [7,2] | true  | GPP_UNSUPPORTED_SECTION"})
    void shouldMapGppStringAndSectionIds(String gpp, String sids, boolean present, String reason) {
        PlayerRequests request = PlayerRequests.valid();
        if (gpp != null) {
            request.with("/regs/gpp", "\"" + gpp + "\"");
        }
        if (sids != null) {
            request.with("/regs/gpp_sid", sids);
        }

        GppSignal signal = parse(request).signals().gpp();

        assertThat(signal.present()).isEqualTo(present);
        assertThat(signal.restrictions()).isEqualTo(reason == null ? Set.of() : Set.of(Reason.valueOf(reason)));
    }

    @Test
    void shouldCombineEverySignal() {
        AdPodRequest request = parser.parse(PlayerRequests.valid().with("/regs/coppa", "1").with("/device/lmt", "1")
                .with("/regs/us_privacy", "\"1YYN\"").with("/regs/gpp", "\"DBABLA~BFQVAAAAAACA.YA\"")
                .with("/regs/gpp_sid", "[7]").bytes(), "1", PEER, null);

        assertThat(request.signals().gpc()).isTrue();
        assertThat(request.signals().coppa()).isTrue();
        assertThat(request.signals().limitAdTracking()).isTrue();
        assertThat(request.signals().usPrivacy()).isEqualTo(UsPrivacySignal.OPTED_OUT);
        assertThat(request.signals().gpp().restrictions()).containsExactly(Reason.GPP_OPT_OUT);
    }

    @Test
    void shouldCarryNoSignalsForAPlainRequest() {
        AdPodRequest request = parse(PlayerRequests.valid());

        assertThat(request.signals().gpc()).isFalse();
        assertThat(request.signals().usPrivacy()).isEqualTo(UsPrivacySignal.ABSENT);
        assertThat(request.signals().gpp()).isEqualTo(GppSignal.absent());
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {"USA, CA, US-CA", "US, TX, US-TX", "USA, ca, NULL", "USA, CAL, NULL",
            "GBR, CA, NULL", "NULL, CA, NULL"})
    void shouldReadUsRegionFromGeo(String country, String region, String expected) {
        PlayerRequests request = PlayerRequests.valid().with("/device/geo/region", "\"" + region + "\"");
        if (country != null) {
            request.with("/device/geo/country", "\"" + country + "\"");
        }

        assertThat(parse(request).geoRegion()).isEqualTo(expected);
    }

    @Test
    void shouldParseBodyOf200KibWithManyUnknownFields() {
        StringBuilder ext = new StringBuilder("{");
        for (int i = 0; ext.length() < 210 * 1024; i++) {
            ext.append(i == 0 ? "" : ",").append("\"unknown_").append(i).append("\":{\"a\":[1,2.5,\"x\",null,true],")
                    .append("\"b\":\"").append("v".repeat(20)).append("\"}");
        }
        ext.append('}');
        PlayerRequests request = PlayerRequests.valid().with("/ext", ext.toString()).with("/imp/0/ext", "{\"k\": 1}")
                .with("/device/unknown", "[{\"deep\": {\"er\": 1}}]");

        byte[] body = request.bytes();
        AdPodRequest parsed = parser.parse(body, null, PEER, null);

        assertThat(body.length).isGreaterThan(200 * 1024);
        assertThat(parsed.imps()).hasSize(1);
        assertThat(dev.idgw.partners.ContextualTemplate.from(parsed.contextual(),
                dev.idgw.partners.LeakGuard.forIdentity(parsed.identity(), List.of())).contextualJson())
                .contains("SmartTV/1.0").doesNotContain("unknown_").doesNotContain("deep");
    }

    @Test
    void shouldNeverPrintIdentityInToString() {
        PlayerIdentity identity = parse(PlayerRequests.valid()).identity();

        assertThat(identity.toString()).doesNotContain("6d92078a").doesNotContain(DEVICE_IP);
    }

    private AdPodRequest parse(PlayerRequests request) {
        return parser.parse(request.bytes(), null, PEER, null);
    }
}
