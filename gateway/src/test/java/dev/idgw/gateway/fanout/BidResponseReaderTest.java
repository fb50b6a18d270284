package dev.idgw.gateway.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idgw.gateway.pod.Bid;
import dev.idgw.partners.ImpIdMap;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The partner-answer contract, rule by rule; {@link BidResponseReaderPropertiesTest} holds it to a tree reader. */
class BidResponseReaderTest {
    static final String REQUEST_ID = "2b7c3e4f-req";
    static final ImpIdMap IMPS = outboundImpId -> switch (outboundImpId) {
        case "1" -> "player-imp-a";
        case "2" -> "player-imp-b";
        default -> null;
    };
    private static final String BID = """
            {"id":"b1","impid":"1","price":4.5,"adm":"<VAST/>","dur":15}""";

    @Test
    void shouldReadEveryFieldOfABid() {
        PartnerOutcome outcome = read("""
                {"id":"%s","seatbid":[{"seat":"s","bid":[{"id":"b1","impid":"2","price":4.5,"adm":"<VAST \\"x\\"/>",
                "dur":30,"adomain":["a.example",7,"b.example"],"crid":"c9","slotinpod":-1,"nurl":"https://n.example/w"}]}]}
                """.formatted(REQUEST_ID));

        assertThat(outcome).isEqualTo(new PartnerOutcome.Bids("p", List.of(new Bid("p", "b1", "player-imp-b", 4.5,
                "<VAST \"x\"/>", List.of("a.example", "b.example"), "c9", 30, -1, "https://n.example/w")), 0));
    }

    @Test
    void shouldDefaultTheOptionalFields() {
        assertThat(read(response(BID))).isEqualTo(new PartnerOutcome.Bids("p",
                List.of(new Bid("p", "b1", "player-imp-a", 4.5, "<VAST/>", List.of(), null, 15, 0, null)), 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.35", "0.1", "1.25e1", "3E-2", "7.000", "0.30000000000000004", "1e22", "2.5e-22",
        "9007199254740993.0", "0.1000000000000000055511151231257827", "123456789.123456789", "4.9e-324", "1e23"})
    void shouldReadAPriceAsJavaReadsTheSameDecimal(String price) {
        PartnerOutcome outcome = read(response(BID.replace("4.5", price)));

        assertThat(outcome).isInstanceOfSatisfying(PartnerOutcome.Bids.class, b -> assertThat(b.bids())
                .singleElement().satisfies(bid -> assertThat(Double.doubleToRawLongBits(bid.price()))
                        .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(price)))));
    }

    @Test
    void shouldMapEachBidsImpAlsoWhenSeveralNameTheSameOrPrefixesOfIt() {
        String bid2 = BID.replace("\"1\"", "\"2\"");
        PartnerOutcome outcome = read(response(String.join(",", BID, BID, bid2, BID.replace("\"1\"", "\"12\""),
                BID.replace("\"1\"", "1"), BID)));

        assertThat(outcome).isInstanceOfSatisfying(PartnerOutcome.Bids.class, b -> {
            assertThat(b.bids()).extracting(Bid::impId)
                    .containsExactly("player-imp-a", "player-imp-a", "player-imp-b", "player-imp-a");
            assertThat(b.rejectedBids()).isEqualTo(2);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2b7c3e4f-re", "2b7c3e4f-req2", "2b7c3e4f-reQ"})
    void shouldBeGarbageForAnIdThatIsAlmostOurs(String id) {
        assertGarbage("{\"id\":\"" + id + "\",\"seatbid\":[{\"bid\":[" + BID + "]}]}");
    }

    @Test
    void shouldTakeAnEscapedSpellingOfOurIdForOurs() {
        String id = REQUEST_ID.replace("-", "\\u002d");

        assertThat(read("{\"id\":\"" + id + "\",\"seatbid\":[{\"bid\":[" + BID + "]}]}"))
                .isInstanceOf(PartnerOutcome.Bids.class);
    }

    @Test
    void shouldAcceptTheIdAfterTheSeatbids() {
        PartnerOutcome outcome = read("{\"seatbid\":[{\"bid\":[" + BID + "]}],\"id\":\"" + REQUEST_ID + "\"}");

        assertThat(outcome).isInstanceOfSatisfying(PartnerOutcome.Bids.class, b -> assertThat(b.bids()).hasSize(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"id\":\"other\",\"seatbid\":[]}", "{\"seatbid\":[]}", "{\"id\":null,\"seatbid\":[]}",
        "{\"id\":42,\"seatbid\":[]}", "{\"id\":[\"%1$s\"]}", "[{\"id\":\"%1$s\"}]", "\"%1$s\"", "null",
        "{\"seatbid\":[{\"bid\":[]}],\"id\":\"other\"}"})
    void shouldBeGarbageUnlessTheBodyIsAnObjectWithOurId(String body) {
        assertGarbage(body.formatted(REQUEST_ID));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"id\":\"%s\"}", "{\"id\":\"%s\",\"seatbid\":null}", "{\"id\":\"%s\",\"seatbid\":[]}",
        "{\"id\":\"%s\",\"seatbid\":[{\"bid\":[]}]}", "{\"id\":\"%s\",\"seatbid\":[{\"bid\":[]},{\"bid\":[]}]}"})
    void shouldBeNoBidWithoutAnyBid(String body) {
        assertThat(read(body.formatted(REQUEST_ID))).isEqualTo(new PartnerOutcome.NoBid("p"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"oops\"", "{}", "3", "true", "[{\"bid\":{}}]", "[{\"bid\":null}]", "[{\"seat\":\"s\"}]",
        "[{\"bid\":[]},7]", "[[]]", "[null]", "[{\"bid\":\"x\"}]"})
    void shouldBeGarbageWhenTheSeatbidsHaveTheWrongShape(String seatbid) {
        assertGarbage("{\"id\":\"" + REQUEST_ID + "\",\"seatbid\":" + seatbid + "}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"7", "null", "[]", "\"bid\"", "{}", "{\"id\":1,\"impid\":\"1\",\"price\":4.5,\"adm\":\"a\",\"dur\":15}",
        "{\"id\":\"b\",\"impid\":\"9\",\"price\":4.5,\"adm\":\"a\",\"dur\":15}",
        "{\"id\":\"b\",\"impid\":1,\"price\":4.5,\"adm\":\"a\",\"dur\":15}",
        "{\"id\":\"b\",\"impid\":\"1\",\"price\":\"4.5\",\"adm\":\"a\",\"dur\":15}",
        "{\"id\":\"b\",\"impid\":\"1\",\"price\":0,\"adm\":\"a\",\"dur\":15}",
        "{\"id\":\"b\",\"impid\":\"1\",\"price\":-1.5,\"adm\":\"a\",\"dur\":15}",
        "{\"id\":\"b\",\"impid\":\"1\",\"price\":1e400,\"adm\":\"a\",\"dur\":15}",
        "{\"id\":\"b\",\"impid\":\"1\",\"price\":4.5,\"adm\":{},\"dur\":15}",
        "{\"id\":\"b\",\"impid\":\"1\",\"price\":4.5,\"dur\":15}",
        "{\"id\":\"b\",\"impid\":\"1\",\"price\":4.5,\"adm\":\"a\",\"dur\":15.0}",
        "{\"id\":\"b\",\"impid\":\"1\",\"price\":4.5,\"adm\":\"a\",\"dur\":0}",
        "{\"id\":\"b\",\"impid\":\"1\",\"price\":4.5,\"adm\":\"a\",\"dur\":-15}",
        "{\"id\":\"b\",\"impid\":\"1\",\"price\":4.5,\"adm\":\"a\",\"dur\":\"15\"}"})
    void shouldRejectABidThatBreaksTheContractAndKeepTheOthers(String bad) {
        PartnerOutcome outcome = read(response(BID + "," + bad));

        assertThat(outcome).isInstanceOfSatisfying(PartnerOutcome.Bids.class, b -> {
            assertThat(b.bids()).extracting(Bid::bidId).containsExactly("b1");
            assertThat(b.rejectedBids()).isEqualTo(1);
        });
    }

    @Test
    void shouldReportOnlyRejectionsWhenNoBidFits() {
        assertThat(read(response("{\"id\":\"b\"}"))).isEqualTo(new PartnerOutcome.Bids("p", List.of(), 1));
    }

    @Test
    void shouldIgnoreOptionalFieldsOfTheWrongType() {
        PartnerOutcome outcome = read(response("""
                {"id":"b1","impid":"1","price":4,"adm":"a","dur":15,"adomain":"a.example","crid":5,"slotinpod":1.0,
                "nurl":{"u":"x"}}"""));

        assertThat(outcome).isEqualTo(new PartnerOutcome.Bids("p",
                List.of(new Bid("p", "b1", "player-imp-a", 4.0, "a", List.of(), null, 15, 0, null)), 0));
    }

    @Test
    void shouldSkipUnknownFieldsAtEveryLevelHoweverNested() {
        String decoy = "{\"id\":\"decoy\",\"seatbid\":\"x\",\"bid\":[{\"price\":-1}],\"deep\":[[{\"a\":[1,{\"b\":null}]}]]}";
        PartnerOutcome outcome = read("{\"ext\":" + decoy + ",\"id\":\"" + REQUEST_ID + "\",\"cur\":\"USD\",\"seatbid\":[{"
                + "\"ext\":" + decoy + ",\"bid\":[{\"ext\":" + decoy + ",\"id\":\"b1\",\"impid\":\"1\",\"price\":2,"
                + "\"x\":[" + decoy + "],\"adm\":\"a\",\"dur\":15}],\"seat\":\"s\"}],\"bidid\":[" + decoy + "]}");

        assertThat(outcome).isEqualTo(new PartnerOutcome.Bids("p",
                List.of(new Bid("p", "b1", "player-imp-a", 2.0, "a", List.of(), null, 15, 0, null)), 0));
    }

    @Test
    void shouldTakeTheLastValueOfARepeatedKey() {
        PartnerOutcome outcome = read("{\"id\":\"other\",\"seatbid\":\"bad\",\"id\":\"" + REQUEST_ID + "\","
                + "\"seatbid\":[{\"bid\":[" + BID + "," + BID + "],\"bid\":[{\"id\":\"b2\",\"id\":\"b3\",\"impid\":\"1\","
                + "\"price\":\"x\",\"price\":3,\"adm\":\"a\",\"dur\":15}]}]}");

        assertThat(outcome).isInstanceOfSatisfying(PartnerOutcome.Bids.class, b -> {
            assertThat(b.bids()).extracting(Bid::bidId).containsExactly("b3");
            assertThat(b.rejectedBids()).isZero();
        });
    }

    @Test
    void shouldCountTheBidsBeyond256AsRejected() {
        String bids = String.join(",", java.util.Collections.nCopies(300, BID));
        PartnerOutcome outcome = read("{\"id\":\"" + REQUEST_ID + "\",\"seatbid\":[{\"bid\":[" + bids + "]},{\"bid\":[{},"
                + BID + "]}]}");

        assertThat(outcome).isInstanceOfSatisfying(PartnerOutcome.Bids.class, b -> {
            assertThat(b.bids()).hasSize(256);
            assertThat(b.rejectedBids()).isEqualTo(44 + 2);
        });
    }

    @Test
    void shouldAcceptNestingUpTo32AndRefuseDeeper() {
        // the root object is the first level
        assertThat(read(response(BID).replace("\"cur\"", nested(31) + ",\"cur\""))).isInstanceOf(PartnerOutcome.Bids.class);
        assertGarbage(response(BID).replace("\"cur\"", nested(32) + ",\"cur\""));
        assertGarbage(response(BID).replace("\"cur\"", nested(5_000) + ",\"cur\""));
    }

    @Test
    void shouldBeGarbageForEveryTruncation() {
        String body = response(BID + ",{\"id\":\"b2\",\"impid\":\"2\",\"price\":1.25e1,\"adm\":\"\\u00e9\",\"dur\":6}");
        assertThat(read(body)).isInstanceOf(PartnerOutcome.Bids.class);
        for (int length = 0; length < body.length(); length++) {
            assertGarbage(body.substring(0, length));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "{}", "]", "}", "{\"id\":1}", "null", "\u0000"})
    void shouldBeGarbageWithAnythingAfterTheResponse(String trailer) {
        assertGarbage(response(BID) + " " + trailer);
        assertThat(read(response(BID) + " \n\t")).isInstanceOf(PartnerOutcome.Bids.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "<html>502</html>", "{\"id\":'x'}", "{id:\"x\"}", "{\"id\":\"x\",}",
        "{\"a\":01}", "{\"a\":NaN}", "{\"a\":\"\u0001\"}", "{\"a\":\"\\q\"}"})
    void shouldBeGarbageWhenNotJson(String body) {
        assertGarbage(body);
    }

    @Test
    void shouldBeGarbageForInvalidUtf8EvenInASkippedField() {
        byte[] prefix = ("{\"ext\":\"").getBytes(StandardCharsets.UTF_8);
        byte[] suffix = ("\"," + response(BID).substring(1)).getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[prefix.length + 2 + suffix.length];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        body[prefix.length] = (byte) 0xC3;
        body[prefix.length + 1] = (byte) 0x28; // not a continuation byte
        System.arraycopy(suffix, 0, body, prefix.length + 2, suffix.length);

        assertThatThrownBy(() -> BidResponseReader.read("p", body, REQUEST_ID, IMPS))
                .isInstanceOf(BidResponseReader.Garbage.class);
    }

    @Test
    void shouldReadASliceOfALargerArray() {
        byte[] body = ("xx" + response(BID) + "yy").getBytes(StandardCharsets.UTF_8);

        assertThat(BidResponseReader.read("p", body, 2, body.length - 4, REQUEST_ID, IMPS))
                .isInstanceOf(PartnerOutcome.Bids.class);
    }

    static String response(String bids) {
        return "{\"id\":\"" + REQUEST_ID + "\",\"seatbid\":[{\"seat\":\"s\",\"bid\":[" + bids + "]}],\"cur\":\"USD\"}";
    }

    private static String nested(int depth) {
        return "\"deep\":" + "[".repeat(depth) + "]".repeat(depth);
    }

    private static PartnerOutcome read(String body) {
        return BidResponseReader.read("p", body.getBytes(StandardCharsets.UTF_8), REQUEST_ID, IMPS);
    }

    private static void assertGarbage(String body) {
        assertThatThrownBy(() -> read(body)).as(body).isInstanceOf(BidResponseReader.Garbage.class);
    }
}
