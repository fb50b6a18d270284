package dev.idgw.gateway.auction;

import dev.idgw.gateway.decision.Decision;
import dev.idgw.partners.OutboundIdentity;
import dev.idgw.partners.PartnerProfile;

/** For one partner on one request: what was decided and the identity its payload carries. */
public record PartnerDecision(PartnerProfile partner, Decision decision, OutboundIdentity identity) {
}
