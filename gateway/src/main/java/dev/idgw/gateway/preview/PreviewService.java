package dev.idgw.gateway.preview;

import dev.idgw.gateway.auction.AuctionSettings;
import dev.idgw.gateway.auction.Policy;
import dev.idgw.gateway.auction.RequestDecisions;
import dev.idgw.gateway.consent.ConsentStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Previews an ad request: reads the device's consent from Redis (past the consent cache, which it neither reads
 * nor fills), then decides and writes payloads with the auction's code under the policy in force. Sends nothing,
 * appends no share record, writes nothing to Redis, and counts in none of the auction's meters.
 */
public final class PreviewService {
    private final ConsentStore consent;
    private final Supplier<Policy> policy;
    private final AuctionSettings auction;
    private final Clock clock;

    /** @param policy the auction's policy in force (a reload shows in the next preview) */
    public PreviewService(ConsentStore consent, Supplier<Policy> policy, AuctionSettings auction, Clock clock) {
        this.consent = consent;
        this.policy = policy;
        this.auction = auction;
        this.clock = clock;
    }

    public Future<Preview> preview(PreviewRequest request, Context context) {
        Policy current = policy.get(); // one read, as the auction does: never new partners with old rules
        Instant at = request.at().orElseGet(clock::instant);
        long tmaxMillis = Math.max(1, auction.partnerBudget(request.adPod().tmax()).toMillis());
        return consent.peek(request.adPod().deviceId(), context)
                .map(lookup -> Preview.of(RequestDecisions.of(request.adPod(), lookup, current, at),
                        request.emailSha256(), UUID.randomUUID().toString(), tmaxMillis));
    }
}
