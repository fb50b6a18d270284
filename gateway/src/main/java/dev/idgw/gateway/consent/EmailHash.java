package dev.idgw.gateway.consent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one way an email becomes something the gateway keeps: normalized as UID2 does (trim, lowercase;
 * for gmail.com and googlemail.com drop dots and any +tag in the local part), UTF-8, SHA-256. An
 * already-hashed email (64 hex or 44 base64 characters) is accepted as is. The raw address is never
 * stored, returned or logged.
 */
public final class EmailHash {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern BASE64_32 = Pattern.compile("[A-Za-z0-9+/]{43}=");
    private static final Pattern ADDRESS = Pattern.compile("[^\\s@]+@[^\\s@]+\\.[^\\s@]+");

    private EmailHash() {
    }

    /** The SHA-256 of the normalized email, or empty when the input is neither an email nor a hash. */
    public static Optional<byte[]> of(String input) {
        if (input == null) {
            return Optional.empty();
        }
        String s = input.trim();
        if (HEX64.matcher(s).matches()) {
            return Optional.of(HexFormat.of().parseHex(s.toLowerCase(Locale.ROOT)));
        }
        if (BASE64_32.matcher(s).matches()) {
            return Optional.of(Base64.getDecoder().decode(s));
        }
        if (s.length() > 254 || !ADDRESS.matcher(s).matches()) {
            return Optional.empty();
        }
        return Optional.of(sha256(normalize(s).getBytes(StandardCharsets.UTF_8)));
    }

    static String normalize(String email) {
        String s = email.trim().toLowerCase(Locale.ROOT);
        int at = s.lastIndexOf('@');
        String local = s.substring(0, at);
        String domain = s.substring(at + 1);
        if (domain.equals("gmail.com") || domain.equals("googlemail.com")) {
            int plus = local.indexOf('+');
            if (plus >= 0) {
                local = local.substring(0, plus);
            }
            local = local.replace(".", "");
        }
        return local + "@" + domain;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
