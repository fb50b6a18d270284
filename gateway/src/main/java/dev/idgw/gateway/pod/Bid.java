package dev.idgw.gateway.pod;

import java.util.List;
import java.util.Objects;

/**
 * A bid as returned by one partner, already parsed and shape-checked.
 *
 * @param partnerId         the partner that sent it
 * @param bidId             bid.id
 * @param impId             bid.impid
 * @param price             bid.price (CPM, request currency)
 * @param adm               bid.adm: VAST markup (may be blank or invalid; eligibility and the writer check)
 * @param advertiserDomains bid.adomain (empty if absent)
 * @param creativeId        bid.crid
 * @param durationSec       bid.dur
 * @param slotInPod         bid.slotinpod for dynamic pods: -1 last, 0 any (also if absent), 1 first, 2 first or last
 * @param noticeUrl         bid.nurl, may be {@code null}
 */
public record Bid(String partnerId, String bidId, String impId, double price, String adm,
        List<String> advertiserDomains, String creativeId, int durationSec, int slotInPod, String noticeUrl) {

    public Bid {
        Objects.requireNonNull(bidId, "bidId");
        Objects.requireNonNull(impId, "impId");
        advertiserDomains = advertiserDomains == null ? List.of()
                : advertiserDomains.stream().filter(Objects::nonNull).toList();
    }
}
