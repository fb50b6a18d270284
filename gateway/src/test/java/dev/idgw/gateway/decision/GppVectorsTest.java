package dev.idgw.gateway.decision;

import static dev.idgw.gateway.decision.DecisionFixtures.ALL_FIELDS;
import static dev.idgw.gateway.decision.DecisionFixtures.found;
import static dev.idgw.gateway.decision.DecisionFixtures.partner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.iab.gpp.encoder.GppModel;
import com.iab.gpp.encoder.error.DecodingException;
import com.iab.gpp.encoder.section.EncodableSection;
import dev.idgw.gateway.consent.AgeBand;
import dev.idgw.partners.PartnerRole;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The golden GPP vectors (src/test/resources/gpp/vectors.jsonl), written by the IAB's JavaScript library
 * (@iabgpp/cmpapi 3.2.0, src/test/gpp-vectors/generate.mjs): every decision field value of sections 23–27,
 * every field at once, every truncation and single-bit flip of a base string, and usnat in both layouts.
 * Each decodes to what the JS library decodes, gives the restrictions the policy derives from those
 * fields, and the third-party outcome for an adult who consented, in an opt-out state.
 */
class GppVectorsTest {
    private static final String RESOURCE = "/gpp/vectors.jsonl";
    private static final Map<String, Integer> SECTION_IDS = Map.of(
            "usnat", 7, "usmn", 23, "usmd", 24, "usin", 25, "usky", 26, "usri", 27);

    record Vector(String kind, String section, String gpp, List<Integer> sid, JsonObject fields,
                  List<String> reasons, String thirdParty) {
        @Override
        public String toString() {
            return kind + " " + section + " " + gpp;
        }
    }

    static List<Vector> vectors() throws IOException {
        try (InputStream in = GppVectorsTest.class.getResourceAsStream(RESOURCE)) {
            assertThat(in).as(RESOURCE).isNotNull();
            List<Vector> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonObject v = new JsonObject(line);
                out.add(new Vector(v.getString("kind"), v.getString("section"), v.getString("gpp"),
                        ints(v.getJsonArray("sid")), v.getJsonObject("fields"),
                        v.getJsonArray("reasons").stream().map(String::valueOf).toList(), v.getString("thirdParty")));
            }
            return out;
        }
    }

    static Stream<Vector> all() throws IOException {
        return vectors().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void shouldDecodeEveryVectorToTheJsLibrarysFields(Vector v) {
        EncodableSection section;
        if (v.section().equals("usnat")) {
            if (v.fields() == null) {
                return; // iabgpp-encoder decodes values no encoder writes without complaint: GppSignal checks them
            }
            section = new GppModel(v.gpp()).getUsNatSection();
        } else {
            int id = SECTION_IDS.get(v.section());
            String encoded = v.gpp().contains("~") ? v.gpp().substring(v.gpp().indexOf('~') + 1) : null;
            if (v.fields() == null) {
                if (encoded != null) {
                    assertThatThrownBy(() -> GatewayGppSections.decode(id, encoded)).as("%s", v)
                            .isInstanceOf(DecodingException.class);
                }
                return;
            }
            section = GatewayGppSections.decode(id, encoded);
        }
        assertThat(section.getId()).as("%s", v).isEqualTo(SECTION_IDS.get(v.section()));
        for (String name : v.fields().fieldNames()) {
            Object expected = v.fields().getValue(name);
            Object actual = section.getFieldValue(name);
            if (expected instanceof JsonArray list && actual instanceof List<?> values && values.size() > list.size()
                    && v.section().equals("usnat")) {
                // iabgpp-encoder reads a Version 1 usnat (12 sensitive-data, 2 known-child values) into the
                // Version 2 lists (16, 3), the added values 0 (not applicable): the same choices.
                assertThat(values.subList(list.size(), values.size())).as("%s: %s padding", v, name)
                        .allMatch(value -> Integer.valueOf(0).equals(value));
                actual = List.copyOf(values.subList(0, list.size()));
            }
            assertThat(actual).as("%s: %s", v, name)
                    .isEqualTo(expected instanceof JsonArray list ? ints(list) : expected);
        }
        if (!v.fields().containsKey("Gpc")) {
            assertThat(Boolean.TRUE.equals(section.getFieldValue("Gpc"))).as("%s: no GPC sub-section, no GPC", v)
                    .isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void shouldRestrictAndDecideAsTheVectorSays(Vector v) {
        GppSignal signal = GppSignal.decode(v.gpp(), v.sid());
        assertThat(signal.present()).isTrue();
        TreeSet<String> restrictions = signal.restrictions().stream().map(Reason::code)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(restrictions).as("%s", v).isEqualTo(new TreeSet<>(v.reasons()));

        RequestSignals signals = new RequestSignals(false, false, false, UsPrivacySignal.ABSENT, signal);
        Decision decision = ConsentDecider.decide(found(true, "US-CA", AgeBand.ADULT), signals,
                DecisionFixtures.RULES, partner(PartnerRole.THIRD_PARTY, ALL_FIELDS));
        assertThat(decision instanceof Decision.Share ? "share" : "strip").as("%s: %s", v, decision)
                .isEqualTo(v.thirdParty());
        if (decision instanceof Decision.Strip strip) {
            assertThat(strip.reasons()).as("%s", v).doesNotContain(Reason.GPP_UNSUPPORTED_SECTION);
        }
    }

    /** The vectors file is whole: a file cut short or a generator that lost a kind fails here, not silently. */
    @Test
    void shouldCoverEverySectionWithEveryKind() throws IOException {
        Map<String, Long> counts = vectors().stream().collect(Collectors.groupingBy(
                v -> v.section() + "/" + v.kind(), TreeMap::new, Collectors.counting()));
        for (String section : List.of("usmn", "usmd", "usin", "usky", "usri")) {
            for (String kind : List.of("field", "all", "truncated", "bitflip")) {
                assertThat(counts.getOrDefault(section + "/" + kind, 0L)).as("%s/%s", section, kind).isPositive();
            }
            // Every truncation strips, and so does at least one flip (a value of 3, a pad bit, the version).
            List<Vector> own = vectors().stream().filter(v -> v.section().equals(section)).toList();
            assertThat(own.stream().filter(v -> v.kind().equals("truncated")).map(Vector::reasons))
                    .as("%s truncations", section).allMatch(r -> r.equals(List.of("gpp_malformed")));
            assertThat(own.stream().filter(v -> v.kind().equals("bitflip")).map(Vector::reasons))
                    .as("%s flips", section).contains(List.of("gpp_malformed"));
        }
        for (String kind : List.of("usnat-v1", "usnat-v2", "usnat-v1-bitflip", "usnat-v2-bitflip")) {
            assertThat(counts.getOrDefault("usnat/" + kind, 0L)).as(kind).isPositive();
        }
        // Both polarities are present for each opt-out and consent field: one value shares, another strips.
        assertThat(vectors().stream().filter(v -> v.kind().equals("field")).map(Vector::thirdParty))
                .contains("share", "strip");
    }

    private static List<Integer> ints(JsonArray array) {
        return array.stream().map(o -> ((Number) o).intValue()).toList();
    }

}
