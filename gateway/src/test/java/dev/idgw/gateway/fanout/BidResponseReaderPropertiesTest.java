package dev.idgw.gateway.fanout;

import static dev.idgw.gateway.fanout.BidResponseReaderTest.IMPS;
import static dev.idgw.gateway.fanout.BidResponseReaderTest.REQUEST_ID;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.idgw.gateway.pod.Bid;
import dev.idgw.partners.ImpIdMap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;

/**
 * The streaming reader answers exactly as the tree reader it replaced, over random partner answers that are
 * mostly well-formed with bids valid and invalid in every way, repeated keys, decoys nested in unknown fields,
 * and now and then a cut or a stray byte. The one intended difference, content after the root object, is
 * refused by the reference too ({@code FAIL_ON_TRAILING_TOKENS}) and pinned in {@link BidResponseReaderTest}.
 */
class BidResponseReaderPropertiesTest {

    @Property(tries = 3000)
    void shouldAnswerAsTheTreeReaderDid(@ForAll long seed) {
        String body = new Answers(new Random(seed)).body();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

        String expected = outcome(() -> TreeReader.read("p", bytes, REQUEST_ID, IMPS));
        Statistics.collect(expected.equals("garbage") ? "garbage" : expected.contains("bids=[Bid") ? "bids kept"
                : expected.startsWith("Bids") ? "all rejected" : "no bid");

        assertThat(outcome(() -> BidResponseReader.read("p", bytes, REQUEST_ID, IMPS)))
                .as(printable(body)).isEqualTo(expected);
    }

    @Property(tries = 200)
    void shouldAnswerAsTheTreeReaderDidWithHundredsOfBids(@ForAll long seed) {
        Answers answers = new Answers(new Random(seed));
        answers.maxBids = 400;
        byte[] bytes = answers.body().getBytes(StandardCharsets.UTF_8);

        assertThat(outcome(() -> BidResponseReader.read("p", bytes, REQUEST_ID, IMPS)))
                .isEqualTo(outcome(() -> TreeReader.read("p", bytes, REQUEST_ID, IMPS)));
    }

    /** The outcome as ASCII text (a record's text shows every field), so that a failure report survives any console. */
    private static String outcome(Supplier<PartnerOutcome> read) {
        try {
            return printable(read.get().toString());
        } catch (BidResponseReader.Garbage e) {
            return "garbage";
        }
    }

    private static String printable(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.chars().forEach(c -> out.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\u%04x", c)));
        return out.toString();
    }

    /** Random partner answers as JSON text, written by hand so that keys can repeat. */
    private static final class Answers {
        private static final String[] DECOY_KEYS = {"id", "seatbid", "bid", "price", "impid", "adm", "dur", "ext", "x"};
        private static final String[] STRINGS = {"", "a", "b1", "x\"y", "back\\slash", "caf\u00e9", "\u2603\ud83d\ude00",
            "line\nbreak", "\u0001ctl", "https://n.example/w?p=${AUCTION_PRICE}", "<VAST version=\"4.2\"/>"};
        private static final String STRAYS = " ,:{}[]\"\\x0-\u00ff";
        private final Random random;
        private final StringBuilder out = new StringBuilder(1024);
        int maxBids = 6;

        Answers(Random random) {
            this.random = random;
        }

        String body() {
            object(() -> {
                field("id", pick(0.9, () -> string(REQUEST_ID), this::anyValue));
                field("seatbid", pick(0.9, this::seatbids, this::anyValue));
                if (chance(0.1)) {
                    field("id", pick(0.5, () -> string(REQUEST_ID), this::anyValue));
                }
                if (chance(0.1)) {
                    field("seatbid", pick(0.7, this::seatbids, this::anyValue));
                }
            }, true);
            String body = out.toString();
            if (chance(0.1) && !body.isEmpty()) {
                int at = random.nextInt(body.length());
                body = chance(0.5) ? body.substring(0, at)
                        : body.substring(0, at) + STRAYS.charAt(random.nextInt(STRAYS.length())) + body.substring(at);
            }
            return body;
        }

        private void seatbids() {
            array(random.nextInt(4), () -> pick(0.95, () -> object(() -> {
                field("seat", () -> string("s" + random.nextInt(3)));
                field("bid", pick(0.95, this::bids, this::anyValue));
                if (chance(0.08)) {
                    field("bid", pick(0.7, this::bids, this::anyValue));
                }
            }, true), this::anyValue).run());
        }

        private void bids() {
            array(random.nextInt(maxBids + 1), () -> pick(0.9, this::bid, this::anyValue).run());
        }

        private void bid() {
            object(() -> {
                maybe("id", 0.9, () -> string("b" + random.nextInt(1000)));
                maybe("impid", 0.8, () -> string(String.valueOf(1 + random.nextInt(2))),
                        () -> string(pickOf("3", "0", "x", "+1", " 1")), () -> number(1));
                maybe("price", 0.75, () -> raw(pickOf("4.5", "0.01", "12", "1.25e1", "3E-2")),
                        () -> raw(pickOf("0", "-1.5", "0.0", "1e400", "123456789012345678901234567890", "-0")),
                        () -> string("4.5"));
                maybe("adm", 0.85, () -> string(pickOf(STRINGS)));
                maybe("dur", 0.8, () -> raw(String.valueOf(1 + random.nextInt(60))),
                        () -> raw(pickOf("0", "-15", "15.0", "1e1", "4294967326", "9223372036854775837",
                                "36893488147419103262", "-4294967281")), () -> string("15"));
                maybe("adomain", 0.6, () -> array(random.nextInt(4), () -> pick(0.7, () -> string(pickOf(STRINGS)),
                        this::anyValue).run()), () -> object(() -> {
                            for (int i = random.nextInt(4); i > 0; i--) {
                                field(pickOf("a", "b", "c"), pick(0.7, () -> string(pickOf(STRINGS)), this::anyValue));
                            }
                        }, false));
                maybe("crid", 0.6, () -> string(pickOf(STRINGS)));
                maybe("slotinpod", 0.6, () -> raw(pickOf("-1", "0", "1", "2")),
                        () -> raw(pickOf("1.0", "4294967297", "-9223372036854775809")));
                maybe("nurl", 0.6, () -> string(pickOf(STRINGS)));
            }, true);
        }

        /** Writes the field with probability {@code present}: mostly the first writer, else any of the others or anything. */
        @SafeVarargs
        private void maybe(String name, double present, Runnable valid, Runnable... invalid) {
            if (!chance(present)) {
                return;
            }
            field(name, chance(0.85) ? valid : () -> {
                int which = random.nextInt(invalid.length + 1);
                (which < invalid.length ? invalid[which] : (Runnable) this::anyValue).run();
            });
            if (chance(0.05)) {
                field(name, chance(0.5) ? valid : this::anyValue);
            }
        }

        private void anyValue() {
            value(0);
        }

        private void value(int depth) {
            switch (random.nextInt(depth > 3 ? 5 : 7)) {
                case 0 -> raw("null");
                case 1 -> raw(chance(0.5) ? "true" : "false");
                case 2 -> number(random.nextInt(2000) - 1000);
                case 3 -> raw(pickOf("1.5", "-0.0", "1e5", "99999999999999999999"));
                case 4 -> string(pickOf(STRINGS));
                case 5 -> array(random.nextInt(4), () -> value(depth + 1));
                default -> object(() -> {
                    for (int i = random.nextInt(4); i > 0; i--) {
                        field(pickOf(DECOY_KEYS), () -> value(depth + 1));
                    }
                }, false);
            }
        }

        private void object(Runnable fields, boolean withDecoys) {
            out.append('{');
            int start = out.length();
            if (withDecoys && chance(0.3)) {
                field(pickOf(DECOY_KEYS).toUpperCase() + "_ext", this::anyValue);
            }
            fields.run();
            if (withDecoys && chance(0.3)) {
                field("ext", this::anyValue);
            }
            if (out.length() > start && out.charAt(out.length() - 1) == ',') {
                out.setLength(out.length() - 1);
            }
            out.append('}');
        }

        private void field(String name, Runnable value) {
            string(name);
            out.append(chance(0.1) ? " : " : ":");
            value.run();
            out.append(',');
        }

        private void array(int size, Runnable element) {
            out.append('[');
            for (int i = 0; i < size; i++) {
                if (i > 0) {
                    out.append(',');
                }
                element.run();
            }
            out.append(']');
        }

        private void string(String s) {
            out.append('"');
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append(chance(0.5) ? "\\n" : "\\u000a");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else if (c > 0x7f && chance(0.3)) {
                            out.append(String.format("\\u%04X", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            out.append('"');
        }

        private void number(int n) {
            out.append(n);
        }

        private void raw(String token) {
            out.append(token);
        }

        private Runnable pick(double first, Runnable a, Runnable b) {
            return chance(first) ? a : b;
        }

        @SafeVarargs
        private <T> T pickOf(T... options) {
            return options[random.nextInt(options.length)];
        }

        private boolean chance(double p) {
            return random.nextDouble() < p;
        }
    }

    /** The tree reader this class replaced, kept word for word as the reference, bar the trailing-content check. */
    private static final class TreeReader {
        private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build()).build())
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
        private static final int MAX_BIDS = 256;

        static PartnerOutcome read(String partnerId, byte[] body, String outboundRequestId, ImpIdMap template) {
            JsonNode root;
            try {
                root = JSON.readTree(body);
            } catch (IOException e) {
                throw new BidResponseReader.Garbage("not JSON");
            }
            if (root == null || !root.isObject()) {
                throw new BidResponseReader.Garbage("not an object");
            }
            if (!outboundRequestId.equals(root.path("id").asText(null))) {
                throw new BidResponseReader.Garbage("id does not match the request");
            }
            JsonNode seatbids = root.get("seatbid");
            if (seatbids == null || seatbids.isNull()) {
                return new PartnerOutcome.NoBid(partnerId);
            }
            if (!seatbids.isArray()) {
                throw new BidResponseReader.Garbage("seatbid is not an array");
            }
            List<Bid> bids = new ArrayList<>();
            int rejected = 0;
            for (JsonNode seat : seatbids) {
                JsonNode list = seat.path("bid");
                if (!list.isArray()) {
                    throw new BidResponseReader.Garbage("seatbid.bid is not an array");
                }
                for (JsonNode b : list) {
                    Bid bid = bid(partnerId, b, template);
                    if (bid == null || bids.size() >= MAX_BIDS) {
                        rejected++;
                    } else {
                        bids.add(bid);
                    }
                }
            }
            return bids.isEmpty() && rejected == 0 ? new PartnerOutcome.NoBid(partnerId)
                    : new PartnerOutcome.Bids(partnerId, bids, rejected);
        }

        private static Bid bid(String partnerId, JsonNode b, ImpIdMap template) {
            if (!b.isObject() || !b.path("id").isTextual() || !b.path("impid").isTextual() || !b.path("price").isNumber()
                    || !b.path("adm").isTextual() || !b.path("dur").isIntegralNumber()) {
                return null;
            }
            String playerImpId = template.playerImpId(b.get("impid").asText());
            double price = b.get("price").doubleValue();
            int dur = b.get("dur").intValue();
            if (playerImpId == null || !Double.isFinite(price) || price <= 0 || dur <= 0) {
                return null;
            }
            List<String> domains = new ArrayList<>();
            for (JsonNode d : b.path("adomain")) {
                if (d.isTextual()) {
                    domains.add(d.asText());
                }
            }
            String crid = b.path("crid").isTextual() ? b.get("crid").asText() : null;
            int slot = b.path("slotinpod").isIntegralNumber() ? b.get("slotinpod").intValue() : 0;
            String nurl = b.path("nurl").isTextual() ? b.get("nurl").asText() : null;
            return new Bid(partnerId, b.get("id").asText(), playerImpId, price, b.get("adm").asText(), domains, crid,
                    dur, slot, nurl);
        }
    }
}
