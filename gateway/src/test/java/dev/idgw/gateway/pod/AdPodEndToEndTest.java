package dev.idgw.gateway.pod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.gateway.support.AdPodRequests;
import dev.idgw.gateway.support.GatewayHarness;
import dev.idgw.gateway.support.PartnerSpec;
import dev.idgw.testkit.partner.StubBehavior;
import dev.idgw.testkit.partner.StubFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** Pods through the running gateway: the player's imp ids come back, durations fit, VAST on request, 204 on no fill. */
class AdPodEndToEndTest {
    private static GatewayHarness gateway;

    @BeforeAll
    static void start() {
        gateway = GatewayHarness.builder()
                .partner(PartnerSpec.allFields("alpha").withBehavior(StubBehavior.bidding().withBasePrice(10.0)
                        .withBidsPerImp(3).withDurations(15, 30, 30)))
                .partner(PartnerSpec.allFields("bravo").withBehavior(StubBehavior.bidding().withBasePrice(7.0)
                        .withBidsPerImp(3).withDurations(30, 15, 10)))
                .start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void shouldFillADynamicPodWithinItsDurationAndCount() {
        HttpResponse<String> r = gateway.post(AdPodRequests.dynamicPod("dyn", null, "203.0.113.1").toString());
        assertThat(r.statusCode()).isEqualTo(200);
        List<JsonObject> bids = bids(new JsonObject(r.body()));
        assertThat(bids).hasSizeBetween(1, 4);
        assertThat(bids.stream().mapToInt(b -> b.getInteger("dur")).sum()).isLessThanOrEqualTo(60);
        assertThat(bids).allSatisfy(b -> assertThat(b.getString("impid")).isEqualTo("1"));
        List<Double> prices = bids.stream().sorted((a, b) -> Integer.compare(
                a.getJsonObject("ext").getInteger("sequence"), b.getJsonObject("ext").getInteger("sequence")))
                .map(b -> b.getDouble("price")).toList();
        assertThat(prices).isSortedAccordingTo((a, b) -> Double.compare(b, a));
    }

    @Test
    void shouldAnswerAStructuredPodWithThePlayersImpIds() {
        HttpResponse<String> r = gateway.post(AdPodRequests.structuredPod("str", null).toString());
        assertThat(r.statusCode()).isEqualTo(200);
        Set<String> impIds = new HashSet<>();
        bids(new JsonObject(r.body())).forEach(b -> impIds.add(b.getString("impid")));
        assertThat(impIds).containsExactlyInAnyOrder("slot-1", "slot-2", "slot-3");
        assertThat(gateway.stub("alpha").received().get(0).bodyText()).doesNotContain("slot-1");
    }

    @Test
    void shouldAnswerWithAVast42PodWhenAskedForXml() throws Exception {
        HttpResponse<String> r = gateway.post(AdPodRequests.dynamicPod("vast", null, "203.0.113.1").toString(),
                "Accept", "application/xml");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/xml");
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(r.body().getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getDocumentElement().getAttribute("version")).isEqualTo("4.2");
        assertThat(doc.getElementsByTagName("Ad").getLength()).isBetween(1, 4);
        assertThat(((org.w3c.dom.Element) doc.getElementsByTagName("Ad").item(0)).getAttribute("sequence")).isEqualTo("1");
    }

    @Test
    void shouldAnswer204WhenNothingFills() {
        gateway.stub("alpha").behave(StubBehavior.failing(StubFailure.NO_BID));
        gateway.stub("bravo").behave(StubBehavior.failing(StubFailure.HTTP_500));
        try {
            HttpResponse<String> r = gateway.post(AdPodRequests.dynamicPod("empty", null, null).toString());
            assertThat(r.statusCode()).isEqualTo(204);
            assertThat(r.body()).isEmpty();
        } finally {
            gateway.stub("alpha").behave(StubBehavior.bidding().withBasePrice(10.0).withBidsPerImp(3).withDurations(15, 30, 30));
            gateway.stub("bravo").behave(StubBehavior.bidding().withBasePrice(7.0).withBidsPerImp(3).withDurations(30, 15, 10));
        }
    }

    private static List<JsonObject> bids(JsonObject response) {
        List<JsonObject> out = new ArrayList<>();
        JsonArray seats = response.getJsonArray("seatbid");
        for (int i = 0; i < seats.size(); i++) {
            JsonArray bids = seats.getJsonObject(i).getJsonArray("bid");
            for (int j = 0; j < bids.size(); j++) {
                out.add(bids.getJsonObject(j));
            }
        }
        return out;
    }
}
