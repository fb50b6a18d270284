package dev.idgw.loadtest.truth;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * One device the load test sends requests for, and everything it knows about it.
 *
 * @param kind      the mix bucket it was drawn from, for the report ({@code adult-opt-out-email}, {@code no-record}, …)
 * @param deviceId  the {@code device.ifa} requests carry; {@link #ZERO_IFA} means "no device ID"
 * @param consent   the record seeded through the consent API, or null when the device has none
 * @param rawEmail  the address given to the consent API (null when none), in the messy spelling a client might send
 */
public record DeviceTruth(String kind, String deviceId, ConsentTruth consent, String rawEmail) {
  /** What an OS hands out when the user limits ad tracking: nobody's identity. */
  public static final String ZERO_IFA = "00000000-0000-0000-0000-000000000000";

  public DeviceTruth {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(deviceId, "deviceId");
    if (rawEmail != null && consent == null) {
      throw new IllegalArgumentException("an email is only known through a consent record");
    }
  }

  public boolean hasDeviceId() {
    return !deviceId.equals(ZERO_IFA);
  }

  public boolean hasEmail() {
    return rawEmail != null;
  }

  /** SHA-256 of the normalized email, or null. */
  public byte[] emailSha256() {
    return rawEmail == null ? null : EmailAddresses.sha256OfNormalized(rawEmail);
  }

  /** Lowercase hex of {@link #emailSha256()}, or null. */
  public String emailSha256Hex() {
    byte[] hash = emailSha256();
    return hash == null ? null : HexFormat.of().formatHex(hash);
  }

  /** Standard base64 with padding (44 characters), or null. */
  public String emailSha256Base64() {
    byte[] hash = emailSha256();
    return hash == null ? null : Base64.getEncoder().encodeToString(hash);
  }

  public String normalizedEmail() {
    return rawEmail == null ? null : EmailAddresses.normalize(rawEmail);
  }

  /** The device ID upper-cased without dashes: a spelling a leaky copy might use. */
  public String deviceIdCompactUpper() {
    return deviceId.replace("-", "").toUpperCase(Locale.ROOT);
  }
}
