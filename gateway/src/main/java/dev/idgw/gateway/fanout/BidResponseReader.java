package dev.idgw.gateway.fanout;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.idgw.gateway.pod.Bid;
import dev.idgw.partners.ContextualTemplate;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a partner's OpenRTB BidResponse. Bids that do not fit the contract (no price, unknown imp,
 * no duration, no markup) are dropped one by one and counted; a body that is not a BidResponse for
 * our request id is garbage as a whole.
 */
public final class BidResponseReader {
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build()).build()).build();
    private static final int MAX_BIDS = 256;

    static final class Garbage extends RuntimeException {
        Garbage(String why) {
            super(why, null, false, false);
        }
    }

    private BidResponseReader() {
    }

    public static PartnerOutcome read(String partnerId, byte[] body, String outboundRequestId, ContextualTemplate template) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new Garbage("not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new Garbage("not an object");
        }
        if (!outboundRequestId.equals(root.path("id").asText(null))) {
            throw new Garbage("id does not match the request");
        }
        JsonNode seatbids = root.get("seatbid");
        if (seatbids == null || seatbids.isNull()) {
            return new PartnerOutcome.NoBid(partnerId);
        }
        if (!seatbids.isArray()) {
            throw new Garbage("seatbid is not an array");
        }
        List<Bid> bids = new ArrayList<>();
        int rejected = 0;
        for (JsonNode seat : seatbids) {
            JsonNode list = seat.path("bid");
            if (!list.isArray()) {
                throw new Garbage("seatbid.bid is not an array");
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

    private static Bid bid(String partnerId, JsonNode b, ContextualTemplate template) {
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
        return new Bid(partnerId, b.get("id").asText(), playerImpId, price, b.get("adm").asText(), domains, crid, dur,
                slot, nurl);
    }
}
