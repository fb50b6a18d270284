package dev.idgw.gateway.auction;

import dev.idgw.gateway.decision.Decision;
import dev.idgw.gateway.fanout.PartnerGuards;
import dev.idgw.partners.OutboundIdentity;
import dev.idgw.partners.PartnerProfile;
import java.util.ArrayList;
import java.util.List;

/** For one partner the auction calls: what was decided, the identity its payload will carry, and its call permit. */
record PartnerPlan(PartnerDecision decided, PartnerGuards.Permit permit) {
    PartnerProfile partner() {
        return decided.partner();
    }

    Decision decision() {
        return decided.decision();
    }

    OutboundIdentity identity() {
        return decided.identity();
    }

    static List<PartnerDecision> decisionsOf(List<PartnerPlan> plans) {
        List<PartnerDecision> decisions = new ArrayList<>(plans.size());
        for (PartnerPlan plan : plans) {
            decisions.add(plan.decided());
        }
        return decisions;
    }
}
