package dev.idgw.gateway.http;

import dev.idgw.gateway.auction.AdPodAnswer;
import dev.idgw.gateway.auction.OptOutSignal;
import dev.idgw.gateway.pod.Bid;
import dev.idgw.gateway.pod.PodPlacement;
import dev.idgw.gateway.wire.PooledBody;
import dev.idgw.partners.JsonOut;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Objects;

/**
 * The OpenRTB 2.6 BidResponse a player gets: one seatbid per partner, bids in pod play order, each bid
 * carrying its pod and position in {@code ext} so the player can stitch the break without re-sorting.
 *
 * <p>Written into the thread's {@link JsonOut}, then copied once into the body the response is sent from (pooled
 * memory, {@link PooledBody}): every filled ad request passes here. A tree of maps and lists per answer was garbage the
 * moment it was encoded; a generator per answer, with its contexts and a buffer sized by guess, was most of what
 * remained. The bytes are those the answer's Jackson generator wrote, escaping included
 * ({@link JsonOut#combinedText}).
 */
public final class BidResponseWriter {
    private BidResponseWriter() {
    }

    /** The answer in a heap buffer of its exact size (tests, and callers that keep it). */
    public static Buffer write(AdPodAnswer answer) {
        JsonOut json = render(answer);
        return Buffer.buffer(json.size()).appendBytes(json.array(), 0, json.size());
    }

    /** The answer as the player route sends it: in pooled memory, released once the response is written. */
    public static PooledBody writePooled(AdPodAnswer answer) {
        return PooledBody.copyOf(render(answer));
    }

    private static JsonOut render(AdPodAnswer answer) {
        List<PodPlacement> placements = answer.placements();
        JsonOut json = JsonOut.reuse(); // the thread's; write runs start to end on the thread that calls it
        json.ascii("{\"id\":").combinedText(answer.playerRequestId())
                .ascii(",\"bidid\":").combinedText(answer.requestId())
                .ascii(",\"cur\":\"USD\",\"seatbid\":[");
        boolean firstSeat = true;
        for (int i = 0; i < placements.size(); i++) {
            String seat = placements.get(i).bid().partnerId();
            if (seenBefore(placements, i, seat)) {
                continue;
            }
            json.ascii(firstSeat ? "{\"seat\":" : ",{\"seat\":").combinedText(seat).ascii(",\"bid\":[");
            firstSeat = false;
            boolean firstBid = true;
            for (int j = i; j < placements.size(); j++) {
                if (Objects.equals(placements.get(j).bid().partnerId(), seat)) {
                    if (!firstBid) {
                        json.ascii(",");
                    }
                    bid(json, placements.get(j));
                    firstBid = false;
                }
            }
            json.ascii("]}");
        }
        json.ascii("]");
        optOutSignal(json, answer.optOutSignal());
        return json.ascii("}");
    }

    /**
     * The BidResponse-level {@code ext.optOutSignal}, beside the {@code Opt-Out-Signal} header, for players that
     * read the body only. Constant text per outcome (no allocation); nothing at all without GPC, so a request
     * without the signal gets no "honored" claim.
     */
    private static void optOutSignal(JsonOut json, OptOutSignal signal) {
        switch (signal) {
            case HONORED -> json.ascii(",\"ext\":{\"optOutSignal\":{\"gpc\":true,\"honored\":true}}");
            case NOT_HONORED -> json.ascii(",\"ext\":{\"optOutSignal\":{\"gpc\":true,\"honored\":false}}");
            case ABSENT -> { }
        }
    }

    private static void bid(JsonOut json, PodPlacement placement) {
        Bid bid = placement.bid();
        json.ascii("{\"id\":").combinedText(bid.bidId())
                .ascii(",\"impid\":").combinedText(bid.impId())
                .ascii(",\"price\":").number(bid.price())
                .ascii(",\"adm\":").combinedText(bid.adm())
                .ascii(",\"adomain\":[");
        List<String> domains = bid.advertiserDomains();
        for (int i = 0; i < domains.size(); i++) {
            json.ascii(i == 0 ? "" : ",").combinedText(domains.get(i));
        }
        json.ascii("],\"dur\":").number(bid.durationSec())
                .ascii(",\"mtype\":2,\"ext\":{\"podid\":").combinedText(placement.podId())
                .ascii(",\"sequence\":").number(placement.sequence()).ascii("}");
        if (bid.creativeId() != null) {
            json.ascii(",\"crid\":").combinedText(bid.creativeId());
        }
        if (bid.noticeUrl() != null) {
            json.ascii(",\"nurl\":").combinedText(bid.noticeUrl());
        }
        if (bid.slotInPod() != 0) {
            json.ascii(",\"slotinpod\":").number(bid.slotInPod());
        }
        json.ascii("}");
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
