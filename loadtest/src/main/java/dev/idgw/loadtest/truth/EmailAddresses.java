package dev.idgw.loadtest.truth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * The consent API's email rule, from the README (UID2's): trim, lowercase, and for gmail.com and
 * googlemail.com drop dots and any {@code +tag} from the local part; SHA-256 over the UTF-8 bytes.
 */
public final class EmailAddresses {
  private EmailAddresses() {}

  public static String normalize(String raw) {
    String email = raw.strip().toLowerCase(Locale.ROOT);
    int at = email.lastIndexOf('@');
    if (at <= 0) {
      throw new IllegalArgumentException("not an email address");
    }
    String local = email.substring(0, at);
    String domain = email.substring(at + 1);
    if (domain.equals("gmail.com") || domain.equals("googlemail.com")) {
      int plus = local.indexOf('+');
      if (plus >= 0) {
        local = local.substring(0, plus);
      }
      local = local.replace(".", "");
    }
    return local + "@" + domain;
  }

  public static byte[] sha256OfNormalized(String raw) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(normalize(raw).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException("every JDK has SHA-256", impossible);
    }
  }
}
