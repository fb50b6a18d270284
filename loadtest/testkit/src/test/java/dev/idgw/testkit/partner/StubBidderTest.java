package dev.idgw.testkit.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class StubBidderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Property
    void shouldBidMaxOfBidsPerImpAndMaxseqOnEveryImp(
            @ForAll @IntRange(max = 5) int bidsPerImp,
            @ForAll @Size(max = 6) List<@IntRange(max = 8) Integer> maxseqs) {
        StubBidder bidder = new StubBidder("prop");
        ObjectNode request = JSON.createObjectNode().put("id", "r");
        ArrayNode imps = request.putArray("imp");
        Map<String, Integer> expected = new HashMap<>();
        for (int i = 0; i < maxseqs.size(); i++) {
            ObjectNode video = imps.addObject().put("id", "imp-" + i).putObject("video");
            if (maxseqs.get(i) > 0) {
                video.put("maxseq", maxseqs.get(i));
            }
            expected.put("imp-" + i, Math.max(bidsPerImp, maxseqs.get(i)));
        }

        JsonNode response = bidder.bidResponse(request, StubBehavior.bidding().withBidsPerImp(bidsPerImp));

        Map<String, Integer> actual = new HashMap<>();
        Set<String> ids = new HashSet<>();
        for (JsonNode bid : response.path("seatbid").path(0).path("bid")) {
            actual.merge(bid.path("impid").asText(), 1, Integer::sum);
            ids.add(bid.path("id").asText());
        }
        expected.values().removeIf(count -> count == 0);
        assertThat(actual).isEqualTo(expected);
        assertThat(ids).hasSize(actual.values().stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void shouldFormatVastDurationsAsHoursMinutesSeconds() {
        assertThat(StubBidder.vastDuration(15)).isEqualTo("00:00:15");
        assertThat(StubBidder.vastDuration(90)).isEqualTo("00:01:30");
        assertThat(StubBidder.vastDuration(3725)).isEqualTo("01:02:05");
    }

    @Test
    void shouldEscapeTheStubNameInsideVast() {
        String adm = StubBidder.vast("a\"<b>", "x & y", 15);

        assertThat(adm).contains("id=\"a&quot;&lt;b&gt;\"").contains("<AdTitle>x &amp; y</AdTitle>");
    }

    @Test
    void shouldEchoANullIdWhenTheRequestHasNone() throws IOException {
        JsonNode request = StubBidder.parseRequest("{\"imp\":[{\"id\":\"1\"}]}".getBytes(StandardCharsets.UTF_8));

        JsonNode response = new StubBidder("s").bidResponse(request, StubBehavior.bidding());

        assertThat(response.get("id").isNull()).isTrue();
        assertThat(StubBidder.hasBids((ObjectNode) response)).isTrue();
    }

    @Test
    void shouldOnlyAcceptAJsonObject() {
        for (String body : List.of("", "null", "42", "[]", "{", "{}{}")) {
            assertThatThrownBy(() -> StubBidder.parseRequest(body.getBytes(StandardCharsets.UTF_8)))
                    .as(body).isInstanceOf(IOException.class);
        }
    }
}
