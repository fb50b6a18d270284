package dev.idgw.gateway.http;

import dev.idgw.gateway.auction.AdPodAnswer;
import dev.idgw.gateway.pod.Bid;
import dev.idgw.gateway.pod.PodPlacement;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Objects;

/**
 * The OpenRTB 2.6 BidResponse a player gets: one seatbid per partner, bids in pod play order, each bid
 * carrying its pod and position in {@code ext} so the player can stitch the break without re-sorting.
 *
 * <p>Written as text into the thread's {@link JsonText}, then copied once into a buffer of exactly its size, the
 * one the response is sent from: every filled ad request passes here. A tree of maps and lists per answer was
 * garbage the moment it was encoded; a generator per answer, with its contexts and a buffer sized by guess, was
 * most of what remained. The bytes are those Jackson's generator wrote, escaping included ({@link JsonText}).
 */
public final class BidResponseWriter {
    /** One per thread, emptied at the start of every answer: write runs start to end on the thread that calls it. */
    private static final ThreadLocal<JsonText> TEXT = ThreadLocal.withInitial(JsonText::new);

    private BidResponseWriter() {
    }

    public static Buffer write(AdPodAnswer answer) {
        List<PodPlacement> placements = answer.placements();
        JsonText json = TEXT.get().reset();
        json.raw("{\"id\":").string(answer.playerRequestId())
                .raw(",\"bidid\":").string(answer.requestId())
                .raw(",\"cur\":\"USD\",\"seatbid\":[");
        boolean firstSeat = true;
        for (int i = 0; i < placements.size(); i++) {
            String seat = placements.get(i).bid().partnerId();
            if (seenBefore(placements, i, seat)) {
                continue;
            }
            json.raw(firstSeat ? "{\"seat\":" : ",{\"seat\":").string(seat).raw(",\"bid\":[");
            firstSeat = false;
            boolean firstBid = true;
            for (int j = i; j < placements.size(); j++) {
                if (Objects.equals(placements.get(j).bid().partnerId(), seat)) {
                    if (!firstBid) {
                        json.raw(",");
                    }
                    bid(json, placements.get(j));
                    firstBid = false;
                }
            }
            json.raw("]}");
        }
        return json.raw("]}").toBuffer();
    }

    private static void bid(JsonText json, PodPlacement placement) {
        Bid bid = placement.bid();
        json.raw("{\"id\":").string(bid.bidId())
                .raw(",\"impid\":").string(bid.impId())
                .raw(",\"price\":").number(bid.price())
                .raw(",\"adm\":").string(bid.adm())
                .raw(",\"adomain\":[");
        List<String> domains = bid.advertiserDomains();
        for (int i = 0; i < domains.size(); i++) {
            json.raw(i == 0 ? "" : ",").string(domains.get(i));
        }
        json.raw("],\"dur\":").number(bid.durationSec())
                .raw(",\"mtype\":2,\"ext\":{\"podid\":").string(placement.podId())
                .raw(",\"sequence\":").number(placement.sequence()).raw("}");
        if (bid.creativeId() != null) {
            json.raw(",\"crid\":").string(bid.creativeId());
        }
        if (bid.noticeUrl() != null) {
            json.raw(",\"nurl\":").string(bid.noticeUrl());
        }
        if (bid.slotInPod() != 0) {
            json.raw(",\"slotinpod\":").number(bid.slotInPod());
        }
        json.raw("}");
    }

    /** Seats come in the order they first appear; a pod holds a handful of bids, so a scan beats a map. */
    private static boolean seenBefore(List<PodPlacement> placements, int index, String seat) {
        for (int i = 0; i < index; i++) {
            if (Objects.equals(placements.get(i).bid().partnerId(), seat)) {
                return true;
            }
        }
        return false;
    }
}
