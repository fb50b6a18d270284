package dev.idgw.gateway.http;

import dev.idgw.gateway.auction.AdPodAnswer;
import dev.idgw.gateway.pod.PodPlacement;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The OpenRTB 2.6 BidResponse a player gets: one seatbid per partner, bids in pod play order, each bid
 * carrying its pod and position in {@code ext} so the player can stitch the break without re-sorting.
 */
public final class BidResponseWriter {
    private BidResponseWriter() {
    }

    public static JsonObject write(AdPodAnswer answer) {
        Map<String, JsonArray> bySeat = new LinkedHashMap<>();
        for (PodPlacement p : answer.placements()) {
            var bid = p.bid();
            JsonObject b = new JsonObject()
                    .put("id", bid.bidId())
                    .put("impid", bid.impId())
                    .put("price", bid.price())
                    .put("adm", bid.adm())
                    .put("adomain", new JsonArray(bid.advertiserDomains()))
                    .put("dur", bid.durationSec())
                    .put("mtype", 2)
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
        return new JsonObject()
                .put("id", answer.playerRequestId())
                .put("bidid", answer.requestId())
                .put("cur", "USD")
                .put("seatbid", seatbid);
    }
}
