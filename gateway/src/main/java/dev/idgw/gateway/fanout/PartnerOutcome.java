package dev.idgw.gateway.fanout;

import dev.idgw.gateway.pod.Bid;
import java.util.ArrayList;
import java.util.List;

/** What one partner's call came to. A failure is data: the pod is built from the others. */
public sealed interface PartnerOutcome {
    String partnerId();

    /**
     * Every bid of the outcomes, in their order: the candidates of the pod. Counted first and added one by one,
     * because a growing list and {@code addAll}'s array copy per partner were garbage on every filled request.
     */
    static List<Bid> bidsOf(List<PartnerOutcome> outcomes) {
        int count = 0;
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i) instanceof Bids partner) {
                count += partner.bids().size();
            }
        }
        List<Bid> bids = new ArrayList<>(count);
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i) instanceof Bids partner) {
                for (int j = 0; j < partner.bids().size(); j++) {
                    bids.add(partner.bids().get(j));
                }
            }
        }
        return bids;
    }

    record Bids(String partnerId, List<Bid> bids, int rejectedBids) implements PartnerOutcome {
        public Bids {
            bids = List.copyOf(bids);
        }
    }

    record NoBid(String partnerId) implements PartnerOutcome {
    }

    record Failed(String partnerId, FailureKind kind) implements PartnerOutcome {
    }

    enum FailureKind {
        /** No time was left in the deadline to call this partner. */
        SKIPPED_NO_TIME,
        /** The partner's circuit breaker is open: it failed too often lately, so it is not called. */
        CIRCUIT_OPEN,
        /** Too many calls to this partner are in flight already: it is not called this time. */
        BULKHEAD_FULL,
        TIMEOUT,
        CONNECT,
        HTTP_STATUS,
        /** The body was not a BidResponse (not JSON, wrong shape, wrong id). */
        GARBAGE,
        OVERSIZE,
        IO
    }
}
