package dev.idgw.gateway.decision;

import java.util.Objects;

/**
 * The privacy signals an ad request carries: the {@code Sec-GPC: 1} header, {@code regs.coppa},
 * {@code device.lmt}, {@code regs.us_privacy} and the GPP string.
 */
public record RequestSignals(boolean gpc, boolean coppa, boolean limitAdTracking, UsPrivacySignal usPrivacy,
                             GppSignal gpp) {
    public RequestSignals {
        Objects.requireNonNull(usPrivacy, "usPrivacy");
        Objects.requireNonNull(gpp, "gpp");
    }

    public static RequestSignals none() {
        return new RequestSignals(false, false, false, UsPrivacySignal.ABSENT, GppSignal.absent());
    }
}
