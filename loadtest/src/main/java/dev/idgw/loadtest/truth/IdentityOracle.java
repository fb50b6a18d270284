package dev.idgw.loadtest.truth;

import java.util.EnumSet;
import java.util.Set;

/**
 * The README's decision table, written apart from the gateway's {@code ConsentDecider}:
 *
 * <ul>
 *   <li>strip for every partner: no device ID, no consent record, consent withdrawn, a child or a minor
 *       (or an unknown age where the region counts it as a minor), {@code regs.coppa=1}, {@code device.lmt=1};
 *   <li>strip for third parties also: {@code Sec-GPC}, a US Privacy string opted out (third character
 *       {@code Y}) or malformed;
 *   <li>otherwise the partner's {@code identityFields}.
 * </ul>
 *
 * <p>{@link #expectedFields} is then narrowed to what the request can supply: a device ID that is not
 * all zeros, an IP, an email on record.
 */
public final class IdentityOracle {
  private final RegionRules regions;

  public IdentityOracle(RegionRules regions) {
    this.regions = regions;
  }

  /** Whether the decision table lets any identity reach this partner for this request. */
  public boolean identityAllowed(RequestTruth request, PartnerRole role) {
    DeviceTruth device = request.device();
    ConsentTruth consent = device.consent();
    if (!device.hasDeviceId() || consent == null || !consent.adConsent()) {
      return false;
    }
    AgeBand age = consent.ageBand();
    if (age == AgeBand.UNKNOWN) {
      age = regions.forCode(consent.jurisdiction()).unknownAgeIsMinor() ? AgeBand.MINOR : AgeBand.ADULT;
    }
    if (age != AgeBand.ADULT || request.coppa() || request.limitAdTracking()) {
      return false;
    }
    if (role == PartnerRole.THIRD_PARTY
        && (request.gpc() || request.usPrivacyOptedOut() || request.usPrivacyMalformed())) {
      return false;
    }
    return true;
  }

  /** The fields this partner should receive: allowed by the table, in its profile, and present in the request. */
  public Set<Field> expectedFields(RequestTruth request, PartnerRole role, Set<Field> profileFields) {
    var fields = EnumSet.noneOf(Field.class);
    if (!identityAllowed(request, role)) {
      return fields;
    }
    if (profileFields.contains(Field.DEVICE_ID)) {
      fields.add(Field.DEVICE_ID); // identityAllowed already required a real device ID
    }
    if (profileFields.contains(Field.IP) && request.ip() != null) {
      fields.add(Field.IP);
    }
    if (profileFields.contains(Field.HASHED_EMAIL) && request.device().hasEmail()) {
      fields.add(Field.HASHED_EMAIL);
    }
    return fields;
  }
}
