package dev.idgw.gateway.auction;

import dev.idgw.gateway.fanout.PartnerOutcome;
import dev.idgw.gateway.pod.PodPlacement;
import java.util.List;

/**
 * The result of one ad-pod request.
 *
 * @param requestId the gateway's own id for the request (sent to partners, kept in the share log)
 * @param shareRecorded whether a share record was acknowledged (and so whether identity travelled)
 * @param optOutSignal what the player is told about the GPC its request carried (header and BidResponse ext)
 */
public record AdPodAnswer(String playerRequestId, String requestId, List<PodPlacement> placements,
                          List<PartnerOutcome> outcomes, boolean shareRecorded, OptOutSignal optOutSignal) {
    public AdPodAnswer {
        placements = List.copyOf(placements);
        outcomes = List.copyOf(outcomes);
        java.util.Objects.requireNonNull(optOutSignal, "optOutSignal");
    }

    /** An answer to a request without GPC. */
    public AdPodAnswer(String playerRequestId, String requestId, List<PodPlacement> placements,
                       List<PartnerOutcome> outcomes, boolean shareRecorded) {
        this(playerRequestId, requestId, placements, outcomes, shareRecorded, OptOutSignal.ABSENT);
    }

    public boolean filled() {
        return !placements.isEmpty();
    }
}
