package dev.idgw.partners;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A player that hides the viewer's identifiers in text the allowlist copies (app name, content title,
 * user agent, mimes, blocked categories) must not get them past the leak guard, whatever the decision.
 */
class ContextualSmugglingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASE_REQUEST = """
            {"id":"player-req","bcat":["IAB25"],
             "imp":[{"id":"slot-1","video":{"mimes":["video/mp4"],"podid":"p","maxduration":30}}],
             "app":{"name":"Example TV","bundle":"com.example.tv","content":{"title":"Episode One"}},
             "device":{"ua":"Roku/DVP-12.0","ifa":"6D92078A-8246-4BA4-AE5B-76104861E7DC","ip":"203.0.113.7",
                       "ipv6":"2001:db8:85a3::8a2e:370:7334"}}""";

    /** A field the allowlist copies, and how to hide a value in it. */
    enum CopiedField {
        APP_NAME((r, v) -> ((ObjectNode) r.get("app")).put("name", "Example " + v + " TV")),
        APP_BUNDLE((r, v) -> ((ObjectNode) r.get("app")).put("bundle", "com.example." + v)),
        CONTENT_TITLE((r, v) -> ((ObjectNode) r.get("app").get("content")).put("title", v)),
        DEVICE_UA((r, v) -> ((ObjectNode) r.get("device")).put("ua", "Mozilla/5.0 (" + v + ")")),
        VIDEO_MIMES((r, v) -> ((ArrayNode) r.get("imp").get(0).get("video").get("mimes")).add("video/" + v)),
        BCAT((r, v) -> ((ArrayNode) r.get("bcat")).add(v));

        private final BiConsumer<ObjectNode, String> hide;

        CopiedField(BiConsumer<ObjectNode, String> hide) {
            this.hide = hide;
        }

        ObjectNode requestHiding(String value) {
            ObjectNode request = baseRequest();
            hide.accept(request, value);
            return request;
        }
    }

    static Stream<Arguments> fieldsAndSpellings() {
        return Stream.of(CopiedField.values()).flatMap(field ->
                SampleViewer.guardedSpellings().stream().map(spelling -> Arguments.of(field, spelling)));
    }

    @ParameterizedTest(name = "{0} hiding {1}")
    @MethodSource("fieldsAndSpellings")
    void shouldDropIdentifiersSmuggledIntoContextualTextWhenIdentityIsStripped(CopiedField field, String spelling)
            throws JsonProcessingException {
        String payload = payloadFor(field.requestHiding(spelling), Set.of());

        assertThat(payload.toLowerCase(Locale.ROOT)).doesNotContain(spelling.toLowerCase(Locale.ROOT));
        assertNoIdentityAt(payload);
    }

    @ParameterizedTest(name = "{0} hiding {1}")
    @MethodSource("fieldsAndSpellings")
    void shouldDropSmuggledTextEvenWhenTheIdentityMayTravel(CopiedField field, String spelling)
            throws JsonProcessingException {
        JsonNode payload = JSON.readTree(payloadFor(field.requestHiding(spelling), EnumSet.allOf(Field.class)));

        assertThat(textValues(payload)).noneMatch(v -> v.toLowerCase(Locale.ROOT).contains(
                spelling.toLowerCase(Locale.ROOT)) && !isIdentityValue(v));
    }

    @Test
    void shouldCopyInnocentContextualTextUnchanged() throws JsonProcessingException {
        JsonNode payload = JSON.readTree(payloadFor(baseRequest(), Set.of()));

        assertThat(payload.at("/app/name").asText()).isEqualTo("Example TV");
        assertThat(payload.at("/app/bundle").asText()).isEqualTo("com.example.tv");
        assertThat(payload.at("/app/content/title").asText()).isEqualTo("Episode One");
        assertThat(payload.at("/device/ua").asText()).isEqualTo("Roku/DVP-12.0");
        assertThat(payload.at("/imp/0/video/mimes/0").asText()).isEqualTo("video/mp4");
        assertThat(payload.at("/bcat/0").asText()).isEqualTo("IAB25");
    }

    @Test
    void shouldKeepTheOtherItemsOfAnArrayWhenOneIsDropped() throws JsonProcessingException {
        JsonNode payload = JSON.readTree(payloadFor(CopiedField.BCAT.requestHiding(SampleViewer.IPV4), Set.of()));

        assertThat(payload.get("bcat")).hasSize(1);
        assertThat(payload.at("/bcat/0").asText()).isEqualTo("IAB25");
    }

    @ParameterizedTest
    @ValueSource(strings = {"JANE.DOE@EXAMPLE.COM", "mailto:jane@example.com", "JANE%40EXAMPLE.COM",
            "see jane.doe+tv@example.co.uk now"})
    void shouldDropEmailAddressesOfAnyone(String text) throws JsonProcessingException {
        String payload = payloadFor(CopiedField.APP_NAME.requestHiding(text), Set.of());

        assertThat(payload.toLowerCase(Locale.ROOT)).doesNotContain(text.toLowerCase(Locale.ROOT));
        assertThat(JSON.readTree(payload).at("/app").has("name")).isFalse();
    }

    @Test
    void shouldDropAny64HexRunLikeAnotherViewersEmailHash() throws JsonProcessingException {
        String otherHash = "b4c9a289323b21a01c3e940f150eb9b8c542587f1abfd8f0e1cc1ffc5e475514";

        String payload = payloadFor(CopiedField.CONTENT_TITLE.requestHiding("x " + otherHash), Set.of());

        assertThat(payload).doesNotContain(otherHash);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
            "2001:0DB8:85A3:0000:0000:8A2E:0370:7334",
            "2001:0db8:85a3::8a2e:0370:7334"})
    void shouldDropTheIpv6AddressInExpandedSpellings(String spelling) throws JsonProcessingException {
        String payload = payloadFor(CopiedField.APP_NAME.requestHiding(spelling), Set.of());

        assertThat(payload.toLowerCase(Locale.ROOT)).doesNotContain(spelling.toLowerCase(Locale.ROOT));
    }

    private static String payloadFor(ObjectNode request, Set<Field> allowed) throws JsonProcessingException {
        PlayerIdentity identity = SampleViewer.identity();
        PartnerProfile profile = ProfileBuilder.aProfile().build();
        OutboundIdentity outbound = OutboundIdentity.shape(identity, allowed, profile, false, hash -> hash);
        ObjectNode payload = (ObjectNode) JSON.readTree(new String(PartnerPayloadBuilder.build(
                ContextualTemplate.from(ContextualRequest.fromTree(request), LeakGuard.forIdentity(identity, List.of())),
                profile, outbound, "req-1", 200, false, false), java.nio.charset.StandardCharsets.UTF_8));
        return JSON.writeValueAsString(payload);
    }

    private static void assertNoIdentityAt(String payload) throws JsonProcessingException {
        JsonNode tree = JSON.readTree(payload);
        assertThat(tree.has("user")).isFalse();
        assertThat(tree.get("device").has("ifa")).isFalse();
        assertThat(tree.get("device").has("ip")).isFalse();
        assertThat(tree.get("device").has("ipv6")).isFalse();
        assertThat(tree.get("device").get("lmt").asInt()).isEqualTo(1);
    }

    /** The values the builder itself writes when identity may travel. */
    private static boolean isIdentityValue(String value) {
        return value.equals(SampleViewer.DEVICE_ID) || value.equals(SampleViewer.IPV4)
                || value.equals(SampleViewer.IPV6) || value.equals(SampleViewer.emailHex());
    }

    private static List<String> textValues(JsonNode node) {
        Stream.Builder<String> values = Stream.builder();
        collect(node, values);
        return values.build().toList();
    }

    private static void collect(JsonNode node, Stream.Builder<String> values) {
        if (node.isTextual()) {
            values.add(node.asText());
        }
        node.forEach(child -> collect(child, values));
    }

    private static ObjectNode baseRequest() {
        try {
            return (ObjectNode) JSON.readTree(BASE_REQUEST);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @org.junit.jupiter.api.Test
    void shouldDropAHashShapedBase64TokenEvenWhenTheEmailHashIsUnknown() throws Exception {
        byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                .digest("someone@example.com".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        LeakGuard guard = LeakGuard.forIdentity(PlayerIdentity.none(), java.util.List.of());
        String standard = java.util.Base64.getEncoder().encodeToString(hash);
        String urlSafe = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        org.assertj.core.api.Assertions.assertThat(guard.allows("Season " + standard)).isFalse();
        org.assertj.core.api.Assertions.assertThat(guard.allows(urlSafe + " finale")).isFalse();
        org.assertj.core.api.Assertions.assertThat(guard.allows("An ordinary series title, season 2")).isTrue();
    }
}
