package dev.idgw.testkit.partner;

import static dev.idgw.testkit.partner.BidRequests.DYNAMIC_POD;
import static dev.idgw.testkit.partner.BidRequests.STRUCTURED_POD;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class StubPartnerBiddingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = BidRequests.client();
    private StubPartner stub;

    @BeforeEach
    void startStub() throws Exception {
        stub = StubPartner.start("acme", 0, StubBehavior.bidding());
    }

    @AfterEach
    void stopStub() {
        stub.close();
    }

    @Test
    void shouldBidOnEveryImpOfAStructuredPod() throws Exception {
        HttpResponse<String> response = BidRequests.send(client, stub.endpoint(), STRUCTURED_POD);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("id").asText()).isEqualTo("req-structured");
        assertThat(body.path("cur").asText()).isEqualTo("USD");
        assertThat(body.path("seatbid").path(0).path("seat").asText()).isEqualTo("acme");
        List<JsonNode> bids = bids(body);
        assertThat(bids).extracting(bid -> bid.path("impid").asText())
                .containsExactly("slot-1", "slot-1", "slot-2", "slot-2", "slot-3", "slot-3");
        assertThat(bids).extracting(bid -> bid.path("dur").asInt()).containsExactly(15, 30, 15, 30, 15, 30);
        assertThat(bids).extracting(bid -> bid.path("price").asDouble()).containsExactly(5.0, 6.0, 5.0, 6.0, 5.0, 6.0);
        assertThat(bids).extracting(bid -> bid.path("id").asText()).doesNotHaveDuplicates();
        assertThat(bids).allSatisfy(bid -> {
            assertThat(bid.path("mtype").asInt()).isEqualTo(2);
            assertThat(bid.path("crid").asText()).isNotBlank();
            assertThat(bid.has("slotinpod")).isFalse();
        });
        assertThat(bids).extracting(bid -> bid.path("adomain").path(0).asText())
                .containsExactly("acme-0.example", "acme-1.example", "acme-0.example",
                        "acme-1.example", "acme-0.example", "acme-1.example");
    }

    @Test
    void shouldBidUpToMaxseqOnADynamicPod() throws Exception {
        HttpResponse<String> response = BidRequests.send(client, stub.endpoint(), DYNAMIC_POD);

        List<JsonNode> bids = bids(JSON.readTree(response.body()));
        assertThat(bids).hasSize(4);
        assertThat(bids).extracting(bid -> bid.path("impid").asText()).containsOnly("pod");
        assertThat(bids).extracting(bid -> bid.path("dur").asInt()).containsExactly(15, 30, 15, 30);
        assertThat(bids).extracting(bid -> bid.path("price").asDouble()).containsExactly(5.0, 6.0, 7.0, 8.0);
    }

    @Test
    void shouldKeepBidsPerImpWhenItExceedsMaxseq() throws Exception {
        stub.behave(StubBehavior.bidding().withBidsPerImp(6));

        List<JsonNode> bids = bids(JSON.readTree(BidRequests.send(client, stub.endpoint(), DYNAMIC_POD).body()));

        assertThat(bids).hasSize(6);
    }

    @Test
    void shouldServeAdmAsVast42WhoseDurationMatchesDur() throws Exception {
        stub.behave(StubBehavior.bidding().withDurations(15, 30, 3725));

        List<JsonNode> bids = bids(JSON.readTree(BidRequests.send(client, stub.endpoint(), DYNAMIC_POD).body()));

        assertThat(bids).hasSize(4).allSatisfy(bid -> {
            Document vast = parseXml(bid.path("adm").asText());
            assertThat(vast.getDocumentElement().getTagName()).isEqualTo("VAST");
            assertThat(vast.getDocumentElement().getAttribute("version")).isEqualTo("4.2");
            String duration = vast.getElementsByTagName("Duration").item(0).getTextContent();
            assertThat(duration).isEqualTo(StubBidder.vastDuration(bid.path("dur").asInt()));
            assertThat(vast.getElementsByTagName("MediaFile").item(0).getTextContent())
                    .isEqualTo("http://127.0.0.1/ad.mp4");
            assertThat(((Element) vast.getElementsByTagName("Ad").item(0)).getAttribute("id"))
                    .isEqualTo(bid.path("id").asText());
        });
        assertThat(bids.get(2).path("dur").asInt()).isEqualTo(3725);
        assertThat(parseXml(bids.get(2).path("adm").asText()).getElementsByTagName("Duration").item(0)
                .getTextContent()).isEqualTo("01:02:05");
    }

    @Test
    void shouldApplyConfiguredPricesDomainsAndSlotInPod() throws Exception {
        stub.behave(StubBehavior.bidding().withBidsPerImp(3).withBasePrice(2.5).withPriceStep(0.5)
                .withAdomainPrefix("brand").withSlotInPod(1));

        List<JsonNode> bids = bids(JSON.readTree(BidRequests.send(client, stub.endpoint(), STRUCTURED_POD).body()));

        assertThat(bids).hasSize(9);
        assertThat(bids.subList(0, 3)).extracting(bid -> bid.path("price").asDouble()).containsExactly(2.5, 3.0, 3.5);
        assertThat(bids.subList(0, 3)).extracting(bid -> bid.path("adomain").path(0).asText())
                .containsExactly("brand-0.example", "brand-1.example", "brand-2.example");
        assertThat(bids).filteredOn(bid -> bid.has("slotinpod"))
                .extracting(bid -> bid.path("impid").asText())
                .containsExactly("slot-1", "slot-2", "slot-3");
        assertThat(bids.get(0).path("slotinpod").asInt()).isEqualTo(1);
    }

    @Test
    void shouldKeepJitteredPricesWithinTheJitterBound() throws Exception {
        stub.behave(StubBehavior.bidding().withPriceJitter(true));

        List<JsonNode> bids = bids(JSON.readTree(BidRequests.send(client, stub.endpoint(), DYNAMIC_POD).body()));

        for (int i = 0; i < bids.size(); i++) {
            assertThat(bids.get(i).path("price").asDouble())
                    .isGreaterThanOrEqualTo(5.0 + i)
                    .isLessThan(5.0 + i + StubBehavior.MAX_JITTER_CPM);
        }
    }

    @Test
    void shouldKeepBidIdsUniqueAcrossResponses() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            bids(JSON.readTree(BidRequests.send(client, stub.endpoint(), STRUCTURED_POD).body()))
                    .forEach(bid -> ids.add(bid.path("id").asText()));
        }

        assertThat(ids).hasSize(18).doesNotHaveDuplicates();
    }

    @Test
    void shouldAnswerNoContentWhenNoImpGetsABid() throws Exception {
        HttpResponse<String> response = BidRequests.send(client, stub.endpoint(), "{\"id\":\"no-imps\",\"imp\":[]}");

        assertThat(response.statusCode()).isEqualTo(204);
    }

    @Test
    void shouldRejectABodyThatIsNotJson() throws Exception {
        assertThat(BidRequests.send(client, stub.endpoint(), "{\"id\":").statusCode()).isEqualTo(400);
        assertThat(BidRequests.send(client, stub.endpoint(), "{} trailing").statusCode()).isEqualTo(400);
        assertThat(BidRequests.send(client, stub.endpoint(), "[1,2]").statusCode()).isEqualTo(400);
        assertThat(BidRequests.send(client, stub.endpoint(), "").statusCode()).isEqualTo(400);
    }

    @Test
    void shouldRejectMethodsOtherThanPost() throws Exception {
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(stub.endpoint()).timeout(BidRequests.CLIENT_TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("POST");
        assertThat(stub.receivedCount()).isZero();
    }

    @Test
    void shouldServeAnyPath() throws Exception {
        URI other = stub.endpoint().resolve("/openrtb2/partner?pub=1");

        HttpResponse<String> response = BidRequests.send(client, other, STRUCTURED_POD);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(stub.received()).extracting(ReceivedRequest::path).containsExactly("/openrtb2/partner");
    }

    @Test
    void shouldNameItsLoopbackEndpoint() {
        assertThat(stub.name()).isEqualTo("acme");
        assertThat(stub.port()).isPositive();
        assertThat(stub.endpoint()).isEqualTo(URI.create("http://127.0.0.1:" + stub.port() + "/bid"));
    }

    @Test
    void shouldTurnOffNagleSoAnswersAreNotHeldForDelayedAcks() {
        assertThat(System.getProperty(StubPartner.NODELAY_PROPERTY)).isEqualTo("true");
    }

    private static List<JsonNode> bids(JsonNode response) {
        List<JsonNode> bids = new ArrayList<>();
        response.path("seatbid").forEach(seat -> seat.path("bid").forEach(bids::add));
        return bids;
    }

    private static Document parseXml(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("adm is not well-formed XML: " + xml, e);
        }
    }
}
