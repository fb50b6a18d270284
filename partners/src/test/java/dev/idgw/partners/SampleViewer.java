package dev.idgw.partners;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/** One viewer's identity and every common spelling of it, for tests that try to leak it. */
final class SampleViewer {
    static final String DEVICE_ID = "6d92078a-8246-4ba4-ae5b-76104861e7dc";
    static final String IPV4 = "203.0.113.7";
    static final String IPV6 = "2001:db8:85a3::8a2e:370:7334";
    static final String EMAIL = "Jane.Doe@example.com";
    static final String EMAIL_URL_ENCODED = "jane%40example.com";

    private SampleViewer() {
    }

    static PlayerIdentity identity() {
        return new PlayerIdentity(DEVICE_ID, "rida", ipv4(), ipv6(), emailSha256());
    }

    static Inet4Address ipv4() {
        return IpAddresses.parseV4(IPV4).orElseThrow();
    }

    static Inet6Address ipv6() {
        return IpAddresses.parseV6(IPV6).orElseThrow();
    }

    static byte[] emailSha256() {
        return sha256(EMAIL.toLowerCase(Locale.ROOT));
    }

    static String emailHex() {
        return HexFormat.of().formatHex(emailSha256());
    }

    static String emailBase64() {
        return Base64.getEncoder().encodeToString(emailSha256());
    }

    static String emailBase64Url() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(emailSha256());
    }

    /** The spellings the leak guard promises to catch. */
    static List<String> guardedSpellings() {
        return List.of(
                DEVICE_ID,
                DEVICE_ID.toUpperCase(Locale.ROOT),
                DEVICE_ID.replace("-", ""),
                DEVICE_ID.replace("-", "").toUpperCase(Locale.ROOT),
                IPV4,
                IPV6,
                IPV6.toUpperCase(Locale.ROOT),
                "2001:db8:85a3:0:0:8a2e:370:7334",
                emailHex(),
                emailHex().toUpperCase(Locale.ROOT),
                emailBase64(),
                emailBase64Url(),
                EMAIL,
                EMAIL_URL_ENCODED);
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
