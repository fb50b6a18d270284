package dev.idgw.gateway.auction;

import dev.idgw.gateway.decision.Decision;
import dev.idgw.gateway.decision.RequestSignals;
import dev.idgw.partners.PartnerRole;
import java.util.List;

/**
 * What the player is told about the opt-out preference signal (Global Privacy Control) its request carried,
 * so the app can display whether it was processed (11 CCR §7025(c)(6), in force since 2026-01-01).
 *
 * <p>"Honored" means the gateway applied the signal: no third party (a sale or share) got identity on this
 * request. It is read off the decisions actually sent, never assumed from the signal, so the claim stays true
 * if a rule ever treats GPC otherwise. A malformed {@code Sec-GPC} value or {@code regs.ext.gpc} counts as a
 * signal (it restricts), so it too reports {@link #HONORED}: the opt-out was applied.
 */
public enum OptOutSignal {
    /** No GPC on the request: the answer makes no claim at all. */
    ABSENT,
    /** GPC present and applied: identity went to no third party. */
    HONORED,
    /** GPC present, yet a third party received identity (no rule does this today; the display must not lie). */
    NOT_HONORED;

    /**
     * @param decisions the decision of every partner that was called, after any strip the share log forced
     */
    public static OptOutSignal of(RequestSignals signals, List<PartnerDecision> decisions) {
        if (!signals.gpc()) {
            return ABSENT;
        }
        for (PartnerDecision plan : decisions) {
            if (plan.partner().role() == PartnerRole.THIRD_PARTY && plan.decision() instanceof Decision.Share) {
                return NOT_HONORED;
            }
        }
        return HONORED;
    }
}
