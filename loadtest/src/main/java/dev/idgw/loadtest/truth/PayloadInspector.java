package dev.idgw.loadtest.truth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Judges one partner payload against the truth. Identity is searched for in the whole body text, not
 * only where the gateway puts it, so a copy into {@code app.name} or an extension counts as much as
 * {@code device.ifa}: the device ID in any case with or without dashes, the full IP (bounded, so
 * {@code 203.0.113.7} does not match inside {@code 203.0.113.71}), the email hash as hex or as base64
 * (standard and URL-safe, padded or not). Raw email addresses and the generator's markers are
 * violations whatever the decision. Stateless and thread-safe.
 */
public final class PayloadInspector {
  /** Every marker the generator plants starts with this; no legitimate payload contains it. */
  public static final String MARKER_PREFIX = "ltmark";
  private static final Pattern EMAIL_SHAPED = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");

  private final IdentityOracle oracle;

  public PayloadInspector(IdentityOracle oracle) {
    this.oracle = oracle;
  }

  /**
   * @param body         the payload as received
   * @param json         the same, parsed (or null when it is not a JSON object)
   * @param headerValues every request header value
   * @param truth        the request the payload belongs to, or null when its token is unknown
   */
  public PayloadVerdict inspect(String body, JsonObject json, Iterable<String> headerValues, PartnerRole role,
      Set<Field> profileFields, RequestTruth truth) {
    var violations = new ArrayList<PayloadVerdict.Violation>(0);
    String lower = body.toLowerCase(Locale.ROOT);
    if (lower.contains(MARKER_PREFIX)) {
      violations.add(new PayloadVerdict.Violation(ViolationKind.MARKER, "body"));
    }
    for (String value : headerValues) {
      if (value.toLowerCase(Locale.ROOT).contains(MARKER_PREFIX)) {
        violations.add(new PayloadVerdict.Violation(ViolationKind.MARKER, "header"));
      }
    }
    if (EMAIL_SHAPED.matcher(body).find()) {
      violations.add(new PayloadVerdict.Violation(ViolationKind.RAW_EMAIL, "email-shaped text"));
    }
    if (truth == null) {
      return new PayloadVerdict(false, Set.of(), violations, Set.of());
    }
    DeviceTruth device = truth.device();
    if (device.hasEmail()) {
      String raw = device.rawEmail().strip().toLowerCase(Locale.ROOT);
      if (lower.contains(raw) || lower.contains(device.normalizedEmail())) {
        violations.add(new PayloadVerdict.Violation(ViolationKind.RAW_EMAIL, "the device's email"));
      }
    }
    Set<Field> present = presentFields(body, lower, truth);
    Set<Field> expected = oracle.expectedFields(truth, role, profileFields);
    for (Field field : present) {
      if (!expected.contains(field)) {
        violations.add(new PayloadVerdict.Violation(ViolationKind.notAllowed(field), field.wireName()));
      }
    }
    if (json != null) {
      checkIdentifiersAreTheDevices(json, device, violations);
    }
    var absent = EnumSet.noneOf(Field.class);
    for (Field field : expected) {
      if (!present.contains(field)) {
        absent.add(field);
      }
    }
    return new PayloadVerdict(true, present, violations, absent);
  }

  private static Set<Field> presentFields(String body, String lower, RequestTruth truth) {
    var present = EnumSet.noneOf(Field.class);
    DeviceTruth device = truth.device();
    if (device.hasDeviceId()) {
      String dashed = device.deviceId().toLowerCase(Locale.ROOT);
      if (lower.contains(dashed) || lower.contains(dashed.replace("-", ""))) {
        present.add(Field.DEVICE_ID);
      }
    }
    if (truth.ip() != null && containsDelimited(body, truth.ip())) {
      present.add(Field.IP);
    }
    byte[] hash = device.emailSha256();
    if (hash != null && containsEmailHash(body, lower, hash)) {
      present.add(Field.HASHED_EMAIL);
    }
    return present;
  }

  private static boolean containsEmailHash(String body, String lower, byte[] hash) {
    if (lower.contains(java.util.HexFormat.of().formatHex(hash))) {
      return true;
    }
    String standard = Base64.getEncoder().withoutPadding().encodeToString(hash);
    String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    return body.contains(standard) || body.contains(urlSafe);
  }

  /** {@code needle} in {@code text} not directly preceded or followed by a digit or a dot. */
  static boolean containsDelimited(String text, String needle) {
    for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
      int end = at + needle.length();
      boolean startOk = at == 0 || !isAddressChar(text.charAt(at - 1));
      boolean endOk = end == text.length() || !isAddressChar(text.charAt(end));
      if (startOk && endOk) {
        return true;
      }
    }
    return false;
  }

  private static boolean isAddressChar(char c) {
    return (c >= '0' && c <= '9') || c == '.';
  }

  /** {@code device.ifa} and every {@code user.eids} uid must be this device's own, if present at all. */
  private static void checkIdentifiersAreTheDevices(JsonObject json, DeviceTruth device,
      List<PayloadVerdict.Violation> violations) {
    Object deviceNode = json.getValue("device");
    if (deviceNode instanceof JsonObject payloadDevice) {
      Object ifa = payloadDevice.getValue("ifa");
      if (ifa != null && !(ifa instanceof String text && (text.equalsIgnoreCase(device.deviceId())
          || text.equals(DeviceTruth.ZERO_IFA)))) {
        violations.add(new PayloadVerdict.Violation(ViolationKind.UNRECOGNIZED_IDENTITY, "device.ifa"));
      }
    }
    Object userNode = json.getValue("user");
    if (!(userNode instanceof JsonObject user) || !(user.getValue("eids") instanceof JsonArray eids)) {
      return;
    }
    String hex = device.emailSha256Hex();
    String base64 = device.emailSha256Base64();
    for (Object eid : eids) {
      JsonArray uids = eid instanceof JsonObject e && e.getValue("uids") instanceof JsonArray a ? a : new JsonArray();
      for (Object uid : uids) {
        Object id = uid instanceof JsonObject u ? u.getValue("id") : null;
        boolean ours = id instanceof String text && hex != null
            && (text.equalsIgnoreCase(hex) || text.equals(base64) || text.equals(stripPadding(base64)));
        if (!ours) {
          violations.add(new PayloadVerdict.Violation(ViolationKind.UNRECOGNIZED_IDENTITY, "user.eids"));
        }
      }
    }
  }

  private static String stripPadding(String base64) {
    return base64.replace("=", "");
  }
}
