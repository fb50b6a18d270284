package dev.idgw.gateway.auction;

import dev.idgw.gateway.decision.Decision;
import dev.idgw.partners.OutboundIdentity;
import dev.idgw.partners.PartnerProfile;

/** For one partner on one request: what was decided and the identity its payload will carry. */
record PartnerPlan(PartnerProfile partner, Decision decision, OutboundIdentity identity) {
}
