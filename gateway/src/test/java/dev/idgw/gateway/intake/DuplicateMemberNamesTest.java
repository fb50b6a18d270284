package dev.idgw.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.idgw.gateway.failure.GatewayException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A member name repeated within one object is a 400 wherever the object is: at the root, in what the
 * gateway reads, in what the allowlist copies and in what nobody reads and is skipped, in arrays of
 * objects, in objects large enough to be checked by a hash set. The 400 is the one Jackson's own check
 * gave (the tree parser still uses it): "body is not valid JSON" at the same line and column. The same
 * name in different objects is fine.
 */
class DuplicateMemberNamesTest {
    private static final AdPodRequestParser PARSER = new AdPodRequestParser(TrustedProxies.none());
    private static final TreeAdPodRequestParser JACKSONS_CHECK = new TreeAdPodRequestParser(TrustedProxies.none());
    private static final String PEER = "198.51.100.77";

    /** Every kind of object once: read by the gateway, copied by the allowlist, skipped, inside arrays. */
    private static final String VALID = """
            {"id": "req-1", "at": 1, "cur": ["USD"],
             "imp": [{"id": "1", "bidfloor": 2.5, "ext": {"a": 1},
                      "video": {"mimes": ["video/mp4"], "w": 1920, "h": 1080, "ext": {"b": {"c": 1}}}}],
             "app": {"bundle": "com.example.tv", "content": {"title": "T", "producer": {"name": "N"}}},
             "device": {"ua": "SmartTV/1.0", "ip": "203.0.113.7", "geo": {"country": "USA", "region": "CA"},
                        "ext": {"ifa_type": "rida"}},
             "user": {"id": "u", "ext": {"eids": [{"source": "x", "uids": [{"id": "y"}]}]}},
             "regs": {"coppa": 0},
             "ext": {"k": [{"a": 1}, {"a": 2}]}}""";

    /** Where, the text after which a member is inserted, the member (which repeats one of that object). */
    static Stream<Arguments> duplicates() {
        return Stream.of(
                Arguments.of("root", "\"at\": 1,", " \"at\": 2,"),
                Arguments.of("root, an object value", "\"regs\": {\"coppa\": 0},", " \"app\": {},"),
                Arguments.of("imp", "\"bidfloor\": 2.5,", " \"bidfloor\": 3,"),
                Arguments.of("imp's video", "\"w\": 1920,", " \"w\": 1,"),
                Arguments.of("imp's ext, skipped", "\"ext\": {\"a\": 1", ", \"a\": 1"),
                Arguments.of("video's ext, skipped two deep", "\"b\": {\"c\": 1", ", \"c\": 2"),
                Arguments.of("app's content's producer, copied", "\"producer\": {\"name\": \"N\"", ", \"name\": \"M\""),
                Arguments.of("device", "\"ua\": \"SmartTV/1.0\",", " \"ip\": \"203.0.113.8\","),
                Arguments.of("device's geo", "\"country\": \"USA\",", " \"country\": \"US\","),
                Arguments.of("device's ext, read for ifa_type", "\"ifa_type\": \"rida\"", ", \"ifa_type\": \"rida\""),
                Arguments.of("user, skipped", "\"user\": {\"id\": \"u\",", " \"id\": \"v\","),
                Arguments.of("objects in arrays in user, skipped", "\"uids\": [{\"id\": \"y\"", ", \"id\": \"z\""),
                Arguments.of("second object of an array", "{\"a\": 2", ", \"a\": 3"),
                Arguments.of("regs", "\"coppa\": 0", ", \"coppa\": 1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("duplicates")
    void shouldRejectADuplicateAsJacksonsOwnCheckDid(String where, String after, String member) {
        byte[] body = insert(after, member);

        GatewayException e = rejected(body);

        assertThat(e.detail()).startsWith("body is not valid JSON (line ")
                .isEqualTo(rejectedByJackson(body).detail());
    }

    @Test
    void shouldAcceptTheSameNameInDifferentObjects() {
        assertThat(PARSER.parse(bytes(VALID), null, PEER, null).playerRequestId()).isEqualTo("req-1");
        byte[] nested = insert("\"at\": 1,",
                " \"zz\": {\"zz\": {\"zz\": 1, \"at\": 1, \"id\": 2}, \"at\": [{\"at\": 1}]},");

        assertThat(PARSER.parse(nested, null, PEER, null).playerRequestId()).isEqualTo("req-1");
    }

    @Test
    void shouldRejectTheSameNameSpeltWithAnEscape() {
        GatewayException e = rejected(insert("\"at\": 1,", " \"\\u0061t\": 2,"));

        assertThat(e.detail()).startsWith("body is not valid JSON");
    }

    /** Names of an object past the linear limit (16) are held in a set: the duplicate's place matters not. */
    @ParameterizedTest(name = "{0} members, then k{1} again")
    @MethodSource("largeObjects")
    void shouldRejectADuplicateInALargeObject(int members, int repeated) {
        byte[] body = insert("\"at\": 1,", " \"zz\": {" + names(0, members) + ", \"k" + repeated + "\": 0},");

        assertThat(rejected(body).detail()).isEqualTo(rejectedByJackson(body).detail());
    }

    static Stream<Arguments> largeObjects() {
        int limit = OpenObjectNames.LINEAR_LIMIT;
        return Stream.of(Arguments.of(limit, 0), Arguments.of(limit, limit - 1), Arguments.of(limit + 1, limit),
                Arguments.of(limit + 4, 0), Arguments.of(limit + 4, limit + 3), Arguments.of(100, 57));
    }

    @Test
    void shouldAcceptLargeObjectsOfUniqueNamesSideBySide() {
        String large = "{" + names(0, 40) + "}";
        byte[] body = insert("\"at\": 1,",
                " \"zz\": {\"x\": " + large + ", \"y\": " + large + ", " + names(0, 20) + "},");

        assertThat(PARSER.parse(body, null, PEER, null).playerRequestId()).isEqualTo("req-1");
    }

    @Test
    void shouldStillCheckAnObjectAfterALargeChildEnded() {
        byte[] body = insert("\"at\": 1,", " \"zz\": {\"k0\": 0, \"x\": {" + names(0, 40) + "}, \"k0\": 1},");

        assertThat(rejected(body).detail()).isEqualTo(rejectedByJackson(body).detail());
    }

    @Test
    void shouldStillCheckTheChildrenOfALargeObject() {
        String child = "\"x\": {\"k0\": 0, \"k0\": 1}";
        byte[] body = insert("\"at\": 1,", " \"zz\": {" + names(0, 40) + ", " + child + "},");

        assertThat(rejected(body).detail()).isEqualTo(rejectedByJackson(body).detail());
    }

    @Test
    void shouldCheckLargeObjectsAtEveryDepth() {
        StringBuilder deep = new StringBuilder();
        for (int depth = 0; depth < 25; depth++) {
            deep.append("{").append(names(0, 20)).append(", \"d\": ");
        }
        deep.append("{\"k1\": 0, \"k1\": 1}").append("}".repeat(25));
        byte[] body = insert("\"at\": 1,", " \"zz\": " + deep + ",");

        assertThat(rejected(body).detail()).isEqualTo(rejectedByJackson(body).detail());
        byte[] valid = insert("\"at\": 1,", " \"zz\": " + deep.toString().replace("\"k1\": 1", "\"k2\": 1") + ",");
        assertThat(PARSER.parse(valid, null, PEER, null).playerRequestId()).isEqualTo("req-1");
    }

    /** An adversarial object: the check stays linear (a pairwise one would take minutes here). */
    @Test
    void shouldParseAHugeObjectOfUniqueNames() {
        String huge = names(0, 100_000);
        byte[] body = insert("\"at\": 1,", " \"zz\": {" + huge + "},");

        assertThat(PARSER.parse(body, null, PEER, null).playerRequestId()).isEqualTo("req-1");
        assertThat(rejected(insert("\"at\": 1,", " \"zz\": {" + huge + ", \"k99999\": 1},")).detail())
                .startsWith("body is not valid JSON");
    }

    /** {@code "k<from>": 0, …} up to {@code to}, exclusive. */
    private static String names(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "\"k" + i + "\": 0").collect(Collectors.joining(", "));
    }

    private static byte[] insert(String after, String member) {
        int at = VALID.indexOf(after);
        assertThat(at).as("anchor %s", after).isNotNegative().isEqualTo(VALID.lastIndexOf(after));
        int end = at + after.length();
        return bytes(VALID.substring(0, end) + member + VALID.substring(end));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static GatewayException rejected(byte[] body) {
        GatewayException e = catchThrowableOfType(() -> PARSER.parse(body, null, PEER, null), GatewayException.class);
        assertThat(e).as("a 400").isNotNull();
        assertThat(e.status()).isEqualTo(400);
        return e;
    }

    private static GatewayException rejectedByJackson(byte[] body) {
        GatewayException e = catchThrowableOfType(() -> JACKSONS_CHECK.parse(body, null, PEER, null),
                GatewayException.class);
        assertThat(e).as("a 400 from the tree parser").isNotNull();
        return e;
    }
}
