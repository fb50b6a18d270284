package dev.idgw.gateway.intake;

import static dev.idgw.gateway.intake.PlayerRequests.PEER;
import static dev.idgw.gateway.intake.PlayerRequests.videoImp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.idgw.gateway.failure.GatewayException;
import dev.idgw.gateway.pod.PodImp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every class of bad body is a 400 whose detail names the field and never repeats the value (a player
 * could put an identifier anywhere); good pods of each OpenRTB 2.6 kind parse into the right imps.
 */
class AdPodRequestParserTest {
    private final AdPodRequestParser parser = new AdPodRequestParser(TrustedProxies.none());

    static Stream<Arguments> malformedBodies() {
        String valid = new String(PlayerRequests.valid().bytes(), StandardCharsets.UTF_8);
        String deep = "[".repeat(100) + "]".repeat(100);
        return Stream.of(
                Arguments.of("not JSON", "hello SECRET-1"),
                Arguments.of("whitespace only", "   \n "),
                Arguments.of("top-level array", "[{\"id\": \"SECRET-1\"}]"),
                Arguments.of("top-level number", "12345"),
                Arguments.of("top-level string", "\"SECRET-1\""),
                Arguments.of("top-level null", "null"),
                Arguments.of("trailing garbage", valid + "garbage SECRET-1"),
                Arguments.of("two objects", valid + " {\"id\": \"SECRET-1\"}"),
                Arguments.of("duplicate keys", "{\"id\": \"a\", \"id\": \"SECRET-1\"}"),
                Arguments.of("nesting depth 100", valid.substring(0, valid.length() - 1) + ", \"ext\": " + deep + "}"),
                Arguments.of("string over 64 KiB", "{\"id\": \"" + "S".repeat(70_000) + "\"}"),
                Arguments.of("number of 100 digits", "{\"tmax\": " + "9".repeat(100) + "}"),
                Arguments.of("unterminated", "{\"id\": \"SECRET-1"),
                Arguments.of("single quotes", "{'id': 'SECRET-1'}"),
                Arguments.of("NaN literal", "{\"tmax\": NaN}"),
                Arguments.of("comment", "/* SECRET-1 */ {}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedBodies")
    void shouldRejectMalformedBody(String what, String body) {
        GatewayException e = rejected(body.getBytes(StandardCharsets.UTF_8));

        assertThat(e.detail()).contains("body").doesNotContain("SECRET").doesNotContain("SSSS");
    }

    @Test
    void shouldRejectEmptyAndAbsentBody() {
        assertThat(rejected(new byte[0]).detail()).contains("body");
        assertThat(rejected(null).detail()).contains("body");
    }

    @Test
    void shouldRejectInvalidUtf8() {
        byte[] body = {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'};

        assertThat(rejected(body).detail()).contains("body");
    }

    /** pointer, JSON value (null = remove the field), the field the detail must start with. */
    static Stream<Arguments> badFields() {
        String imp33 = IntStream.range(0, 33).mapToObj(i -> videoImp("i" + i, ""))
                .collect(Collectors.joining(",", "[", "]"));
        String ints65 = IntStream.range(1, 66).mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]"));
        String v = "imp[0].video.";
        List<Arguments> cases = new ArrayList<>(List.of(
                bad("/id", null, "id"),
                bad("/id", "null", "id"),
                bad("/id", "12345", "id"),
                bad("/id", "\"\"", "id"),
                bad("/id", "\"" + "x".repeat(129) + "\"", "id"),
                bad("/id", "\"SECRET with spaces\"", "id"),
                bad("/id", "\"SECRET\\u00e9\"", "id"),
                bad("/imp", null, "imp"),
                bad("/imp", "[]", "imp"),
                bad("/imp", "{\"id\": \"1\"}", "imp"),
                bad("/imp", "\"SECRET-imp\"", "imp"),
                bad("/imp", imp33, "imp"),
                bad("/imp", "[\"SECRET-imp\"]", "imp[0]"),
                bad("/imp", "[null]", "imp[0]"),
                bad("/imp", "[" + videoImp("a", "") + ", 7]", "imp[1]"),
                bad("/imp", "[" + videoImp("dup", "") + ", " + videoImp("dup", "") + "]", "imp[1].id"),
                bad("/imp/0/id", null, "imp[0].id"),
                bad("/imp/0/id", "1", "imp[0].id"),
                bad("/imp/0/video", null, "imp[0].video"),
                bad("/imp/0/video", "\"SECRET-video\"", "imp[0].video"),
                bad("/imp/0/video/mimes", null, v + "mimes"),
                bad("/imp/0/video/mimes", "[]", v + "mimes"),
                bad("/imp/0/video/mimes", "\"video/mp4\"", v + "mimes"),
                bad("/imp/0/video/mimes", "[\"video/mp4\", 1]", v + "mimes"),
                bad("/imp/0/video/mimes", "[null]", v + "mimes"),
                bad("/imp/0/video/minduration", "60", v + "minduration"), // above maxduration 30
                bad("/imp/0/video/rqddurs", "[15, 0]", v + "rqddurs"),
                bad("/imp/0/video/rqddurs", "[-15]", v + "rqddurs"),
                bad("/imp/0/video/rqddurs", "[15.5]", v + "rqddurs"),
                bad("/imp/0/video/rqddurs", "[\"15\"]", v + "rqddurs"),
                bad("/imp/0/video/rqddurs", "[1e30]", v + "rqddurs"),
                bad("/imp/0/video/rqddurs", "\"15\"", v + "rqddurs"),
                bad("/imp/0/video/rqddurs", "{\"a\": 15}", v + "rqddurs"),
                bad("/imp/0/video/rqddurs", ints65, v + "rqddurs"),
                bad("/imp/0/video/slotinpod", "3", v + "slotinpod"),
                bad("/imp/0/video/slotinpod", "-2", v + "slotinpod"),
                bad("/imp/0/video/slotinpod", "\"1\"", v + "slotinpod"),
                bad("/imp/0/video/slotinpod", "1.0", v + "slotinpod"),
                bad("/imp/0/video/startdelay", "\"SECRET-delay\"", v + "startdelay"),
                bad("/imp/0/video/podid", "123", v + "podid"),
                bad("/imp/0/bidfloor", "-0.5", "imp[0].bidfloor"),
                bad("/imp/0/bidfloor", "\"2.5\"", "imp[0].bidfloor"),
                bad("/imp/0/bidfloor", "\"NaN\"", "imp[0].bidfloor"),
                bad("/imp/0/bidfloor", "1e400", "imp[0].bidfloor"),
                bad("/imp/0/bidfloor", "-1e400", "imp[0].bidfloor"),
                bad("/imp/0/bidfloor", "true", "imp[0].bidfloor"),
                bad("/device", "\"SECRET-device\"", "device"),
                bad("/device", "[1]", "device"),
                bad("/device/ip", "\"SECRET.example.com\"", "device.ip"),
                bad("/device/ip", "\"localhost\"", "device.ip"),
                bad("/device/ip", "\"256.1.1.1\"", "device.ip"),
                bad("/device/ip", "\"203.0.113\"", "device.ip"),
                bad("/device/ip", "\"203.0.113.07\"", "device.ip"),
                bad("/device/ip", "\" 203.0.113.7\"", "device.ip"),
                bad("/device/ip", "\"2001:db8::1\"", "device.ip"),
                bad("/device/ip", "3405803783", "device.ip"),
                bad("/device/ipv6", "\"SECRET-v6\"", "device.ipv6"),
                bad("/device/ipv6", "\"203.0.113.7\"", "device.ipv6"),
                bad("/device/ipv6", "\"2001:db8::g\"", "device.ipv6"),
                bad("/device/ipv6", "\"2001:db8:::1\"", "device.ipv6"),
                bad("/device/ipv6", "\"fe80::1%eth0\"", "device.ipv6"),
                bad("/device/ipv6", "6", "device.ipv6"),
                bad("/device/lmt", "2", "device.lmt"),
                bad("/device/lmt", "-1", "device.lmt"),
                bad("/device/lmt", "\"1\"", "device.lmt"),
                bad("/device/lmt", "true", "device.lmt"),
                bad("/device/ifa", "\"SECRET with spaces\"", "device.ifa"),
                bad("/device/ifa", "\"" + "a".repeat(129) + "\"", "device.ifa"),
                bad("/device/ifa", "123456", "device.ifa"),
                bad("/device/devicetype", "0", "device.devicetype"),
                bad("/device/devicetype", "\"3\"", "device.devicetype"),
                bad("/device/geo", "\"SECRET-geo\"", "device.geo"),
                bad("/device/ua", "42", "device.ua"),
                bad("/regs", "\"SECRET-regs\"", "regs"),
                bad("/regs/coppa", "\"1\"", "regs.coppa"),
                bad("/regs/coppa", "2", "regs.coppa"),
                bad("/regs/coppa", "true", "regs.coppa"),
                bad("/regs/us_privacy", "1", "regs.us_privacy"),
                bad("/regs/gpp", "5", "regs.gpp"),
                bad("/regs/gpp_sid", "7", "regs.gpp_sid"),
                bad("/regs/gpp_sid", "[\"7\"]", "regs.gpp_sid"),
                bad("/regs/gpp_sid", "[7.5]", "regs.gpp_sid"),
                bad("/regs/gpp_sid", ints65, "regs.gpp_sid"),
                bad("/site", "{\"page\": \"https://SECRET.example\"}", "app and site"),
                bad("/app", "\"SECRET-app\"", "app"),
                bad("/user", "\"SECRET-user\"", "user")));
        for (String field : List.of("poddur", "maxseq", "minduration", "maxduration")) {
            for (String value : List.of("-30", "\"30\"", "30.5", "1e30", "10000000000000000000000", "true", "[30]")) {
                cases.add(bad("/imp/0/video/" + field, value, v + field));
            }
        }
        for (String value : List.of("-5", "0", "\"300\"", "1.5", "1e30", "99999999999", "true", "\"NaN\"", "{}")) {
            cases.add(bad("/tmax", value, "tmax"));
        }
        return cases.stream();
    }

    private static Arguments bad(String pointer, String json, String field) {
        return Arguments.of(pointer, json, field);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("badFields")
    void shouldRejectBadFieldNamingItWithoutEchoingTheValue(String pointer, String json, String field) {
        PlayerRequests request = PlayerRequests.valid();
        if (json == null) {
            request.without(pointer);
        } else {
            request.with(pointer, json);
        }

        GatewayException e = rejected(request.bytes());

        assertThat(e.detail()).startsWith(field + ":").doesNotContain("SECRET");
        String raw = json == null ? "" : json.replace("\"", "");
        if (raw.length() >= 4) {
            assertThat(e.detail()).doesNotContain(raw);
        }
    }

    @Test
    void shouldRejectStringTmax() {
        GatewayException e = rejected(PlayerRequests.valid().with("/tmax", "\"300\"").bytes());

        assertThat(e.detail()).isEqualTo("tmax: must be an integer");
    }

    @Test
    void shouldParseStructuredPodOfThreeSlots() {
        AdPodRequest request = parse(PlayerRequests.valid().imps(List.of(
                videoImp("s1", "\"podid\": \"pod-1\", \"slotinpod\": 1, \"minduration\": 15, \"maxduration\": 15"),
                videoImp("s2", "\"podid\": \"pod-1\", \"slotinpod\": 0, \"minduration\": 15, \"maxduration\": 30"),
                videoImp("s3", "\"podid\": \"pod-1\", \"slotinpod\": -1, \"maxduration\": 30"))));

        assertThat(request.imps()).containsExactly(
                new PodImp("s1", "pod-1", 0, 0, 15, 15, List.of(), 0, 1, List.of("video/mp4")),
                new PodImp("s2", "pod-1", 0, 0, 15, 30, List.of(), 0, 0, List.of("video/mp4")),
                new PodImp("s3", "pod-1", 0, 0, 0, 30, List.of(), 0, -1, List.of("video/mp4")));
        assertThat(request.imps()).noneMatch(PodImp::dynamic);
    }

    @Test
    void shouldParseDynamicPod() {
        AdPodRequest request = parse(PlayerRequests.valid().imps(List.of(videoImp("d1",
                "\"podid\": \"pod-9\", \"poddur\": 120, \"maxseq\": 4, \"minduration\": 5, \"maxduration\": 30,"
                        + " \"rqddurs\": [15, 30]"))));

        assertThat(request.imps()).singleElement().satisfies(imp -> {
            assertThat(imp.dynamic()).isTrue();
            assertThat(imp.podDurationSec()).isEqualTo(120);
            assertThat(imp.maxSequence()).isEqualTo(4);
            assertThat(imp.requiredDurationsSec()).containsExactly(15, 30);
        });
    }

    @Test
    void shouldParseHybridPod() {
        AdPodRequest request = parse(PlayerRequests.valid().imps(List.of(
                "{\"id\": \"h1\", \"bidfloor\": 12.5, \"video\": {\"mimes\": [\"video/mp4\"], \"podid\": \"p\","
                        + " \"slotinpod\": 1, \"maxduration\": 30}}",
                videoImp("h2", "\"podid\": \"p\", \"poddur\": 90, \"maxseq\": 3"))));

        assertThat(request.imps()).extracting(PodImp::impId, PodImp::podId, PodImp::dynamic, PodImp::bidFloor)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("h1", "p", false, 12.5),
                        org.assertj.core.groups.Tuple.tuple("h2", "p", true, 0.0));
    }

    @Test
    void shouldAcceptThirtyTwoImps() {
        List<String> imps = IntStream.range(0, AdPodRequestParser.MAX_IMPS).mapToObj(i -> videoImp("i" + i, "")).toList();

        assertThat(parse(PlayerRequests.valid().imps(imps)).imps()).hasSize(32);
    }

    @Test
    void shouldKeepTmaxAndIdAndTreatNullsAsAbsent() {
        AdPodRequest request = parse(PlayerRequests.valid().with("/device", "null").with("/regs", "null")
                .with("/imp/0/bidfloor", "null").with("/imp/0/video/podid", "null"));

        assertThat(request.playerRequestId()).isEqualTo("req-1");
        assertThat(request.tmax()).contains(Duration.ofMillis(300));
        assertThat(request.imps().get(0).podId()).isNull();
        assertThat(request.imps().get(0).bidFloor()).isZero();
    }

    @Test
    void shouldAcceptSiteInsteadOfAppAndNoTmax() {
        AdPodRequest request = parse(PlayerRequests.valid().without("/app").without("/tmax")
                .with("/site", "{\"page\": \"https://tv.example\"}"));

        assertThat(request.tmax()).isEmpty();
    }

    @Test
    void shouldAcceptBoundaryValues() {
        AdPodRequest request = parse(PlayerRequests.valid().with("/id", "\"" + "r".repeat(128) + "\"")
                .with("/tmax", Integer.toString(Integer.MAX_VALUE)).with("/imp/0/video/slotinpod", "2")
                .with("/imp/0/video/minduration", "30").with("/imp/0/bidfloor", "0")
                .with("/device/lmt", "0").with("/regs/gpp_sid", "[]"));

        assertThat(request.playerRequestId()).hasSize(128);
        assertThat(request.tmax()).contains(Duration.ofMillis(Integer.MAX_VALUE));
        assertThat(request.imps().get(0).slotInPod()).isEqualTo(2);
    }

    private AdPodRequest parse(PlayerRequests request) {
        return parser.parse(request.bytes(), null, PEER, null);
    }

    private GatewayException rejected(byte[] body) {
        GatewayException e = catchThrowableOfType(GatewayException.class, () -> parser.parse(body, null, PEER, null));
        assertThat(e).as("a GatewayException").isNotNull();
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.type()).isEqualTo("bad-request");
        return e;
    }
}
