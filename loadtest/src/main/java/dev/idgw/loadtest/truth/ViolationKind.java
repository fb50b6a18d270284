package dev.idgw.loadtest.truth;

/** Ways a partner payload breaks the invariants; any one of them is a violation. */
public enum ViolationKind {
  /** The device ID, in any case, with or without dashes, where the decision strips it. */
  DEVICE_ID_NOT_ALLOWED("device_id_not_allowed"),
  /** The full IP address where the decision strips it (a truncated /24 is fine). */
  IP_NOT_ALLOWED("ip_not_allowed"),
  /** The email hash, hex or base64, anywhere, where the decision strips it. */
  HASHED_EMAIL_NOT_ALLOWED("hashed_email_not_allowed"),
  /** A raw email address: the device's own (raw or normalized) or anything shaped like one. */
  RAW_EMAIL("raw_email"),
  /** A marker the generator planted in {@code user.*}, {@code eids}, {@code ext}, a cookie…: something was copied through. */
  MARKER("marker"),
  /** An identifier in {@code device.ifa} or {@code user.eids} that is not this device's: it came from somewhere else. */
  UNRECOGNIZED_IDENTITY("unrecognized_identity");

  private final String key;

  ViolationKind(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }

  static ViolationKind notAllowed(Field field) {
    return switch (field) {
      case DEVICE_ID -> DEVICE_ID_NOT_ALLOWED;
      case IP -> IP_NOT_ALLOWED;
      case HASHED_EMAIL -> HASHED_EMAIL_NOT_ALLOWED;
    };
  }
}
