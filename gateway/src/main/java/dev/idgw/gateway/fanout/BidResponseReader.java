package dev.idgw.gateway.fanout;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.idgw.gateway.fanout.StrictJsonTokens.Unsure;
import dev.idgw.gateway.pod.Bid;
import dev.idgw.partners.ImpIdMap;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a partner's OpenRTB BidResponse. Bids that do not fit the contract (no price, unknown imp,
 * no duration, no markup) are dropped one by one and counted; a body that is not a BidResponse for
 * our request id is garbage as a whole.
 *
 * <p>One pass over the tokens, no tree: this runs for every partner answer on the event loop. The
 * rules are those a tree reader had, including its quirks, so that partners see no difference: a
 * repeated key counts with its last value, {@code id} may come after {@code seatbid} (so bids are
 * kept until the end, then thrown away if the id is wrong), and an integral {@code dur} or
 * {@code slotinpod} beyond the int range is narrowed as {@code JsonNode.intValue()} narrows it.
 * Two deliberate differences: anything after the root object is garbage (a tree reader ignored it), and the
 * {@code id} must be a JSON string (a tree reader also matched a number spelling the id; ours are UUIDs).
 *
 * <p>The rules run over {@link JsonTokens}. An answer is read first by {@link StrictJsonTokens}, straight from its
 * bytes, which vouches only for plain JSON it reads exactly as Jackson does; when it is unsure, or the answer turns
 * out garbage, Jackson's parser reads the answer again from the start and its verdict is the one that counts.
 */
public final class BidResponseReader {
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build()).build();
    private static final int MAX_BIDS = 256;
    /**
     * One reader per thread, reset for each response, with its strict tokens and the list its bids gather in: every
     * partner answer of every ad request comes through here, on a handful of event loops. A response is read start
     * to end on one thread, and {@link #read} empties the reader before it returns, so nothing outlives its response.
     */
    private static final ThreadLocal<BidResponseReader> PER_THREAD = ThreadLocal.withInitial(BidResponseReader::new);

    static final class Garbage extends RuntimeException {
        Garbage(String why) {
            super(why, null, false, false);
        }
    }

    /** What the last {@code seatbid} key held. */
    private enum Seatbids { ABSENT, NOT_AN_ARRAY, SEAT_WITHOUT_BID_ARRAY, READ }

    private final List<Bid> bids = new ArrayList<>();
    private final StrictJsonTokens strict = new StrictJsonTokens();
    /** The tokens of the response being read; null between responses. */
    private JsonTokens tokens;
    private String partnerId;
    private ImpIdMap imps;
    private int rejected;
    /** The last bid's impid: partners name the same imp in bid after bid, and one String can serve them all. */
    private String lastImpId;

    private BidResponseReader() {
    }

    public static PartnerOutcome read(String partnerId, byte[] body, String outboundRequestId, ImpIdMap imps) {
        return read(partnerId, body, 0, body.length, outboundRequestId, imps);
    }

    public static PartnerOutcome read(String partnerId, byte[] body, int offset, int length, String outboundRequestId,
                               ImpIdMap imps) {
        BidResponseReader reader = PER_THREAD.get();
        if (reader.tokens != null) {
            reader = new BidResponseReader(); // called back from within a read (by an ImpIdMap, say): not this one
        }
        reader.strict.reset(body, offset, length);
        try {
            reader.start(reader.strict, partnerId, imps);
            return reader.response(outboundRequestId);
        } catch (Unsure | Garbage | IOException forJackson) {
            // read again below; an ImpIdMap only looks up, so asking it twice changes nothing
        } finally {
            reader.strict.release();
            reader.start(null, null, null);
        }
        try (JsonParser parser = JSON.createParser(body, offset, length)) {
            reader.start(new JacksonTokens(parser), partnerId, imps);
            return reader.response(outboundRequestId);
        } catch (IOException e) {
            throw new Garbage("not JSON");
        } finally {
            reader.start(null, null, null);
        }
    }

    private void start(JsonTokens tokens, String partnerId, ImpIdMap imps) {
        this.tokens = tokens;
        this.partnerId = partnerId;
        this.imps = imps;
        bids.clear();
        rejected = 0;
        lastImpId = null;
    }

    private PartnerOutcome response(String outboundRequestId) throws IOException {
        if (tokens.nextToken() != JsonToken.START_OBJECT) {
            throw new Garbage("not an object");
        }
        boolean ours = false;
        Seatbids seatbids = Seatbids.ABSENT;
        BidResponseKey key;
        while ((key = tokens.nextKey()) != null) {
            JsonToken value = tokens.nextToken();
            switch (key) {
                case ID -> ours = isText(value, outboundRequestId);
                case SEATBID -> seatbids = seatbids(value);
                default -> tokens.skipChildren();
            }
        }
        if (tokens.nextToken() != null) {
            throw new Garbage("content after the response");
        }
        if (!ours) {
            throw new Garbage("id does not match the request");
        }
        return switch (seatbids) {
            case ABSENT -> new PartnerOutcome.NoBid(partnerId);
            case NOT_AN_ARRAY -> throw new Garbage("seatbid is not an array");
            case SEAT_WITHOUT_BID_ARRAY -> throw new Garbage("seatbid.bid is not an array");
            case READ -> kept() == 0 && rejected == 0 ? new PartnerOutcome.NoBid(partnerId)
                    : new PartnerOutcome.Bids(partnerId, List.copyOf(bids), rejected);
        };
    }

    private Seatbids seatbids(JsonToken value) throws IOException {
        // A repeated seatbid replaces the one before, bids and verdict alike.
        bids.clear();
        rejected = 0;
        if (value == JsonToken.VALUE_NULL) {
            return Seatbids.ABSENT;
        }
        if (value != JsonToken.START_ARRAY) {
            tokens.skipChildren();
            return Seatbids.NOT_AN_ARRAY;
        }
        boolean wellFormed = true;
        for (JsonToken seat = next(); seat != JsonToken.END_ARRAY; seat = next()) {
            if (wellFormed) {
                wellFormed = seat(seat);
            } else {
                tokens.skipChildren();
            }
        }
        return wellFormed ? Seatbids.READ : Seatbids.SEAT_WITHOUT_BID_ARRAY;
    }

    /** Reads one seat's bids; false when its last {@code bid} is not an array (or it has none). */
    private boolean seat(JsonToken seat) throws IOException {
        if (seat != JsonToken.START_OBJECT) {
            tokens.skipChildren();
            return false;
        }
        int keptBefore = kept();
        int rejectedBefore = rejected;
        boolean bidArray = false;
        BidResponseKey key;
        while ((key = tokens.nextKey()) != null) {
            JsonToken value = tokens.nextToken();
            if (key != BidResponseKey.BID) {
                tokens.skipChildren();
                continue;
            }
            if (kept() > keptBefore) {
                bids.subList(keptBefore, bids.size()).clear();
            }
            rejected = rejectedBefore;
            bidArray = value == JsonToken.START_ARRAY;
            if (bidArray) {
                bids();
            } else {
                tokens.skipChildren();
            }
        }
        return bidArray;
    }

    private void bids() throws IOException {
        for (JsonToken token = next(); token != JsonToken.END_ARRAY; token = next()) {
            if (kept() >= MAX_BIDS) {
                tokens.skipChildren();
                rejected++;
                continue;
            }
            Bid bid = token == JsonToken.START_OBJECT ? bid() : null;
            if (bid == null) {
                tokens.skipChildren();
                rejected++;
            } else {
                bids.add(bid);
            }
        }
    }

    /** Reads the bid object the parser is on; null when it does not fit the contract. */
    private Bid bid() throws IOException {
        String id = null;
        String impId = null;
        String adm = null;
        String crid = null;
        String nurl = null;
        double price = Double.NaN; // also "no number": a JSON number is never NaN
        int dur = 0;
        int slot = 0;
        List<String> domains = List.of();
        BidResponseKey key;
        while ((key = tokens.nextKey()) != null) {
            JsonToken value = tokens.nextToken();
            switch (key) {
                case ID -> id = text(value);
                case IMPID -> impId = text(value, lastImpId);
                case PRICE -> price = number(value);
                case ADM -> adm = text(value);
                case DUR -> dur = integral(value);
                case ADOMAIN -> domains = domains(value);
                case CRID -> crid = text(value);
                case SLOTINPOD -> slot = integral(value);
                case NURL -> nurl = text(value);
                default -> tokens.skipChildren();
            }
        }
        if (impId != null) {
            lastImpId = impId;
        }
        if (id == null || impId == null || adm == null || !Double.isFinite(price) || price <= 0 || dur <= 0) {
            return null;
        }
        String playerImpId = imps.playerImpId(impId);
        return playerImpId == null ? null
                : new Bid(partnerId, id, playerImpId, price, adm, domains, crid, dur, slot, nurl);
    }

    /**
     * The textual entries of an array; of an object, its textual values (a tree iterates an object's
     * values, a repeated key keeping its first place and its last value); nothing of anything else.
     */
    private List<String> domains(JsonToken value) throws IOException {
        if (value == JsonToken.START_ARRAY) {
            return domainArray();
        }
        if (value == JsonToken.START_OBJECT) {
            Map<String, String> byKey = new LinkedHashMap<>();
            String name;
            while ((name = tokens.nextFieldName()) != null) {
                byKey.put(name, text(tokens.nextToken()));
            }
            List<String> domains = new ArrayList<>(byKey.size());
            for (String domain : byKey.values()) {
                if (domain != null) {
                    domains.add(domain);
                }
            }
            return List.copyOf(domains);
        }
        return List.of();
    }

    /**
     * The textual entries of the array the parser is in, as an unmodifiable list that {@link Bid} keeps without a
     * copy. A bid names one advertiser as a rule, so one is held without any list to grow; more are rare.
     */
    private List<String> domainArray() throws IOException {
        String first = null;
        List<String> all = null;
        for (JsonToken entry = next(); entry != JsonToken.END_ARRAY; entry = next()) {
            String domain = text(entry);
            if (domain == null) {
                continue;
            }
            if (first == null) {
                first = domain;
            } else {
                if (all == null) {
                    all = new ArrayList<>(4);
                    all.add(first);
                }
                all.add(domain);
            }
        }
        return all != null ? List.copyOf(all) : first != null ? List.of(first) : List.of();
    }

    /** The string the parser is on, or null (skipping the value) when it is anything else. */
    private String text(JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return tokens.text();
        }
        tokens.skipChildren();
        return null;
    }

    /** As {@link #text(JsonToken)}, but {@code known} itself when the string is the same: no copy of it to make. */
    private String text(JsonToken value, String known) throws IOException {
        return value == JsonToken.VALUE_STRING && known != null && tokens.textIs(known) ? known : text(value);
    }

    /** Whether the value is the string {@code expected} (skipping it when it is no string), without copying it. */
    private boolean isText(JsonToken value, String expected) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return tokens.textIs(expected);
        }
        tokens.skipChildren();
        return false;
    }

    /** The number the parser is on, or NaN (skipping the value) when it is anything else. */
    private double number(JsonToken value) throws IOException {
        if (value.isNumeric()) {
            return tokens.doubleValue();
        }
        tokens.skipChildren();
        return Double.NaN;
    }

    /** An integral number narrowed to int the way {@code JsonNode.intValue()} does; 0 for anything else. */
    private int integral(JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_NUMBER_INT) {
            tokens.skipChildren();
            return 0;
        }
        return tokens.intValue();
    }

    private int kept() {
        return bids.size();
    }

    /** The next token inside a container; the parser reports a truncated body itself, this is a guard. */
    private JsonToken next() throws IOException {
        JsonToken token = tokens.nextToken();
        if (token == null) {
            throw new Garbage("truncated");
        }
        return token;
    }
}
