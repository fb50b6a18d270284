package dev.idgw.gateway.intake;

import dev.idgw.gateway.decision.RequestSignals;
import dev.idgw.gateway.pod.PodImp;
import dev.idgw.partners.ContextualRequest;
import dev.idgw.partners.PlayerIdentity;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A player's ad-pod request after intake. {@code contextual} is all that partners may see of the
 * body: its allowlisted members, read in the same pass that checked it (the body itself is not kept).
 * {@code identity} holds no email yet: that comes from the consent record.
 */
public record AdPodRequest(String playerRequestId, ContextualRequest contextual, List<PodImp> imps,
                           Optional<Duration> tmax, Optional<String> deviceId, PlayerIdentity identity,
                           RequestSignals signals, String geoRegion) {
    public AdPodRequest {
        imps = List.copyOf(imps);
    }
}
