package dev.idgw.gateway.pod;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

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
        advertiserDomains = unmodifiableWithoutNulls(advertiserDomains);
    }

    /**
     * The domains as an unmodifiable list without nulls, copied only when they are not one already. Every bid of
     * every partner comes through here: the reader hands over such a list (which {@link List#copyOf} returns as it
     * is), and a stream to filter it was most of a bid's garbage.
     */
    private static List<String> unmodifiableWithoutNulls(List<String> domains) {
        if (domains == null) {
            return List.of();
        }
        if (domains instanceof RandomAccess) {
            for (int i = 0; i < domains.size(); i++) {
                if (domains.get(i) == null) {
                    return copyWithoutNulls(domains);
                }
            }
        } else {
            for (String domain : domains) {
                if (domain == null) {
                    return copyWithoutNulls(domains);
                }
            }
        }
        return List.copyOf(domains);
    }

    private static List<String> copyWithoutNulls(List<String> domains) {
        List<String> kept = new ArrayList<>(domains.size());
        for (String domain : domains) {
            if (domain != null) {
                kept.add(domain);
            }
        }
        return List.copyOf(kept);
    }
}
