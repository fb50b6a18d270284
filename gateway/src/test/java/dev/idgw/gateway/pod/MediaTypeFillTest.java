package dev.idgw.gateway.pod;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.idgw.gateway.support.AdPodRequests;
import dev.idgw.gateway.support.GatewayHarness;
import dev.idgw.gateway.support.PartnerSpec;
import dev.idgw.testkit.partner.StubBehavior;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A bid fills an imp only if its VAST can play there: real stub partners answer with mp4-only, webm-only,
 * mixed and untyped markups; requests ask for webm, mp4 or both, and the pod (JSON or VAST) holds only
 * the ads whose MediaFiles include a type the imp asked for, or that name no type at all.
 */
class MediaTypeFillTest {
    private static GatewayHarness gateway;

    @BeforeAll
    static void start() {
        gateway = GatewayHarness.builder()
                .partner(partner("mp4", 10.0, "video/mp4"))
                .partner(partner("webm", 8.0, "video/webm"))
                .partner(partner("mixed", 6.0, "video/mp4", "video/webm"))
                .partner(partner("untyped", 4.0, ""))
                .start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static PartnerSpec partner(String id, double price, String... mediaFileTypes) {
        return PartnerSpec.allFields(id).withBehavior(StubBehavior.bidding().withBidsPerImp(1).withBasePrice(price)
                .withDurations(15).withMediaFileTypes(mediaFileTypes));
    }

    @Test
    void shouldFillAWebmOnlyRequestWithoutMp4OnlyAds() {
        assertThat(seats(fill("webm-only", "video/webm"))).containsExactlyInAnyOrder("webm", "mixed", "untyped");
    }

    @Test
    void shouldFillAnMp4OnlyRequestWithoutWebmOnlyAds() {
        assertThat(seats(fill("mp4-only", "video/mp4"))).containsExactlyInAnyOrder("mp4", "mixed", "untyped");
    }

    @Test
    void shouldFillARequestForBothWithEveryAd() {
        assertThat(seats(fill("both", "video/mp4", "video/webm")))
                .containsExactlyInAnyOrder("mp4", "webm", "mixed", "untyped");
    }

    @Test
    void shouldMatchTheRequestsMimesWithoutRegardToCase() {
        assertThat(seats(fill("upper", "VIDEO/WEBM"))).containsExactlyInAnyOrder("webm", "mixed", "untyped");
    }

    @Test
    void shouldKeepMp4OnlyAdsOutOfAWebmVastPod() throws Exception {
        HttpResponse<String> r = gateway.post(request("vast-webm", "video/webm").toString(), "Accept", "application/xml");
        assertThat(r.statusCode()).isEqualTo(200);
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(r.body().getBytes(StandardCharsets.UTF_8)));
        NodeList ads = doc.getElementsByTagName("Ad");
        assertThat(ads.getLength()).isEqualTo(3);
        List<Set<String>> typesPerAd = new ArrayList<>();
        for (int i = 0; i < ads.getLength(); i++) {
            NodeList files = ((Element) ads.item(i)).getElementsByTagName("MediaFile");
            Set<String> types = new TreeSet<>();
            for (int j = 0; j < files.getLength(); j++) {
                types.add(((Element) files.item(j)).getAttribute("type"));
            }
            typesPerAd.add(types);
        }
        assertThat(typesPerAd).containsExactlyInAnyOrder(Set.of("video/webm"), Set.of("video/mp4", "video/webm"),
                Set.of(""));
    }

    @Test
    void shouldFillOnlyWithUntypedAdsWhenNoTypedAdFits() {
        HttpResponse<String> r = gateway.post(request("ogg", "video/ogg").toString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(seats(new JsonObject(r.body()))).containsExactly("untyped");
    }

    /** A dynamic pod with room for one 15 s ad from every partner, asking for {@code mimes}. */
    private static ObjectNode request(String id, String... mimes) {
        ObjectNode r = AdPodRequests.dynamicPod(id, null, "203.0.113.1");
        ObjectNode video = (ObjectNode) r.get("imp").get(0).get("video");
        video.remove("maxseq");
        video.put("poddur", 120);
        var list = video.putArray("mimes");
        for (String m : mimes) {
            list.add(m);
        }
        return r;
    }

    private static JsonObject fill(String id, String... mimes) {
        HttpResponse<String> r = gateway.post(request(id, mimes).toString());
        assertThat(r.statusCode()).isEqualTo(200);
        return new JsonObject(r.body());
    }

    private static List<String> seats(JsonObject response) {
        List<String> seats = new ArrayList<>();
        JsonArray seatbids = response.getJsonArray("seatbid");
        for (int i = 0; i < seatbids.size(); i++) {
            JsonObject seat = seatbids.getJsonObject(i);
            for (int j = 0; j < seat.getJsonArray("bid").size(); j++) {
                seats.add(seat.getString("seat"));
            }
        }
        return seats;
    }
}
