package dev.idgw.gateway.intake;

import com.fasterxml.jackson.databind.JsonNode;
import dev.idgw.gateway.decision.RequestSignals;
import dev.idgw.gateway.pod.PodImp;
import dev.idgw.partners.PlayerIdentity;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A player's ad-pod request after intake. {@code body} is the shape-checked BidRequest tree, read only
 * through the partner payload allowlist. {@code identity} holds no email yet: that comes from the
 * consent record.
 */
public record AdPodRequest(String playerRequestId, JsonNode body, List<PodImp> imps, Optional<Duration> tmax,
                           Optional<String> deviceId, PlayerIdentity identity, RequestSignals signals,
                           String geoRegion) {
    public AdPodRequest {
        imps = List.copyOf(imps);
    }
}
