package dev.idgw.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.idgw.gateway.failure.GatewayException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The parser's one contract with a hostile player: a request either parses or is a 400. Anything else
 * (a runtime exception, an error) would be a 500 and a crack in intake.
 *
 * <p>Runs its seeds in regression mode under plain {@code mvn test}; fuzz with
 * {@code JAZZER_FUZZ=1 mvn -pl gateway test -Dtest=AdPodRequestParserFuzzTest}. Seeds for the raw target
 * are a JSON body followed by a newline and three selector bytes (Sec-GPC, peer, X-Forwarded-For),
 * which the target takes from the end of the input.
 */
@ResourceLock("jazzer") // one fuzz test at a time: Jazzer's engine is per JVM
class AdPodRequestParserFuzzTest {
    private static final AdPodRequestParser PARSER =
            new AdPodRequestParser(TrustedProxies.of(List.of("10.0.0.0/8", "2001:db8:ffff::/48", "127.0.0.1")));
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final String[] SEC_GPC = {null, "1", "0", "", " 1 ", "\u0000"};
    private static final String[] PEERS = {"198.51.100.77", "10.0.0.5", "127.0.0.1", "2001:db8:ffff::1", "::1", null,
            "", "not-an-ip", "[::1]"};
    private static final String[] FORWARDED_FOR = {null, "", "192.0.2.44", "192.0.2.1, 192.0.2.44, 10.1.2.3",
            ",,, ,", "10.0.0.1, 10.0.0.2", "2001:db8::5, 2001:db8:ffff::2", "unknown", "192.0.2.44:8080",
            "[2001:db8::5]:443", ".:", "1.2.3.4/8", "999.1.1.1", "::ffff:192.0.2.1"};

    /** Fields the parser reads, so values land where they are checked rather than among unknown fields. */
    private static final String[][] PATHS = {
            {"id"}, {"tmax"}, {"app"}, {"site"}, {"user"}, {"device"}, {"device", "ip"}, {"device", "ipv6"},
            {"device", "ifa"}, {"device", "lmt"}, {"device", "devicetype"}, {"device", "ua"}, {"device", "geo"},
            {"device", "geo", "country"}, {"device", "geo", "region"}, {"device", "ext"}, {"device", "ext", "ifa_type"},
            {"regs"}, {"regs", "coppa"}, {"regs", "us_privacy"}, {"regs", "gpp"}, {"regs", "gpp_sid"}};
    private static final String[] VIDEO_FIELDS = {"mimes", "podid", "poddur", "maxseq", "minduration", "maxduration",
            "rqddurs", "slotinpod", "startdelay", "plcmt", "placement", "linearity", "w", "h", "podseq"};
    private static final String[] GOOD_STRINGS = {"req-1", "video/mp4", "203.0.113.7", "2001:db8::7", "US", "USA", "CA",
            "6D92078A-8246-4BA4-AE5B-76104861E7DC", "00000000-0000-0000-0000-000000000000", "rida", "1YYN", "1YNN",
            "1---", "DBABLA~BFQVAAAAAACA.YA", "DBABLA~BFQqAAAAAACA.QA", "DBABTA~1YNN", "DBAA", "pod-1", ""};

    @FuzzTest
    void parseNeverFailsUnexpectedly(FuzzedDataProvider data) {
        String forwardedFor = data.pickValue(FORWARDED_FOR);
        String peer = data.pickValue(PEERS);
        String secGpc = data.pickValue(SEC_GPC);
        byte[] body = data.consumeRemainingAsBytes();

        parsesOrIsBadRequest(body, secGpc, peer, forwardedFor);
    }

    /** Builds a request that gets past the JSON layer, with fuzzed values at the fields the parser checks. */
    @FuzzTest
    void semiValidRequestNeverFailsUnexpectedly(FuzzedDataProvider data) {
        ObjectNode root = NODES.objectNode();
        root.put("id", "req-1");
        ArrayNode imps = root.putArray("imp");
        int impCount = data.consumeInt(0, 34);
        for (int i = 0; i < impCount; i++) {
            ObjectNode imp = imps.addObject();
            imp.put("id", data.consumeBoolean() ? "i" + i : data.consumeString(8));
            if (data.consumeBoolean()) {
                imp.set("bidfloor", value(data));
            }
            ObjectNode video = imp.putObject("video");
            video.putArray("mimes").add("video/mp4");
            int fields = data.consumeInt(0, 4);
            for (int f = 0; f < fields; f++) {
                video.set(data.pickValue(VIDEO_FIELDS), value(data));
            }
        }
        int fields = data.consumeInt(0, 8);
        for (int f = 0; f < fields; f++) {
            set(root, data.pickValue(PATHS), value(data));
        }
        byte[] body = root.toString().getBytes(StandardCharsets.UTF_8);
        if (data.consumeBoolean() && body.length > 0) {
            body = Arrays.copyOf(body, data.consumeInt(0, body.length)); // a truncated body
        }
        String secGpc = data.consumeBoolean() ? null : data.consumeString(4);
        String peer = data.consumeBoolean() ? data.pickValue(PEERS) : data.consumeString(40);
        String forwardedFor = data.consumeBoolean() ? data.pickValue(FORWARDED_FOR) : data.consumeString(120);

        parsesOrIsBadRequest(body, secGpc, peer, forwardedFor);
    }

    private static void parsesOrIsBadRequest(byte[] body, String secGpc, String peer, String forwardedFor) {
        AdPodRequest request;
        try {
            request = PARSER.parse(body, secGpc, peer, forwardedFor);
        } catch (GatewayException e) {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.detail()).isNotBlank().hasSizeLessThan(200);
            return;
        }
        assertThat(request.imps()).isNotEmpty().hasSizeLessThanOrEqualTo(AdPodRequestParser.MAX_IMPS);
        assertThat(request.identity().deviceId()).isEqualTo(request.deviceId().orElse(null));
        request.deviceId().ifPresent(id -> assertThat(id).isLowerCase()
                .isNotEqualTo("00000000-0000-0000-0000-000000000000"));
        if (request.deviceId().isEmpty()) {
            assertThat(request.identity().ifaType()).isNull();
        }
        assertThat(request.signals().gpc()).isEqualTo(secGpc != null);
    }

    private static JsonNode value(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 11)) {
            case 0 -> NODES.numberNode(data.consumeInt());
            case 1 -> NODES.numberNode(data.consumeInt(-3, 130));
            case 2 -> NODES.numberNode(data.consumeLong());
            case 3 -> NODES.numberNode(data.consumeDouble());
            case 4 -> NODES.textNode(data.consumeString(64));
            case 5 -> NODES.textNode(data.pickValue(GOOD_STRINGS));
            case 6 -> NODES.booleanNode(data.consumeBoolean());
            case 7 -> NODES.nullNode();
            case 8 -> {
                ArrayNode array = NODES.arrayNode();
                int n = data.consumeInt(0, 70);
                for (int i = 0; i < n; i++) {
                    array.add(data.consumeInt(-2, 40));
                }
                yield array;
            }
            case 9 -> NODES.arrayNode().add(data.consumeString(16)).add(NODES.nullNode());
            case 10 -> NODES.numberNode(new java.math.BigInteger(1, data.consumeBytes(16)));
            default -> NODES.objectNode().put(data.consumeString(8), data.consumeString(8));
        };
    }

    private static void set(ObjectNode root, String[] path, JsonNode value) {
        ObjectNode parent = root;
        for (int i = 0; i < path.length - 1; i++) {
            JsonNode child = parent.get(path[i]);
            if (!(child instanceof ObjectNode)) {
                child = parent.putObject(path[i]);
            }
            parent = (ObjectNode) child;
        }
        parent.set(path[path.length - 1], value);
    }
}
