package dev.idgw.partners;

import java.util.Base64;
import java.util.HexFormat;

/**
 * One request's identity in the text forms partners receive, each made at most once per request: with
 * three partners, shaping the identity used to spell the same address and the same email hash three
 * times. Not thread-safe; it lives as long as one request's planning, on one event loop.
 */
public final class IdentityForms {
    private final PlayerIdentity identity;
    private final byte[] emailSha256;
    private String ipv4;
    private String ipv6;
    private String truncatedV4;
    private String truncatedV6;
    private String emailHex;
    private String emailBase64;

    public IdentityForms(PlayerIdentity identity) {
        this.identity = identity;
        this.emailSha256 = identity.emailSha256(); // a copy, once
    }

    public PlayerIdentity identity() {
        return identity;
    }

    String ipv4() {
        if (ipv4 == null && identity.ipv4() != null) {
            ipv4 = identity.ipv4().getHostAddress();
        }
        return ipv4;
    }

    String ipv6() {
        if (ipv6 == null && identity.ipv6() != null) {
            ipv6 = IpAddresses.canonicalV6(identity.ipv6());
        }
        return ipv6;
    }

    String truncatedV4() {
        if (truncatedV4 == null && identity.ipv4() != null) {
            truncatedV4 = IpAddresses.truncateV4(identity.ipv4());
        }
        return truncatedV4;
    }

    String truncatedV6() {
        if (truncatedV6 == null && identity.ipv6() != null) {
            truncatedV6 = IpAddresses.truncateV6(identity.ipv6());
        }
        return truncatedV6;
    }

    /** The raw SHA-256 of the email, or null; callers must not change it. */
    byte[] emailSha256() {
        return emailSha256;
    }

    String emailHex() {
        if (emailHex == null && emailSha256 != null) {
            emailHex = HexFormat.of().formatHex(emailSha256);
        }
        return emailHex;
    }

    String emailBase64() {
        if (emailBase64 == null && emailSha256 != null) {
            emailBase64 = Base64.getEncoder().encodeToString(emailSha256);
        }
        return emailBase64;
    }
}
