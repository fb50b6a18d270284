package dev.idgw.loadtest.truth;

import java.util.List;
import java.util.Objects;

/**
 * What one generated ad request carried, so the stub that receives a payload for it can judge it.
 *
 * @param token        correlates payload and request: the generator puts it in {@code app.content.id},
 *                     a contextual field the gateway copies, so it survives identity stripping
 * @param device       whose request it is
 * @param ip           {@code device.ip} as sent, or null
 * @param gpc          {@code Sec-GPC: 1} was sent
 * @param limitAdTracking {@code device.lmt = 1}
 * @param coppa        {@code regs.coppa = 1}
 * @param usPrivacy    {@code regs.us_privacy}, or null
 * @param markers      tokens planted where nothing may be copied from ({@code user.*}, {@code eids}, {@code ext}, a cookie…)
 */
public record RequestTruth(String token, DeviceTruth device, String ip, boolean gpc, boolean limitAdTracking,
    boolean coppa, String usPrivacy, List<String> markers) {

  public RequestTruth {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(device, "device");
    markers = List.copyOf(markers);
  }

  /** Third character {@code Y}: opted out of sale. */
  public boolean usPrivacyOptedOut() {
    return usPrivacy != null && usPrivacyWellFormed() && usPrivacy.charAt(2) == 'Y';
  }

  /** A present string that is not {@code 1} followed by three of {@code Y N -} (upper case only, as the spec says). */
  public boolean usPrivacyMalformed() {
    return usPrivacy != null && !usPrivacyWellFormed();
  }

  private boolean usPrivacyWellFormed() {
    return usPrivacy.matches("1[YN-]{3}");
  }
}
