package dev.idgw.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idgw.gateway.auction.AdPodAnswer;
import dev.idgw.gateway.auction.OptOutSignal;
import dev.idgw.gateway.pod.Bid;
import dev.idgw.gateway.pod.PodImp;
import dev.idgw.gateway.pod.PodPlacement;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The player's BidResponse: its structure, its escaping, and the very bytes the JsonObject writer sent before. */
class BidResponseWriterTest {
    private static final String AWKWARD = "q\"uote \\ caf\u00e9 \u2603\ud83d\ude00 \u2028 nul\u0000 bell\u0007 \n\r\t \u001f</script>";

    @Test
    void shouldGroupBidsBySeatInTheOrderSeatsFirstAppear() {
        AdPodAnswer answer = answer(
                placement("pod-1", 1, bid("alpha", "a1").crid("c1").nurl("https://a.example/win").slot(1)),
                placement("pod-1", 2, bid("beta", "b1").domains("b.example", "c.example")),
                placement("pod-1", 3, bid("alpha", "a2").slot(-1)),
                placement("pod-2", 1, bid("gamma", "g1")),
                placement("pod-2", 2, bid("beta", "b2")));

        JsonObject written = new JsonObject(BidResponseWriter.write(answer));

        assertThat(written).isEqualTo(new JsonObject()
                .put("id", "player-req").put("bidid", "gw-req").put("cur", "USD")
                .put("seatbid", new JsonArray()
                        .add(seat("alpha",
                                expectedBid("a1", "pod-1", 1, List.of()).put("crid", "c1")
                                        .put("nurl", "https://a.example/win").put("slotinpod", 1),
                                expectedBid("a2", "pod-1", 3, List.of()).put("slotinpod", -1)))
                        .add(seat("beta",
                                expectedBid("b1", "pod-1", 2, List.of("b.example", "c.example")),
                                expectedBid("b2", "pod-2", 2, List.of())))
                        .add(seat("gamma", expectedBid("g1", "pod-2", 1, List.of())))));
    }

    @Test
    void shouldWriteTheFieldsInTheirOrder() {
        String written = BidResponseWriter.write(answer(placement("p", 1, bid("alpha", "a1").crid("c").nurl("n").slot(2))))
                .toString();

        assertThat(written).isEqualTo("{\"id\":\"player-req\",\"bidid\":\"gw-req\",\"cur\":\"USD\",\"seatbid\":[{\"seat\":"
                + "\"alpha\",\"bid\":[{\"id\":\"a1\",\"impid\":\"imp-1\",\"price\":2.5,\"adm\":\"<VAST/>\",\"adomain\":[],"
                + "\"dur\":15,\"mtype\":2,\"ext\":{\"podid\":\"p\",\"sequence\":1},\"crid\":\"c\",\"nurl\":\"n\","
                + "\"slotinpod\":2}]}]}");
    }

    @Test
    void shouldSayWhetherTheOptOutSignalWasHonoredInTheResponseExt() {
        AdPodAnswer plain = answer(placement("p", 1, bid("alpha", "a1")));
        String envelope = "{\"id\":\"player-req\",\"bidid\":\"gw-req\",\"cur\":\"USD\",\"seatbid\":[],";

        assertThat(BidResponseWriter.write(withSignal(plain, OptOutSignal.HONORED, List.of())).toString()).isEqualTo(envelope
                + "\"ext\":{\"optOutSignal\":{\"gpc\":true,\"honored\":true}}}");
        assertThat(BidResponseWriter.write(withSignal(plain, OptOutSignal.NOT_HONORED, List.of())).toString())
                .isEqualTo(envelope + "\"ext\":{\"optOutSignal\":{\"gpc\":true,\"honored\":false}}}");
        assertThat(new JsonObject(BidResponseWriter.write(withSignal(plain, OptOutSignal.HONORED, plain.placements())))
                .getJsonArray("seatbid")).hasSize(1);
        assertThat(BidResponseWriter.write(plain).toString()).doesNotContain("\"ext\":{\"optOutSignal");
    }

    private static AdPodAnswer withSignal(AdPodAnswer a, OptOutSignal signal, List<PodPlacement> placements) {
        return new AdPodAnswer(a.playerRequestId(), a.requestId(), placements, a.outcomes(), a.shareRecorded(), signal);
    }

    @Test
    void shouldEscapeQuotesBackslashesControlCharactersAndKeepUnicode() {
        AdPodAnswer answer = new AdPodAnswer(AWKWARD, AWKWARD, List.of(placement(AWKWARD, 1,
                bid(AWKWARD, AWKWARD).adm(AWKWARD).crid(AWKWARD).nurl(AWKWARD).domains(AWKWARD, "plain"))), List.of(), true);

        Buffer written = BidResponseWriter.write(answer);

        for (byte b : written.getBytes()) {
            assertThat(b < 0 || b >= 0x20).as("no raw control byte").isTrue();
        }
        JsonObject bid = new JsonObject(written).getJsonArray("seatbid").getJsonObject(0).getJsonArray("bid").getJsonObject(0);
        assertThat(new JsonObject(written).getString("id")).isEqualTo(AWKWARD);
        assertThat(new JsonObject(written).getJsonArray("seatbid").getJsonObject(0).getString("seat")).isEqualTo(AWKWARD);
        assertThat(List.of(bid.getString("id"), bid.getString("adm"), bid.getString("crid"), bid.getString("nurl"),
                bid.getJsonObject("ext").getString("podid"), bid.getJsonArray("adomain").getString(0))).containsOnly(AWKWARD);
        assertThat(written.toString()).contains("\\u0000", "\\n", "\\\"", "\\\\", "caf\u00e9", "\ud83d\ude00");
    }

    @Property(tries = 300)
    void shouldWriteTheSameBytesAsTheJsonObjectTree(@ForAll long seed) {
        Random random = new Random(seed);
        String[] strings = {"a", "", AWKWARD, "https://n.example/w?p=${AUCTION_PRICE}", "<VAST version=\"4.2\"/>", "lone \ud800 surrogate", "\udc00", null};
        double[] prices = {2.5, 0.01, 1e-7, 12345678.9, 3.0, 1.0E21, Double.MIN_VALUE};
        List<PodPlacement> placements = new ArrayList<>();
        for (int i = random.nextInt(8); i > 0; i--) {
            BidBuilder bid = bid("seat-" + random.nextInt(4), "b" + i).adm(strings[random.nextInt(strings.length)])
                    .price(prices[random.nextInt(prices.length)]).slot(random.nextInt(4) - 1)
                    .crid(strings[random.nextInt(strings.length)]).nurl(strings[random.nextInt(strings.length)]);
            if (random.nextBoolean()) {
                bid.domains(strings[random.nextInt(strings.length - 1)], "d.example");
            }
            placements.add(placement(random.nextBoolean() ? "pod-a" : AWKWARD, i, bid));
        }
        AdPodAnswer answer = new AdPodAnswer(strings[random.nextInt(strings.length)], "gw-" + seed, placements,
                List.of(), true);

        assertThat(BidResponseWriter.write(answer).getBytes()).isEqualTo(treeWriter(answer).encode().getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 2000)
    void shouldWriteTheSameBytesAsTheJacksonGeneratorDid(@ForAll long seed) {
        Random random = new Random(seed);
        AdPodAnswer answer = randomAnswer(random, random.nextInt(10));

        assertThat(BidResponseWriter.write(answer).getBytes()).isEqualTo(ReferenceBidResponseWriter.write(answer).getBytes());
    }

    @Test
    void shouldWriteAnswersLargeAndSmallOneAfterTheOtherOnOneThread() {
        Random random = new Random(11);
        for (int round = 0; round < 40; round++) {
            AdPodAnswer answer = round % 4 == 0 ? largeAnswer(random, round % 8 == 0 ? 300_000 : 9_000)
                    : randomAnswer(random, random.nextInt(4));
            Buffer written = BidResponseWriter.write(answer);

            assertThat(written.getBytes()).isEqualTo(ReferenceBidResponseWriter.write(answer).getBytes());
        }
    }

    /** Strings of every kind of character, nulls, odd numbers: what a partner or a player may hand over. */
    private static AdPodAnswer randomAnswer(Random random, int bids) {
        List<PodPlacement> placements = new ArrayList<>();
        for (int i = 0; i < bids; i++) {
            Bid bid = new Bid(random.nextInt(5) == 0 ? null : "seat-" + random.nextInt(3), text(random, false),
                    text(random, false), price(random), random.nextInt(6) == 0 ? null : text(random, false),
                    domains(random), random.nextBoolean() ? null : text(random, false), integer(random),
                    random.nextInt(3) == 0 ? integer(random) : 0, random.nextBoolean() ? null : text(random, false));
            placements.add(new PodPlacement(random.nextInt(6) == 0 ? null : text(random, false), integer(random),
                    new PodImp("imp-1", null, 60, 4, 0, 0, List.of(), 0, 0), bid));
        }
        return new AdPodAnswer(random.nextInt(6) == 0 ? null : text(random, true), text(random, false), placements,
                List.of(), true);
    }

    private static AdPodAnswer largeAnswer(Random random, int admChars) {
        List<PodPlacement> placements = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            StringBuilder adm = new StringBuilder(admChars);
            while (adm.length() < admChars) {
                adm.append(text(random, true)).append("<VAST version=\"4.2\"><Ad id=\"").append(i).append("\"/>");
            }
            placements.add(new PodPlacement("pod", i + 1, new PodImp("imp-1", "pod", 60, 4, 0, 0, List.of(), 0, 0),
                    new Bid("seat-" + i % 2, "b" + i, "imp-1", 2.5, adm.toString(), List.of("d.example"), "c", 15, 0,
                            null)));
        }
        return new AdPodAnswer("player-req", "gw-req", placements, List.of(), true);
    }

    private static final String SPECIAL = "\"\\/\u007f\u2028\u2029\ufeff\uffff";

    private static String text(Random random, boolean long_) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(long_ ? 60 : 12); i > 0; i--) {
            switch (random.nextInt(9)) {
                case 0 -> text.append((char) random.nextInt(0x20));
                case 1 -> text.append(SPECIAL.charAt(random.nextInt(SPECIAL.length())));
                case 2 -> text.append((char) (0x80 + random.nextInt(0x780)));
                case 3 -> text.append((char) (0x800 + random.nextInt(0xF7FF)));
                case 4 -> text.appendCodePoint(0x10000 + random.nextInt(0x100000));
                case 5 -> text.append((char) (0xD800 + random.nextInt(0x800))); // a lone surrogate, high or low
                default -> text.append((char) (0x20 + random.nextInt(0x5F)));
            }
        }
        return text.toString();
    }

    private static List<String> domains(Random random) {
        List<String> domains = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            domains.add(text(random, false));
        }
        return domains;
    }

    private static double price(Random random) {
        double[] odd = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
            Double.MAX_VALUE, 1e7, 1e-3, 9.999999e-4, 123456789.0, 0.1 + 0.2, 2.82879384806159E17, 1.0E23};
        return switch (random.nextInt(3)) {
            case 0 -> odd[random.nextInt(odd.length)];
            case 1 -> Math.round(random.nextDouble() * 2000) / 100.0;
            default -> Double.longBitsToDouble(random.nextLong());
        };
    }

    private static int integer(Random random) {
        int[] odd = {0, 1, -1, 9, 10, -10, 99, 100, Integer.MAX_VALUE, Integer.MIN_VALUE, 1_000_000_000};
        return random.nextBoolean() ? odd[random.nextInt(odd.length)] : random.nextInt();
    }

    /** The writer this class replaced, kept as the reference. */
    private static JsonObject treeWriter(AdPodAnswer answer) {
        Map<String, JsonArray> bySeat = new LinkedHashMap<>();
        for (PodPlacement p : answer.placements()) {
            var bid = p.bid();
            JsonObject b = new JsonObject().put("id", bid.bidId()).put("impid", bid.impId()).put("price", bid.price())
                    .put("adm", bid.adm()).put("adomain", new JsonArray(bid.advertiserDomains()))
                    .put("dur", bid.durationSec()).put("mtype", 2)
                    .put("ext", new JsonObject().put("podid", p.podId()).put("sequence", p.sequence()));
            if (bid.creativeId() != null) {
                b.put("crid", bid.creativeId());
            }
            if (bid.noticeUrl() != null) {
                b.put("nurl", bid.noticeUrl());
            }
            if (bid.slotInPod() != 0) {
                b.put("slotinpod", bid.slotInPod());
            }
            bySeat.computeIfAbsent(bid.partnerId(), k -> new JsonArray()).add(b);
        }
        JsonArray seatbid = new JsonArray();
        bySeat.forEach((seat, bids) -> seatbid.add(new JsonObject().put("seat", seat).put("bid", bids)));
        return new JsonObject().put("id", answer.playerRequestId()).put("bidid", answer.requestId()).put("cur", "USD")
                .put("seatbid", seatbid);
    }

    private static JsonObject seat(String seat, JsonObject... bids) {
        return new JsonObject().put("seat", seat).put("bid", new JsonArray(List.of((Object[]) bids)));
    }

    private static JsonObject expectedBid(String id, String podId, int sequence, List<String> domains) {
        return new JsonObject().put("id", id).put("impid", "imp-1").put("price", 2.5).put("adm", "<VAST/>")
                .put("adomain", new JsonArray(domains)).put("dur", 15).put("mtype", 2)
                .put("ext", new JsonObject().put("podid", podId).put("sequence", sequence));
    }

    private static AdPodAnswer answer(PodPlacement... placements) {
        return new AdPodAnswer("player-req", "gw-req", List.of(placements), List.of(), true);
    }

    private static PodPlacement placement(String podId, int sequence, BidBuilder bid) {
        return new PodPlacement(podId, sequence, new PodImp("imp-1", podId, 60, 4, 0, 0, List.of(), 0, 0), bid.build());
    }

    private static BidBuilder bid(String seat, String bidId) {
        return new BidBuilder(seat, bidId);
    }

    private static final class BidBuilder {
        private final String seat;
        private final String bidId;
        private String adm = "<VAST/>";
        private double price = 2.5;
        private List<String> domains = List.of();
        private String crid;
        private String nurl;
        private int slot;

        BidBuilder(String seat, String bidId) {
            this.seat = seat;
            this.bidId = bidId;
        }

        BidBuilder adm(String value) {
            adm = value;
            return this;
        }

        BidBuilder price(double value) {
            price = value;
            return this;
        }

        BidBuilder domains(String... values) {
            domains = List.of(values);
            return this;
        }

        BidBuilder crid(String value) {
            crid = value;
            return this;
        }

        BidBuilder nurl(String value) {
            nurl = value;
            return this;
        }

        BidBuilder slot(int value) {
            slot = value;
            return this;
        }

        Bid build() {
            return new Bid(seat, bidId, "imp-1", price, adm, domains, crid, 15, slot, nurl);
        }
    }
}
