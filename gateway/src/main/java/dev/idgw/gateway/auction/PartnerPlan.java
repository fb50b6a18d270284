package dev.idgw.gateway.auction;

import dev.idgw.gateway.decision.Decision;
import dev.idgw.partners.OutboundIdentity;
import dev.idgw.partners.PartnerProfile;
import dev.idgw.gateway.fanout.PartnerGuards;

/** For one partner on one request: what was decided, the identity its payload will carry, and its call permit. */
record PartnerPlan(PartnerProfile partner, Decision decision, OutboundIdentity identity, PartnerGuards.Permit permit) {
}
